using System.IO;
using PixelCnn.Networks;
using TorchSharp.Modules;

namespace PixelCnn.Training;

/// <summary>
/// What training has made of a network besides its weights, and what a resumed run needs: the epochs and their
/// records, the learning-rate schedule, Adam's state, the weight average, gradient clipping and the data-order seed.
/// A model holds one; the checkpoint layer saves and restores it as one record (<c>CheckpointMetadata</c>).
/// </summary>
public sealed class TrainingState : IDisposable
{
    private readonly List<PixelCnnEpochRecord> history = new();
    private Adam? optimizer;
    private byte[]? pendingOptimizerState;
    private double[] groupScales = { 1.0 };

    /// <summary>Epochs trained so far.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The learning-rate schedule (null before the first training).</summary>
    public LearningRateSchedule? Schedule { get; internal set; }

    /// <summary>The weight average, if the run keeps one (-AverageWeights).</summary>
    internal WeightAverage? Average { get; set; }

    /// <summary>The norm the gradients are clipped to in training (null: no clipping).</summary>
    public double? GradientClipNorm { get; internal set; }

    /// <summary>Seed of the training data order (null before the first training).</summary>
    public long? Seed { get; internal set; }

    /// <summary>
    /// True when the network holds the trained weights of a run whose records measured its average (Import-PixelCnn
    /// -TrainedWeights); checkpoints keep it, and a new average clears it.
    /// </summary>
    internal bool HoldsTrainedWeights { get; set; }

    /// <summary>One record per epoch trained.</summary>
    public IReadOnlyList<PixelCnnEpochRecord> History => this.history;

    /// <summary>The learning rate at the start of the next epoch (null before the first training).</summary>
    public double? NextLearningRate => this.Schedule?.At(this.Epoch + 1, 0, 1);

    /// <summary>
    /// The decay of the weight average of a run with -AverageWeights (null otherwise). The network then holds the
    /// averaged weights outside training; the trained ones are kept for resuming.
    /// </summary>
    public double? AverageDecay => this.Average?.Decay;

    /// <summary>The share of images the last epoch trained without their label (0 when none).</summary>
    public double LabelDropout => this.history.LastOrDefault()?.LabelDropout ?? 0;

    /// <summary>
    /// The last validation bits per dimension recorded for the weights the network holds: with -TrainedWeights from an
    /// averaged run, the trained weights' figure.
    /// </summary>
    public double? ValidationBpd =>
        this.history.LastOrDefault(h => h.ValidationBpd is not null) is PixelCnnEpochRecord last
            ? (
                this.HoldsTrainedWeights && last.Averaged && last.TrainedValidationBpd is double trained
                    ? trained
                    : last.ValidationBpd
            )
            : null;

    /// <summary>
    /// Averaged when the network holds the running average of a run with -AverageWeights; Trained otherwise.
    /// </summary>
    public string Weights =>
        this.Average is not null || (!this.HoldsTrainedWeights && this.history.LastOrDefault()?.Averaged == true)
            ? "Averaged"
            : "Trained";

    /// <summary>True when Adam has state (from training in this session or from a checkpoint).</summary>
    internal bool HasOptimizerState => this.optimizer is not null || this.pendingOptimizerState is not null;

    /// <summary>
    /// Adam over <paramref name="network"/>'s parameters, created on first use (with the restored state, if any). When
    /// the schedule scales the label parameters' rate they form a second parameter group, after the rest in the
    /// network's order.
    /// </summary>
    internal Adam GetOptimizer(AutoregressiveNetwork network, double learningRate)
    {
        if (this.optimizer is null)
        {
            double labelScale = this.Schedule?.LabelScale ?? 1;
            var labelNames =
                labelScale == 1
                    ? new HashSet<string>()
                    : network.NamedLabelParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (labelNames.Count > 0)
            {
                var all = network.named_parameters().ToList();
                var groups = new[]
                {
                    new Adam.ParamGroup(
                        all.Where(p => !labelNames.Contains(p.name)).Select(p => p.parameter).ToList(),
                        lr: learningRate
                    ),
                    new Adam.ParamGroup(
                        all.Where(p => labelNames.Contains(p.name)).Select(p => p.parameter).ToList(),
                        lr: learningRate * labelScale
                    ),
                };
                this.optimizer = optim.Adam(groups, learningRate);
                this.groupScales = new[] { 1.0, labelScale };
            }
            else
            {
                this.optimizer = optim.Adam(network.parameters(), learningRate);
                this.groupScales = new[] { 1.0 };
            }

            if (this.pendingOptimizerState is byte[] state)
            {
                using var reader = new BinaryReader(new MemoryStream(state));
                this.optimizer.load_state_dict(reader);
                this.pendingOptimizerState = null;
            }
        }
        else if (this.groupScales.Length == 2)
        {
            this.groupScales[1] = this.Schedule?.LabelScale ?? 1;
        }

        this.SetLearningRate(learningRate);
        return this.optimizer;
    }

    /// <summary>
    /// Sets the learning rate of the optimizer created by <see cref="GetOptimizer"/> (the label group's scaled).
    /// </summary>
    internal void SetLearningRate(double learningRate)
    {
        int i = 0;
        foreach (var group in this.optimizer!.ParamGroups)
        {
            group.LearningRate = learningRate * this.groupScales[i++];
        }
    }

    /// <summary>Adam's state as bytes (TorchSharp's format), or null before the first training step.</summary>
    internal byte[]? SaveOptimizerState()
    {
        if (this.optimizer is null)
        {
            return this.pendingOptimizerState;
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            this.optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores the state read from a checkpoint.</summary>
    internal void Restore(
        int epoch,
        LearningRateSchedule? schedule,
        long? seed,
        IEnumerable<PixelCnnEpochRecord> records,
        byte[]? optimizerState,
        WeightAverage? average
    )
    {
        this.Epoch = epoch;
        this.Schedule = schedule;
        this.Average?.Dispose();
        this.Average = average;
        this.Seed = seed;
        this.history.Clear();
        this.history.AddRange(records);
        this.pendingOptimizerState = optimizerState;
    }

    /// <summary>
    /// Puts the trained weights (and BatchNorm statistics) in place of the average and forgets the average: training
    /// goes on as a run without averaging would, with its Adam state.
    /// </summary>
    internal void UseTrainedWeights()
    {
        if (this.Average is WeightAverage average)
        {
            average.UseRaw();
            average.Dispose();
            this.Average = null;
            this.HoldsTrainedWeights = true;
        }
    }

    /// <summary>Records a finished epoch.</summary>
    internal void AddEpoch(PixelCnnEpochRecord record)
    {
        this.history.Add(record);
        this.Epoch = record.Epoch;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.optimizer?.Dispose();
        this.optimizer = null;
        this.Average?.Dispose();
        this.Average = null;
    }
}
