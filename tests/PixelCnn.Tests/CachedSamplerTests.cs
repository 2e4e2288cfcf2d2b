namespace PixelCnn.Tests;

/// <summary>
/// The cached sampler computes what the network computes, and draws the images the naive sampler draws.
/// </summary>
public sealed class CachedSamplerTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 3)]
    public void LogitsEqualTheNetworksOnRandomWeights(int hidden, int seed)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(hidden, TestDevice.Current, seed);
        RandomiseBatchNorm(model, seed);
        SamplerAssertions.AssertLogitsMatch<PixelCnnCachedState>(model);
    }

    [Fact]
    public void LogitsEqualTheNetworksOnGoldenWeights()
    {
        using PixelCnnModel model = CheckpointReader.Load(GoldenModelTests.GoldenPath, TestDevice.Current).Model;
        SamplerAssertions.AssertLogitsMatch<PixelCnnCachedState>(model);
    }

    [Theory]
    [InlineData(3, 11)]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnRandomWeights(int hidden, int seed)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(hidden, TestDevice.Current, seed);
        RandomiseBatchNorm(model, seed);
        SamplerAssertions.AssertSameSamples(model, count: 3, seed: seed);
    }

    [Fact]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnATrainedTinyModel()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(4, TestDevice.Current, 5);
        SamplerAssertions.AssertExactAfterTraining<PixelCnnCachedState>(model);
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
