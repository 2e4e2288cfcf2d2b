namespace PixelCnn.Tests;

/// <summary>
/// Classifier-free guidance with an unconditional model: the sampler draws every pixel from c + w (c - u), exactly as
/// a reference loop that runs both whole networks for every pixel does (over the first rows: the loop is slow).
/// </summary>
public sealed class GuidanceTests
{
    private static readonly int[] Labels = { 3, 7 };

    private static readonly int ReferencePixels = 3 * ImageShape.Mnist.Width;

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    public void DrawsWhatAWholeNetworkReferenceDrawsFromGuidedLogits(double weight)
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        using PixelCnnModel unconditional = TestModels.Create(PixelCnnArchitecture.PixelCnn, 4, false, 2);
        var guidance = Guidance.For(conditional, unconditional, weight);
        var images = TestModels.Sample(conditional, 2, Labels, SamplerKind.Cached, 2, 9, guidance);

        byte[][] expected = Reference(conditional, unconditional, weight, seed: 9);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i], images[i].Pixels.Take(ReferencePixels));
            Assert.Equal(Labels[i], images[i].Label);
        }

        var plain = TestModels.Sample(conditional, 2, Labels, SamplerKind.Cached, 2, 9);
        Assert.NotEqual(plain[0].Pixels, images[0].Pixels); // the guidance did something
    }

    [Fact]
    public void WeightZeroIsPlainConditionalSampling()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 3);
        using PixelCnnModel unconditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 4);
        var guided = TestModels.Sample(
            conditional,
            2,
            Labels,
            SamplerKind.Cached,
            2,
            5,
            Guidance.For(conditional, unconditional, 0)
        );
        var plain = TestModels.Sample(conditional, 2, Labels, SamplerKind.Cached, 2, 5);
        Assert.Equal(plain.Select(i => i.Pixels), guided.Select(i => i.Pixels));
        Assert.Equal(plain.Select(i => i.LogLikelihood), guided.Select(i => i.LogLikelihood));
    }

    [Fact]
    public void RefusesModelsThatCannotGuideEachOther()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 3);
        using PixelCnnModel unconditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 4);
        Assert.Equal(
            "GuidanceNeedsConditionalModel",
            Assert.Throws<PixelCnnException>(() => Guidance.For(unconditional, unconditional, 2)).ErrorId
        );
        Assert.Equal(
            "GuidanceNeedsUnconditionalModel",
            Assert.Throws<PixelCnnException>(() => Guidance.For(conditional, conditional, 2)).ErrorId
        );
        Assert.Equal(
            "InvalidGuidance",
            Assert.Throws<PixelCnnException>(() => Guidance.For(conditional, unconditional, double.NaN)).ErrorId
        );
        Assert.Same(unconditional, Guidance.For(conditional, unconditional, 2).Unconditional);
    }

    /// <summary>
    /// Guided sampling the slow way: both whole networks on the images so far, for each of the first pixels.
    /// </summary>
    private static byte[][] Reference(PixelCnnModel conditional, PixelCnnModel unconditional, double weight, long seed)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        conditional.Network.eval();
        unconditional.Network.eval();
        Tensor uniforms = SampleUniforms
            .Draw(seed, new[] { 0, 1 }, ImageShape.Mnist.Pixels)
            .to(conditional.TorchDevice);
        Tensor labels = conditional.LabelTensor(Labels.Select(l => (int?)l).ToArray())!;
        Tensor images = torch.zeros(
            new long[] { 2, 1, ImageShape.Mnist.Height, ImageShape.Mnist.Width },
            ScalarType.Byte,
            conditional.TorchDevice
        );
        for (int p = 0; p < ReferencePixels; p++)
        {
            int r = p / ImageShape.Mnist.Width,
                c = p % ImageShape.Mnist.Width;
            Tensor cond = conditional.Logits(images, labels)[.., .., 0, r, c].to(ScalarType.Float64);
            Tensor uncond = unconditional.Logits(images)[.., .., 0, r, c].to(ScalarType.Float64);
            Tensor guided = cond + (weight * (cond - uncond));
            Tensor value = PixelDraw.InverseCdf(guided, 1.0, uniforms[.., p]);
            images[.., 0, r, c] = value.to(ScalarType.Byte);
        }

        byte[] flat = images.cpu().data<byte>().ToArray();
        return new[]
        {
            flat[..ReferencePixels],
            flat[ImageShape.Mnist.Pixels..(ImageShape.Mnist.Pixels + ReferencePixels)],
        };
    }
}
