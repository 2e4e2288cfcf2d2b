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
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, hidden, conditional, seed);
        RandomiseBiases(model, seed);
        SamplerAssertions.AssertLogitsMatch<GatedCachedState>(model);
    }

    [Theory]
    [InlineData(3, 11, false)]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnRandomWeights(int hidden, int seed, bool conditional)
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, hidden, conditional, seed);
        RandomiseBiases(model, seed);
        SamplerAssertions.AssertSameSamples(model, count: 3, seed: seed);
    }

    [Fact]
    public void DrawsTheSameImagesAsTheNaiveSamplerOnATrainedTinyConditionalModel()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, true, TestDevice.Current, 5);
        SamplerAssertions.AssertExactAfterTraining<GatedCachedState>(model);
    }

    [Fact]
    public void TheLabelChangesAConditionalModelsLogits()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, true, TestDevice.Current, 7);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2).Images;
        Tensor zero = model.Logits(images, torch.tensor(new long[] { 0, 0 }));
        Tensor seven = model.Logits(images, torch.tensor(new long[] { 7, 7 }));
        Assert.True((zero - seven).abs().max().item<float>() > 1e-4, "the label made no difference");
    }

    private static void RandomiseBiases(PixelCnnModel model, int seed)
    {
        // Non-zero biases and embeddings everywhere, so every term of the cached computation is checked.
        using var noGrad = torch.no_grad();
        using var generator = new torch.Generator((ulong)seed);
        foreach (var (name, tensor) in StateLoader.StateTensors(model.Network))
        {
            if (
                name.EndsWith("bias", StringComparison.Ordinal) || name.Contains("class_cond", StringComparison.Ordinal)
            )
            {
                tensor.copy_(torch.rand(tensor.shape, generator: generator) - 0.5);
            }
        }
    }
}
