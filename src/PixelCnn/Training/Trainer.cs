using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Devices;
using PixelCnn.Diagnostics;
using PixelCnn.Errors;
using PixelCnn.Likelihood;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Training;

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
    private readonly TrainingOptions options;

    /// <summary>Creates a trainer for the model.</summary>
    public Trainer(PixelCnnModel model, TrainingOptions options)
    {
        this.model = model;
        this.options = options;
    }

    /// <summary>Runs the epochs, yielding a record as each finishes. The model records each epoch too.</summary>
    public IEnumerable<PixelCnnEpochRecord> Run(MnistDataset data, MnistDataset? validation, Func<bool> stopRequested, Action<BatchProgress> progress)
    {
        if (data.Count == 0)
        {
            throw new PixelCnnException("The training data has no images.", "EmptyTrainingData", ErrorCategory.InvalidData, data);
        }

        AutoregressiveNetwork network = this.model.Network;
        LearningRateSchedule schedule = this.options.Schedule;
        if (schedule.EndsBefore(this.model.Epoch + 1))
        {
            throw new PixelCnnException(
                $"The model's cosine schedule ended at epoch {schedule.Epochs} and the learning rate is zero after it; pass -ScheduleEpochs above {this.model.Epoch} to train on.",
                "ScheduleEnded", ErrorCategory.InvalidOperation, schedule);
        }

        bool scaledBefore = this.model.Schedule?.ScalesLabels ?? false;
        if (this.model.HasOptimizerState && network.LabelParameterNames().Any() && scaledBefore != schedule.ScalesLabels)
        {
            throw new PixelCnnException(
                $"This model's Adam state was kept {(scaledBefore ? "with the label parameters in a group of their own" : "with one learning rate for every parameter")}, so it cannot go on {(schedule.ScalesLabels ? $"with -LabelLearningRateScale {schedule.LabelScale}" : "with one learning rate")}; pass -LabelLearningRateScale {(scaledBefore ? "above or below 1 (or leave it out)" : "1 (or leave it out)")}.",
                "LabelLearningRateScaleChange", ErrorCategory.InvalidArgument, schedule.LabelScale);
        }

        if (this.options.LabelDropout is < 0 or >= 1 || double.IsNaN(this.options.LabelDropout))
        {
            throw new PixelCnnException($"-LabelDropout is a share of the images from 0 up to (not including) 1, not {this.options.LabelDropout}.", "InvalidLabelDropout", ErrorCategory.InvalidArgument, this.options.LabelDropout);
        }

        if (this.options.LabelDropout > 0 && !this.model.Conditional)
        {
            throw new PixelCnnException(
                $"-LabelDropout trains a class-conditional model's images without their labels; {this.model} takes no labels. Leave it out, or train a conditional model (New-PixelCnn -Conditional, or -InitializeFrom with -Conditional).",
                "LabelDropoutNeedsConditionalModel", ErrorCategory.InvalidArgument, this.options.LabelDropout);
        }

        this.model.Schedule = schedule;
        this.model.TrainingSeed = this.options.Seed;
        double? clip = this.options.GradientClipNorm is double asked ? (asked > 0 ? asked : null) : this.model.GradientClipNorm;
        this.model.GradientClipNorm = clip;
        Tensor[] parameters = network.parameters().Select(p => (Tensor)p).ToArray();
        if (this.options.AverageDecay is double decay && this.model.Average is null)
        {
            this.model.Average = WeightAverage.Start(network, decay);
            this.model.HoldsTrainedWeights = false;
        }

        WeightAverage? average = this.model.Average;
        (TrainingPrecision precision, _) = PrecisionSelector.Resolve(this.options.Precision, this.model.TorchDevice);
        using BFloat16Replica? replica = precision == TrainingPrecision.BFloat16 ? new BFloat16Replica(network, this.model.TorchDevice) : null;
        AutoregressiveNetwork computing = replica?.Network ?? network;
        int batches = (data.Count + this.options.BatchSize - 1) / this.options.BatchSize;
        Device device = this.model.TorchDevice;
        using DeviceResident images = DeviceResident.On(data.Images, device);
        using DeviceResident? validationImages = validation is not null && validation.Count > 0 ? DeviceResident.On(validation.Images, device) : null;
        using Tensor? labels = this.model.Conditional ? this.model.LabelTensor(data.Labels.Select(l => (int?)l).ToArray(), data) : null;
        using Tensor? validationLabels = this.model.Conditional && validation is not null ? this.model.LabelTensor(validation.Labels.Select(l => (int?)l).ToArray(), validation) : null;
        using AllocatorTuning allocator = AllocatorTuning.ForTraining();
        using ThreadSetting threads = ThreadSetting.Apply(this.options.Threads);
        try
        {
            for (int e = 0; e < this.options.Epochs; e++)
            {
                int epoch = this.model.Epoch + 1;
                double learningRate = schedule.At(epoch, 0, batches);
                var optimizer = this.model.GetOptimizer(learningRate);
                average?.UseRaw();
                var watch = Stopwatch.StartNew();
                using Tensor order = torch.tensor(this.Order(data.Count, epoch), ScalarType.Int64, device);
                using Tensor? epochLabels = labels is null ? null : this.DropLabels(labels, epoch);
                double lossSum = 0;
                double maxLoss = 0;
                double normSum = 0;
                double maxNorm = 0;
                int clipped = 0;
                long seen = 0;
                network.train();
                computing.train();
                for (int b = 0; b < batches; b++)
                {
                    if (stopRequested())
                    {
                        yield break;
                    }

                    double loss, norm;
                    if (schedule.PerBatch)
                    {
                        this.model.SetLearningRate(schedule.At(epoch, b, batches));
                    }

                    using (var scope = torch.NewDisposeScope())
                    {
                        int start = b * this.options.BatchSize;
                        int size = Math.Min(this.options.BatchSize, data.Count - start);
                        Tensor index = order.slice(0, start, start + size, 1);
                        Tensor batch = images.Tensor[TensorIndex.Tensor(index)];
                        replica?.PullWeights();
                        Tensor logits = this.model.Logits(computing, batch, epochLabels?[TensorIndex.Tensor(index)]);
                        Tensor target = batch.to(ScalarType.Int64);
                        Tensor lossTensor = nn.functional.cross_entropy(logits, target);
                        optimizer.zero_grad();
                        lossTensor.backward();

                        replica?.PushGradients();
                        Tensor gradientNorm = GradientClipping.Norm(parameters);
                        if (clip is double maxGradientNorm)
                        {
                            GradientClipping.Clip(parameters, gradientNorm, maxGradientNorm);
                        }

                        // The batch's one host crossing, the loss and the gradients' norm together: after backward
                        // (forward and backward are queued on the device in one go), before the step, so a non-finite
                        // loss leaves the weights of the last finite step.
                        float[] values = HostTransfer.Download<float>(torch.stack(new[] { lossTensor.detach().to(ScalarType.Float32), gradientNorm }), HostTransfer.TrainingLoss);
                        (loss, norm) = (values[0], values[1]);
                        if (!double.IsFinite(loss))
                        {
                            throw new PixelCnnException(
                                $"Training stopped: the loss became {loss} in epoch {epoch}, batch {b + 1}. The model keeps the weights of the last finite step and any checkpoint stays as it was; try a smaller -LearningRate.",
                                "NonFiniteLoss", ErrorCategory.InvalidResult, epoch);
                        }

                        AdamStep.Apply(optimizer);
                        average?.Update();
                        lossSum += loss * size;
                        maxLoss = Math.Max(maxLoss, loss);
                        normSum += norm;
                        maxNorm = Math.Max(maxNorm, norm);
                        clipped += clip is double c && norm > c ? 1 : 0;
                        seen += size;
                    }

                    progress(new BatchProgress(epoch, e, this.options.Epochs, b + 1, batches, loss, norm));
                }

                network.eval();
                computing.eval();
                double trainSeconds = watch.Elapsed.TotalSeconds;
                double? validationBpd = null, trainedValidationBpd = null;
                if (validation is not null && validation.Count > 0)
                {
                    if (average is not null)
                    {
                        trainedValidationBpd = this.Validate(validation, validationImages!.Tensor, validationLabels, stopRequested);
                    }

                    average?.UseAverage();
                    validationBpd = this.Validate(validation, validationImages!.Tensor, validationLabels, stopRequested);
                }

                average?.UseAverage();

                var record = new PixelCnnEpochRecord
                {
                    Epoch = epoch,
                    TrainBpd = BitsPerDimension.FromNatsPerPixel(lossSum / seen),
                    MaxBatchBpd = BitsPerDimension.FromNatsPerPixel(maxLoss),
                    MeanGradientNorm = normSum / batches,
                    MaxGradientNorm = maxNorm,
                    GradientClipNorm = clip,
                    ClippedBatches = clipped,
                    ValidationBpd = validationBpd,
                    LearningRate = learningRate,
                    DataOrderSeed = this.options.Shuffle ? this.options.Seed : null,
                    Seconds = watch.Elapsed.TotalSeconds,
                    ImagesPerSecond = seen / trainSeconds,
                    Images = (int)seen,
                    TrainedValidationBpd = trainedValidationBpd,
                    Averaged = average is not null,
                    Threads = torch.get_num_threads(),
                    Precision = precision.ToString(),
                    Hardware = RuntimeInfo.Hardware(this.model.TorchDevice),
                    LabelDropout = labels is not null && this.options.LabelDropout > 0 ? this.options.LabelDropout : null,
                };
                this.model.AddEpoch(record);
                yield return record;
            }
        }
        finally
        {
            average?.UseAverage();
            network.eval();
        }
    }

    private double Validate(MnistDataset validation, Tensor images, Tensor? labels, Func<bool> stopRequested)
    {
        double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(this.model, images, labels, DeviceDefaults.MeasuringBatchSize(this.model.TorchDevice), stop: stopRequested);
        return BitsPerDimension.FromNatsPerPixel(nll.Average() / (validation.Rows * validation.Columns));
    }

    /// <summary>
    /// Which images of epoch <paramref name="epoch"/> train without their label: each with probability
    /// <paramref name="share"/>, drawn on the host from the seed and the epoch.
    /// </summary>
    internal static bool[] LabelDropMask(long seed, int epoch, int count, double share)
    {
        var random = new Random(unchecked((int)((seed * 104729) + (epoch * 31) + 17)));
        var dropped = new bool[count];
        for (int i = 0; i < count; i++)
        {
            dropped[i] = random.NextDouble() < share;
        }

        return dropped;
    }

    /// <summary>The epoch's labels with those of <see cref="LabelDropMask"/> replaced by <see cref="AutoregressiveNetwork.NoLabel"/> (a new tensor).</summary>
    private Tensor DropLabels(Tensor labels, int epoch)
    {
        if (this.options.LabelDropout <= 0)
        {
            return labels.alias();
        }

        using Tensor onHost = torch.tensor(LabelDropMask(this.options.Seed, epoch, (int)labels.shape[0], this.options.LabelDropout));
        using Tensor mask = onHost.to(labels.device);
        using Scalar noLabel = AutoregressiveNetwork.NoLabel;
        return labels.masked_fill(mask, noLabel);
    }

    private long[] Order(int count, int epoch)
    {
        long[] order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        if (this.options.Shuffle)
        {
            new Random(unchecked((int)(this.options.Seed * 7919 + epoch))).Shuffle(order);
        }

        return order;
    }
}
