using System;
using System.Linq;
using PixelCnn.Checkpoints;
using PixelCnn.Data;
using PixelCnn.Model;
using PixelCnn.Sampling;
using PixelCnn.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixelCnn.Tests;

/// <summary>
/// The Gated PixelCNN's cached sampler computes what the network computes (teacher forcing on MNIST digits), and
/// draws the images the naive sampler draws, unconditional and class-conditional.
/// </summary>
public sealed class GatedCachedSamplerTests
{
    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(6, 2, false)]
    [InlineData(5, 3, true)]
    [InlineData(16, 4, true)]
    public void LogitsEqualTheNetworksOnRandomWeights(int hidden, int seed, bool conditional)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, hidden, conditional, torch.CPU, seed);
        RandomiseBiases(model, seed);
        AssertLogitsMatch(model);
    }

    [Theory]
    [InlineData(3, 11, false)]
    [InlineData(4, 12, true)]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnRandomWeights(int hidden, int seed, bool conditional)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, hidden, conditional, torch.CPU, seed);
        RandomiseBiases(model, seed);
        AssertSameSamples(model, count: 3, seed: seed);
    }

    [Fact]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnATrainedTinyConditionalModel()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, true, torch.CPU, 5);
        MnistDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 256);
        new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 1 }).Run(train, null, () => false, _ => { }).ToList();
        AssertSameSamples(model, count: 4, seed: 21);
        AssertLogitsMatch(model);
    }

    [Fact]
    public void TheLabelChangesAConditionalModelsLogits()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, true, torch.CPU, 7);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2).Images;
        Tensor zero = model.Logits(images, torch.tensor(new long[] { 0, 0 }));
        Tensor seven = model.Logits(images, torch.tensor(new long[] { 7, 7 }));
        Assert.True((zero - seven).abs().max().item<float>() > 1e-4, "the label made no difference");
    }

    private static void AssertSameSamples(PixelCnnModel model, int count, long seed)
    {
        var labels = model.Conditional ? SampleLabels.Expand(model, new[] { 3, 9, 0, 1 }.Take(count).ToArray(), count) : null;
        var naive = NaiveSampler.Sample(model, count, 2, seed, 1.0, labels, () => false, (_, _) => { }).ToList();
        var cached = ExactSampler.Sample(model, count, 3, seed, 1.0, labels, () => false, (_, _) => { }).ToList();
        Assert.Equal(count, cached.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(naive[i].Pixels, cached[i].Pixels);
            Assert.Equal(naive[i].Label, cached[i].Label);
            Assert.True(Math.Abs(naive[i].LogLikelihood!.Value - cached[i].LogLikelihood!.Value) < 1e-3,
                $"image {i}: log-likelihood naive {naive[i].LogLikelihood} cached {cached[i].LogLikelihood}");
        }
    }

    private static void AssertLogitsMatch(PixelCnnModel model)
    {
        using var scope = torch.NewDisposeScope();
        MnistDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3);
        Tensor images = test.Images;
        Tensor? labels = model.Conditional ? torch.tensor(test.Labels.Select(l => (long)l).ToArray()) : null;
        Tensor expected;
        using (torch.no_grad())
        {
            expected = model.Logits(images, labels).reshape(3, 256, 784).to(ScalarType.Float64);
        }

        using ExactSampler sampler = ExactSampler.For(model);
        Assert.IsType<GatedCachedSampler>(sampler);
        Tensor actual = sampler.LogitsFor(images, labels);
        double difference = (actual - expected).abs().max().item<double>();
        Assert.True(difference < 1e-3, $"max |cached - network| logit difference {difference}");
        Tensor p1 = nn.functional.softmax(actual, 1);
        Tensor p2 = nn.functional.softmax(expected, 1);
        double probabilityDifference = (p1 - p2).abs().max().item<double>();
        Assert.True(probabilityDifference < 1e-5, $"max probability difference {probabilityDifference}");
    }

    private static void RandomiseBiases(PixelCnnModel model, int seed)
    {
        // Non-zero biases and embeddings everywhere, so every term of the cached computation is checked.
        using var noGrad = torch.no_grad();
        using var generator = new torch.Generator((ulong)seed);
        foreach (var (name, tensor) in StateLoader.StateTensors(model.Network))
        {
            if (name.EndsWith("bias", StringComparison.Ordinal) || name.Contains("class_cond", StringComparison.Ordinal))
            {
                tensor.copy_(torch.rand(tensor.shape, generator: generator) - 0.5);
            }
        }
    }
}
