using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Likelihood;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Training;

/// <summary>
/// Trains a PixelCNN with Adam on cross-entropy over the 256 values of every pixel, in train-mode BatchNorm,
/// epoch by epoch; validation runs in eval mode. The learning rate of epoch e (0-based, over the model's whole
/// life) is base * decay^e, so a resumed model continues its schedule. Every batch's tensors live in a dispose
/// scope. Stopping is checked between batches: an unfinished epoch is not recorded.
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
        this.model.BaseLearningRate = this.options.LearningRate;
        this.model.LearningRateDecay = this.options.LearningRateDecay;
        this.model.TrainingSeed = this.options.Seed;
        int batches = (data.Count + this.options.BatchSize - 1) / this.options.BatchSize;
        var total = Stopwatch.StartNew();
        Tensor images = data.Images;
        using Tensor? labels = this.model.Conditional ? this.model.LabelTensor(data.Labels.Select(l => (int?)l).ToArray(), data)?.cpu() : null;
        using Tensor? validationLabels = this.model.Conditional && validation is not null ? this.model.LabelTensor(validation.Labels.Select(l => (int?)l).ToArray(), validation) : null;
        using AllocatorTuning allocator = AllocatorTuning.ForTraining();
        try
        {
            for (int e = 0; e < this.options.Epochs; e++)
            {
                int epoch = this.model.Epoch + 1;
                double learningRate = this.options.LearningRate * Math.Pow(this.options.LearningRateDecay, epoch - 1);
                var optimizer = this.model.GetOptimizer(learningRate);
                var watch = Stopwatch.StartNew();
                long[] order = this.Order(data.Count, epoch);
                double lossSum = 0;
                long seen = 0;
                network.train();
                for (int b = 0; b < batches; b++)
                {
                    if (stopRequested())
                    {
                        yield break;
                    }

                    double loss;
                    using (var scope = torch.NewDisposeScope())
                    {
                        int start = b * this.options.BatchSize;
                        int size = Math.Min(this.options.BatchSize, data.Count - start);
                        Tensor index = torch.tensor(order.AsSpan(start, size).ToArray(), ScalarType.Int64);
                        Tensor batch = images.index_select(0, index);
                        Tensor logits = this.model.Logits(batch, labels?.index_select(0, index));
                        Tensor target = batch.to(ScalarType.Int64, this.model.TorchDevice);
                        Tensor lossTensor = nn.functional.cross_entropy(logits, target);
                        loss = lossTensor.item<float>();
                        if (!double.IsFinite(loss))
                        {
                            throw new PixelCnnException(
                                $"Training stopped: the loss became {loss} in epoch {epoch}, batch {b + 1}. The model keeps the weights of the last finite step and any checkpoint stays as it was; try a smaller -LearningRate.",
                                "NonFiniteLoss", ErrorCategory.InvalidResult, epoch);
                        }

                        optimizer.zero_grad();
                        lossTensor.backward();
                        optimizer.step();
                        lossSum += loss * size;
                        seen += size;
                    }

                    progress(new BatchProgress(epoch, e, this.options.Epochs, b + 1, batches, loss, total.Elapsed.TotalSeconds));
                }

                network.eval();
                double trainSeconds = watch.Elapsed.TotalSeconds;
                double? validationBpd = null;
                if (validation is not null && validation.Count > 0)
                {
                    double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(this.model, validation.Images, validationLabels, Math.Max(this.options.BatchSize, 256), stop: stopRequested);
                    validationBpd = BitsPerDimension.FromNatsPerPixel(nll.Average() / (validation.Rows * validation.Columns));
                }

                var record = new PixelCnnEpochRecord
                {
                    Epoch = epoch,
                    TrainBpd = BitsPerDimension.FromNatsPerPixel(lossSum / seen),
                    ValidationBpd = validationBpd,
                    LearningRate = learningRate,
                    Seconds = watch.Elapsed.TotalSeconds,
                    ImagesPerSecond = seen / trainSeconds,
                    Images = (int)seen,
                };
                this.model.AddEpoch(record);
                yield return record;
            }
        }
        finally
        {
            network.eval();
        }
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
