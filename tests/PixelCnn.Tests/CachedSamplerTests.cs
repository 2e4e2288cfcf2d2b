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

/// <summary>The cached sampler computes what the network computes, and draws the images the naive sampler draws.</summary>
public sealed class CachedSamplerTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 3)]
    public void LogitsEqualTheNetworksOnRandomWeights(int hidden, int seed)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(hidden, torch.CPU, seed);
        RandomiseBatchNorm(model, seed);
        AssertLogitsMatch(model);
    }

    [Fact]
    public void LogitsEqualTheNetworksOnGoldenWeights()
    {
        using PixelCnnModel model = CheckpointReader.Load(GoldenModelTests.GoldenPath, torch.CPU).Model;
        AssertLogitsMatch(model);
    }

    [Theory]
    [InlineData(3, 11)]
    [InlineData(8, 12)]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnRandomWeights(int hidden, int seed)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(hidden, torch.CPU, seed);
        RandomiseBatchNorm(model, seed);
        AssertSameSamples(model, count: 3, seed: seed);
    }

    [Fact]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnATrainedTinyModel()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(4, torch.CPU, 5);
        MnistDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 256);
        new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 1 }).Run(train, null, () => false, _ => { }).ToList();
        AssertSameSamples(model, count: 4, seed: 21);
        AssertLogitsMatch(model);
    }

    private static void AssertSameSamples(PixelCnnModel model, int count, long seed)
    {
        var naive = NaiveSampler.Sample(model, count, 2, seed, 1.0, null, () => false, (_, _) => { }).ToList();
        var cached = ExactSampler.Sample(model, count, 3, seed, 1.0, null, () => false, (_, _) => { }).ToList();
        Assert.Equal(count, cached.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(naive[i].Pixels, cached[i].Pixels);
            Assert.True(Math.Abs(naive[i].LogLikelihood!.Value - cached[i].LogLikelihood!.Value) < 1e-3,
                $"image {i}: log-likelihood naive {naive[i].LogLikelihood} cached {cached[i].LogLikelihood}");
        }
    }

    private static void AssertLogitsMatch(PixelCnnModel model)
    {
        using var scope = torch.NewDisposeScope();
        MnistDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3);
        Tensor images = test.Images;
        Tensor expected;
        using (torch.no_grad())
        {
            expected = model.Logits(images).reshape(3, 256, 784).to(ScalarType.Float64);
        }

        using var sampler = new CachedSampler(model);
        Tensor actual = sampler.LogitsFor(images);
        double difference = (actual - expected).abs().max().item<double>();
        Assert.True(difference < 1e-3, $"max |cached - network| logit difference {difference}");
        Tensor p1 = nn.functional.softmax(actual, 1);
        Tensor p2 = nn.functional.softmax(expected, 1);
        double probabilityDifference = (p1 - p2).abs().max().item<double>();
        Assert.True(probabilityDifference < 1e-5, $"max probability difference {probabilityDifference}");
    }

    private static void RandomiseBatchNorm(PixelCnnModel model, int seed)
    {
        // Non-trivial running statistics and affine parameters, so folding them is really checked.
        using var noGrad = torch.no_grad();
        using var generator = new torch.Generator((ulong)seed);
        foreach (var (name, tensor) in StateLoader.StateTensors(model.Network))
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                tensor.copy_(torch.rand(tensor.shape, generator: generator) - 0.5);
            }
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                tensor.copy_(torch.rand(tensor.shape, generator: generator) + 0.5);
            }
        }
    }
}
