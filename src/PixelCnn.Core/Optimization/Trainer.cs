using System.Diagnostics;
using System.Threading;
using PixelCnn.Data;
using PixelCnn.Devices;
using PixelCnn.Diagnostics;
using PixelCnn.Errors;
using PixelCnn.Likelihood;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Training;

namespace PixelCnn.Optimization;

/// <summary>
/// Trains a PixelCNN with Adam on cross-entropy over the 256 values of every pixel, in train-mode BatchNorm,
/// epoch by epoch; validation runs in eval mode. The learning rate follows the model's
/// <see cref="LearningRateSchedule"/> over its whole life, so a resumed model continues its schedule. With a weight
/// average, every step updates it, and validation measures the average (and the trained weights, for comparison).
/// Every batch's tensors live in a dispose scope. The data and labels move to the model's device once per run and the
/// epoch's order once per epoch; a batch's only host crossing is its loss with its gradient norm
/// (<see cref="HostTransfer.TrainingLoss"/>). With a clip norm the gradients are clipped on the device before the step.
/// Stopping is checked between batches: an unfinished epoch is not recorded.
/// </summary>
public sealed class Trainer
{
    private readonly PixelCnnModel model;
    private readonly TrainingState state;
    private readonly TrainingOptions options;

    /// <summary>
    /// Creates a trainer for the model, resolving the options' precision for its device once (an unsupported one is
    /// an error here).
    /// </summary>
    public Trainer(PixelCnnModel model, TrainingOptions options)
    {
        this.model = model;
        this.state = model.TrainingState;
        this.options = options;
        (this.Precision, this.PrecisionReason) = PrecisionSelector.Resolve(options.Precision, model.TorchDevice);
    }

    /// <summary>The precision the run computes in: Float32 or BFloat16 (Auto resolved).</summary>
    public TrainingPrecision Precision { get; }

    /// <summary>Why <see cref="Precision"/> was chosen, in a few words (for -Verbose).</summary>
    public string PrecisionReason { get; }

    /// <summary>
    /// Runs the epochs, yielding a record as each finishes; the model's training state records each epoch too.
    /// <paramref name="progress"/> hears of every batch; <paramref name="cancel"/> is checked between batches (and in
    /// validation): a cancelled run throws OperationCanceledException, and the unfinished epoch is not recorded.
    /// </summary>
    public IEnumerable<PixelCnnEpochRecord> Run(
        ImageDataset data,
        ImageDataset? validation,
        Action<BatchProgress>? progress = null,
        CancellationToken cancel = default
    )
    {
        TrainingChecks.Check(this.model, this.options, data);
        TrainingData.Check(this.model, data, validation);
        double? clip = this.StartRun();
        AutoregressiveNetwork network = this.model.Network;
        TrainingPrecision precision = this.Precision;
        using BFloat16Replica? replica =
            precision == TrainingPrecision.BFloat16 ? new BFloat16Replica(network, this.model.TorchDevice) : null;
        Device device = this.model.TorchDevice;
        using DeviceResident images = DeviceResident.On(data.Images, device);
        using DeviceResident? validationImages =
            validation is not null && validation.Count > 0 ? DeviceResident.On(validation.Images, device) : null;
        using Tensor? labels = TrainingData.Labels(this.model, data);
        using Tensor? validationLabels = TrainingData.Labels(this.model, validation);
        using AllocatorTuning allocator = AllocatorTuning.ForTraining();
        using ThreadSetting threads = ThreadSetting.Apply(this.options.Threads);
        var run = new RunInputs(
            network,
            replica?.Network ?? network,
            replica,
            network.parameters().Select(p => (Tensor)p).ToArray(),
            images.Tensor,
            labels,
            validation is not null && validation.Count > 0
                ? new ValidationInputs(validation, validationImages!.Tensor, validationLabels)
                : null,
            clip,
            precision,
            (data.Count + this.options.BatchSize - 1) / this.options.BatchSize
        );
        try
        {
            for (int e = 0; e < this.options.Epochs; e++)
            {
                PixelCnnEpochRecord record = this.Epoch(run, e, progress, cancel);
                this.state.AddEpoch(record);
                yield return record;
            }
        }
        finally
        {
            this.state.Average?.UseAverage();
            network.eval();
        }
    }

    /// <summary>
    /// Records the run's schedule, data-order seed and clip norm in the training state and starts the weight average
    /// the options ask for (an average the model keeps goes on); returns the run's clip norm (null: no clipping).
    /// </summary>
    private double? StartRun()
    {
        this.state.Schedule = this.options.Schedule;
        this.state.Seed = this.options.Seed;
        double? clip = this.options.GradientClipNorm is double asked
            ? (asked > 0 ? asked : null)
            : this.state.GradientClipNorm;
        this.state.GradientClipNorm = clip;
        if (this.options.AverageDecay is double decay && this.state.Average is null)
        {
            this.state.Average = WeightAverage.Start(this.model.Network, decay);
            this.state.HoldsTrainedWeights = false;
        }

        return clip;
    }

    /// <summary>
    /// One epoch: every batch in the epoch's order, then validation in eval mode; its record. Stopped between batches,
    /// it throws OperationCanceledException and the unfinished epoch is not recorded.
    /// </summary>
    private PixelCnnEpochRecord Epoch(RunInputs run, int e, Action<BatchProgress>? progress, CancellationToken cancel)
    {
        int epoch = this.state.Epoch + 1;
        double learningRate = this.options.Schedule.At(epoch, 0, run.Batches);
        WeightAverage? average = this.state.Average;
        var watch = Stopwatch.StartNew();
        EpochSums sums = this.TrainBatches(run, e, epoch, learningRate, progress, cancel);
        double trainSeconds = watch.Elapsed.TotalSeconds;
        double? validationBpd = null,
            trainedValidationBpd = null;
        if (run.Validation is ValidationInputs validation)
        {
            if (average is not null)
            {
                trainedValidationBpd = this.Validate(validation, cancel);
            }

            average?.UseAverage();
            validationBpd = this.Validate(validation, cancel);
        }

        average?.UseAverage();
        return new PixelCnnEpochRecord
        {
            Epoch = epoch,
            TrainBpd = BitsPerDimension.FromNatsPerPixel(sums.Loss / sums.Seen),
            MaxBatchBpd = BitsPerDimension.FromNatsPerPixel(sums.MaxLoss),
            MeanGradientNorm = sums.Norm / run.Batches,
            MaxGradientNorm = sums.MaxNorm,
            GradientClipNorm = run.Clip,
            ClippedBatches = sums.Clipped,
            ValidationBpd = validationBpd,
            LearningRate = learningRate,
            DataOrderSeed = this.options.Shuffle ? this.options.Seed : null,
            Seconds = watch.Elapsed.TotalSeconds,
            ImagesPerSecond = sums.Seen / trainSeconds,
            Images = (int)sums.Seen,
            TrainedValidationBpd = trainedValidationBpd,
            Averaged = average is not null,
            Threads = torch.get_num_threads(),
            Precision = run.Precision.ToString(),
            Hardware = RuntimeInfo.Hardware(this.model.TorchDevice),
            LabelDropout = run.Labels is not null && this.options.LabelDropout > 0 ? this.options.LabelDropout : null,
        };
    }

    /// <summary>
    /// The optimizer steps of epoch <paramref name="epoch"/> in train mode, over the epoch's order and labels;
    /// checks <paramref name="cancel"/> before every batch. Leaves the networks in eval mode.
    /// </summary>
    private EpochSums TrainBatches(
        RunInputs run,
        int e,
        int epoch,
        double learningRate,
        Action<BatchProgress>? progress,
        CancellationToken cancel
    )
    {
        LearningRateSchedule schedule = this.options.Schedule;
        var optimizer = this.state.GetOptimizer(run.Network, learningRate);
        WeightAverage? average = this.state.Average;
        average?.UseRaw();
        long seed = this.options.Seed;
        long[] order = EpochOrder.Order(this.options.Shuffle ? seed : null, run.Images.shape[0], epoch);
        using Tensor orderTensor = torch.tensor(order, ScalarType.Int64, run.Images.device);
        using Tensor? epochLabels = run.Labels is null
            ? null
            : EpochOrder.DropLabels(run.Labels, seed, epoch, this.options.LabelDropout);
        var sums = new EpochSums();
        run.Network.train();
        run.Computing.train();
        for (int b = 0; b < run.Batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            if (schedule.PerBatch)
            {
                this.state.SetLearningRate(schedule.At(epoch, b, run.Batches));
            }

            (double loss, double norm, int size) = this.Step(
                run,
                optimizer,
                average,
                orderTensor,
                epochLabels,
                b,
                epoch
            );
            sums.Add(loss, norm, size, run.Clip);
            progress?.Invoke(new BatchProgress(epoch, e, this.options.Epochs, b + 1, run.Batches, loss, norm));
        }

        run.Network.eval();
        run.Computing.eval();
        return sums;
    }

    /// <summary>
    /// One optimizer step on batch <paramref name="b"/> of the epoch's order, in a dispose scope of its own: forward,
    /// cross-entropy, backward, gradient norm (and clipping), the batch's one host crossing, Adam and the weight
    /// average. Returns the loss
    /// (nats per pixel), the gradients' norm before clipping and the batch size.
    /// </summary>
    private (double Loss, double Norm, int Size) Step(
        RunInputs run,
        TorchSharp.Modules.Adam optimizer,
        WeightAverage? average,
        Tensor order,
        Tensor? epochLabels,
        int b,
        int epoch
    )
    {
        using var scope = torch.NewDisposeScope();
        int start = b * this.options.BatchSize;
        int size = (int)Math.Min(this.options.BatchSize, run.Images.shape[0] - start);
        Tensor index = order.slice(0, start, start + size, 1);
        Tensor batch = run.Images[TensorIndex.Tensor(index)];
        run.Replica?.PullWeights();
        Tensor logits = this.model.Logits(run.Computing, batch, epochLabels?[TensorIndex.Tensor(index)]);
        Tensor target = batch.to(ScalarType.Int64);
        Tensor lossTensor = PixelLoss.Mean(logits, target);
        optimizer.zero_grad();
        lossTensor.backward();

        run.Replica?.PushGradients();
        Tensor gradientNorm = GradientClipping.Norm(run.Parameters);
        if (run.Clip is double maxGradientNorm)
        {
            GradientClipping.Clip(run.Parameters, gradientNorm, maxGradientNorm);
        }

        // The batch's one host crossing, the loss and the gradients' norm together: after backward (forward and
        // backward are queued on the device in one go), before the step, so a non-finite loss leaves the weights of
        // the last finite step.
        float[] values = HostTransfer.Download<float>(
            torch.stack(new[] { lossTensor.detach().to(ScalarType.Float32), gradientNorm }),
            HostTransfer.TrainingLoss
        );
        (double loss, double norm) = (values[0], values[1]);
        if (!double.IsFinite(loss))
        {
            throw new PixelCnnException(
                $"Training stopped: the loss became {loss} in epoch {epoch}, batch {b + 1}. The model keeps the "
                    + "weights of the last finite step and any checkpoint stays as it was; a smaller learning rate "
                    + "may train on.",
                "NonFiniteLoss",
                PixelCnnErrorKind.InvalidResult,
                epoch
            );
        }

        AdamStep.Apply(optimizer);
        average?.Update();
        return (loss, norm, size);
    }

    private double Validate(ValidationInputs validation, CancellationToken cancel)
    {
        double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(
            this.model,
            validation.Images,
            validation.Labels,
            DeviceDefaults.MeasuringBatchSize(this.model.TorchDevice),
            cancel: cancel
        );
        return BitsPerDimension.FromNatsPerPixel(nll.Average() / (validation.Data.Rows * validation.Data.Columns));
    }
}
