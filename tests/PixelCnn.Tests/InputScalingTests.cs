namespace PixelCnn.Tests;

/// <summary>
/// Pixels are scaled in one place (<see cref="AutoregressiveNetwork.ToUnit"/>), for the network, the naive and the
/// cached sampler states alike, and never in the caller's tensor.
/// </summary>
public sealed class InputScalingTests
{
    [Fact]
    public void LogitsLeaveTheCallersFloatImagesAsTheyWereAndEqualThoseOfTheSameBytes()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(
            "Gated",
            2,
            false,
            TestDevice.Current,
            1,
            new ImageShape(4, 5)
        );
        using var scope = torch.NewDisposeScope();
        Tensor bytes = torch
            .arange(0, 20, ScalarType.Int64)
            .mul(13)
            .remainder(256)
            .to(ScalarType.Byte)
            .reshape(1, 1, 4, 5)
            .to(model.TorchDevice);
        Tensor floats = bytes.to(ScalarType.Float32);
        Tensor before = floats.clone();
        using (torch.no_grad())
        {
            Tensor fromFloats = model.Logits(floats);
            Assert.True(floats.allclose(before, 0, 0), "Logits changed the caller's float32 images");
            Assert.Equal(0.0, (model.Logits(bytes) - fromFloats).abs().max().item<float>());
        }

        Tensor unit = AutoregressiveNetwork.ToUnit(floats, model.TorchDevice);
        Assert.True(floats.allclose(before, 0, 0));
        Assert.Equal(13f / 255f, unit[0, 0, 0, 1].item<float>(), 6);
    }

    [Fact]
    public void TheNaiveAndCachedStatesSeeTheNetworksScaling()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(
            "Gated",
            3,
            false,
            TestDevice.Current,
            2,
            new ImageShape(5, 4)
        );
        using var scope = torch.NewDisposeScope();
        Tensor images = torch
            .randint(0, 256, new long[] { 2, 1, 5, 4 }, generator: new torch.Generator(3))
            .to(ScalarType.Byte);
        Tensor expected;
        using (torch.no_grad())
        {
            expected = model.Logits(images).reshape(2, 256, 20).to(ScalarType.Float64).cpu();
        }

        foreach (SamplerKind kind in new[] { SamplerKind.Naive, SamplerKind.Cached })
        {
            double difference = (RasterSampler.TeacherForcedLogits(model, kind, images, null) - expected)
                .abs()
                .max()
                .item<double>();
            Assert.True(difference < 1e-4, $"{kind}: {difference}");
        }
    }
}
