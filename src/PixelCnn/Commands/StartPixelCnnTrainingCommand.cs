using System;
using System.IO;
using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Data;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Optimization;
using PixelCnn.Training;

namespace PixelCnn.Commands;

/// <summary>
/// The Start-PixelCnnTraining cmdlet. Its help, the one home of what users read about it:
/// module/help/Start-PixelCnnTraining.psd1.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "PixelCnnTraining", SupportsShouldProcess = true)]
[OutputType(typeof(PixelCnnEpochRecord), typeof(PixelCnnModel))]
public sealed class StartPixelCnnTrainingCommand : PixelCnnCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    [Parameter]
    public ImageDataset? Data { get; set; }

    [Parameter]
    public ImageDataset? ValidationData { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Epochs { get; set; } = 1;

    [Parameter]
    [ValidateRange(1, 65_536)]
    public int? BatchSize { get; set; }

    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double? LearningRate { get; set; }

    [Parameter]
    [ValidateRange(1e-6, 1.0)]
    public double? LearningRateDecay { get; set; }

    [Parameter]
    public LearningRateScheduleKind? Schedule { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int? ScheduleEpochs { get; set; }

    [Parameter]
    [ValidateRange(0.0, 100_000.0)]
    public double? WarmupEpochs { get; set; }

    [Parameter]
    [ValidateRange(1e-3, 1e4)]
    public double? LabelLearningRateScale { get; set; }

    [Parameter]
    [ValidateRange(0.0, 0.99)]
    public double LabelDropout { get; set; }

    [Parameter]
    [ValidateRange(0.0, 1e6)]
    public double? GradientClipNorm { get; set; }

    [Parameter]
    public SwitchParameter AverageWeights { get; set; }

    [Parameter]
    [ValidateRange(0.5, 0.999999999)]
    public double AverageDecay { get; set; } = 0.9995;

    [Parameter]
    public TrainingPrecision Precision { get; set; } = TrainingPrecision.Float32;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThreadCount { get; set; }

    [Parameter]
    public long? Seed { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CheckpointPathCompleter))]
    [ValidateNotNullOrEmpty]
    public string? CheckpointPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private PixelCnnModel? training;

    /// <inheritdoc/>
    protected override void Process()
    {
        PixelCnnModel model = CurrentModel.Resolve(this.Model);
        CurrentModel.Set(model);
        this.training = model;
        ImageDataset data = this.Data ?? this.DefaultData();
        string? checkpoint = this.ConfirmCheckpoint();
        TrainingOptions options = this.ResolveOptions(model);
        var trainer = new Trainer(model, options);
        this.WriteVerbose($"Precision {trainer.Precision} ({trainer.PrecisionReason}).");
        if (this.AverageWeights && model.TrainingState.AverageDecay is double kept && kept != this.AverageDecay)
        {
            this.WriteWarning(
                $"The model already keeps a weight average with decay {kept}; it goes on with that decay."
            );
        }

        this.WriteVerbose(this.Describe(model, data, options));
        var progress = new ProgressReporter(1, $"Training PixelCNN (hidden {model.HiddenDim})", this.WriteProgress);
        try
        {
            foreach (
                PixelCnnEpochRecord record in trainer.Run(
                    data,
                    this.ValidationData,
                    p => Report(progress, p),
                    this.StopToken
                )
            )
            {
                if (checkpoint is not null)
                {
                    this.SaveCheckpoint(model, record, checkpoint);
                }

                this.WriteObject(record);
            }
        }
        finally
        {
            progress.Complete();
        }

        if (this.PassThru)
        {
            this.WriteObject(model);
        }
    }

    /// <inheritdoc/>
    protected override void Stopped()
    {
        if (this.training is PixelCnnModel model)
        {
            int finished = model.TrainingState.Epoch;
            this.WriteWarning(
                $"Training stopped at epoch {finished + 1}; the model keeps the weights of the last batch, epoch "
                    + $"{finished} is the last finished one."
            );
        }
    }

    private static void Report(ProgressReporter progress, BatchProgress p) =>
        progress.Report(
            p.Fraction,
            $"Epoch {p.Epoch} ({p.EpochIndex + 1} of {p.Epochs}), batch {p.Batch} of {p.Batches}, loss "
                + $"{p.Loss / Math.Log(2):F4} bpd",
            force: p.Batch == p.Batches
        );

    /// <summary>
    /// The checkpoint file to write after every epoch, when asked for and confirmed (null otherwise).
    /// </summary>
    private string? ConfirmCheckpoint()
    {
        string? checkpoint = this.CheckpointPath is null ? null : this.ResolveFileSystemPath(this.CheckpointPath);
        if (checkpoint is not null && !Directory.Exists(Path.GetDirectoryName(checkpoint)))
        {
            this.ThrowTerminating(
                $"The folder of checkpoint '{checkpoint}' does not exist.",
                "FolderNotFound",
                PixelCnnErrorKind.ObjectNotFound,
                checkpoint
            );
        }

        return checkpoint is not null && this.ShouldProcess(checkpoint, "Write a checkpoint after every epoch")
            ? checkpoint
            : null;
    }

    /// <summary>
    /// The run's options: each parameter given, else what the model's own schedule and seeds say, else the defaults.
    /// </summary>
    private TrainingOptions ResolveOptions(PixelCnnModel model)
    {
        LearningRateSchedule? own = model.TrainingState.Schedule;
        LearningRateScheduleKind kind = this.Schedule ?? own?.Kind ?? LearningRateScheduleKind.Exponential;
        return new TrainingOptions
        {
            Epochs = this.Epochs,
            BatchSize = this.BatchSize ?? DeviceDefaults.TrainingBatchSize(model.TorchDevice),
            Schedule = new LearningRateSchedule(
                kind,
                this.LearningRate ?? own?.BaseRate ?? 1e-3,
                this.LearningRateDecay ?? own?.Decay ?? 0.99,
                kind == LearningRateScheduleKind.Cosine
                    ? this.ScheduleEpochs
                        ?? (own?.Kind == LearningRateScheduleKind.Cosine ? own.Epochs : null)
                        ?? model.TrainingState.Epoch + this.Epochs
                    : null,
                this.WarmupEpochs ?? own?.WarmupEpochs ?? 0,
                this.LabelLearningRateScale ?? own?.LabelScale ?? 1
            ),
            Seed = this.Seed
                ?? model.TrainingState.Seed
                ?? model.CreationSeed
                ?? Random.Shared.NextInt64(0, int.MaxValue),
            AverageDecay = this.AverageWeights ? this.AverageDecay : null,
            GradientClipNorm = this.GradientClipNorm,
            Threads = this.ThreadCount,
            Precision = this.Precision,
            LabelDropout = this.LabelDropout,
        };
    }

    /// <summary>What the run will do, in one line for -Verbose.</summary>
    private string Describe(PixelCnnModel model, ImageDataset data, TrainingOptions options) =>
        $"Training {model} on {data} ({(data.Count + options.BatchSize - 1) / options.BatchSize} batches of "
        + $"{options.BatchSize}), device {model.Device}, "
        + $"Adam lr {options.Schedule}, data-order seed {options.Seed}"
        + (
            model.TrainingState.Average is not null || options.AverageDecay is not null
                ? $", weight average decay {model.TrainingState.AverageDecay ?? options.AverageDecay}"
                : string.Empty
        )
        + (
            (this.GradientClipNorm ?? model.TrainingState.GradientClipNorm) is double clip and > 0
                ? $", gradients clipped to norm {clip}"
                : string.Empty
        )
        + (this.LabelDropout > 0 ? $", {this.LabelDropout:P0} of the images without their label" : string.Empty)
        + $", {options.Threads ?? TorchSharp.torch.get_num_threads()} threads"
        + (this.ValidationData is null ? ", no validation data." : $"; validating on {this.ValidationData}.");

    /// <summary>Writes the epoch's checkpoint; a failed write stops training with the epoch's record written.</summary>
    private void SaveCheckpoint(PixelCnnModel model, PixelCnnEpochRecord record, string checkpoint)
    {
        try
        {
            CheckpointWriter.Save(model, checkpoint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            this.WriteObject(record);
            this.ThrowTerminating(
                $"Epoch {record.Epoch} finished, but its checkpoint could not be written to '{checkpoint}': "
                    + $"{ErrorRecords.WriteFailureReason(e)}. Any earlier checkpoint there is unchanged; the "
                    + $"model in the session has epoch {record.Epoch} (Save-PixelCnn can write it elsewhere).",
                "CheckpointWriteFailed",
                PixelCnnErrorKind.WriteError,
                checkpoint,
                e
            );
        }

        this.WriteVerbose($"Epoch {record.Epoch}: checkpoint written to '{checkpoint}'.");
    }

    private ImageDataset DefaultData()
    {
        string folder = MnistLocator.Find(MnistSplit.Train)
            ?? throw new PixelCnnException(
                "No -Data was given and the MNIST training files were not found. Pass -Data (Import-Mnist -Path "
                    + "<folder>) or run Import-Mnist -Download once.",
                "MnistNotFound",
                PixelCnnErrorKind.ObjectNotFound,
                MnistSplit.Train
            );
        this.WriteVerbose($"Using the MNIST training split in '{folder}'.");
        return MnistLoader.Load(folder, MnistSplit.Train);
    }
}
