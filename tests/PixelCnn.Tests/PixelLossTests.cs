namespace PixelCnn.Tests;

/// <summary>
/// The per-pixel loss is each pixel's negative log-likelihood under its 256-way softmax, whatever memory layout the
/// network computed its logits in: checked against the definition computed independently in float64.
/// </summary>
public sealed class PixelLossTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EachPixelsLossIsItsNegativeLogLikelihood(bool channelsLast)
    {
        using var scope = torch.NewDisposeScope();
        (Tensor logits, Tensor targets) = Batch(channelsLast);
        Tensor expected = Reference(logits, targets);
        Tensor actual = PixelLoss.PerPixel(logits, targets);
        Assert.Equal(targets.shape, actual.shape);
        Assert.True(actual.to(ScalarType.Float64).allclose(expected, rtol: 1e-6, atol: 1e-6));
        double mean = PixelLoss.Mean(logits, targets).item<float>();
        Assert.Equal(expected.mean().item<double>(), mean, 5);
    }

    [Fact]
    public void TheGradientIsTheSoftmaxLessTheTargetsIndicatorOverThePixelCount()
    {
        using var scope = torch.NewDisposeScope();
        (Tensor logits, Tensor targets) = Batch(channelsLast: true);
        Tensor leaf = logits.detach().requires_grad_(true);
        PixelLoss.Mean(leaf, targets).backward();
        Tensor wide = logits.to(ScalarType.Float64);
        Tensor index = targets.unsqueeze(1);
        Tensor indicator = torch.zeros_like(wide).scatter_(1, index, torch.ones(index.shape, ScalarType.Float64));
        Tensor expected = (nn.functional.softmax(wide, 1) - indicator) / targets.numel();
        Assert.True(leaf.grad!.to(ScalarType.Float64).allclose(expected, rtol: 1e-5, atol: 1e-9));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SlicesOfImagesGiveTheWholeBatchsLossAndGradient(bool channelsLast)
    {
        using var scope = torch.NewDisposeScope();
        (Tensor logits, Tensor targets) = Batch(channelsLast, images: 5);
        Tensor whole = logits.detach().requires_grad_(true);
        Tensor sliced = logits.detach().requires_grad_(true);
        Tensor wholeLoss = PixelLoss.Mean(whole, targets);
        // 25 pixels a slice: two 12-pixel images, so slices of 2, 2 and 1 images.
        Tensor slicedLoss = PixelLoss.Mean(sliced, targets, slicePixels: 25);
        wholeLoss.backward();
        slicedLoss.backward();
        Assert.Equal(wholeLoss.item<float>(), slicedLoss.item<float>(), 5);
        Assert.True(Same(sliced.grad!, whole.grad!), "the sliced loss's gradient differs from the whole batch's");
        Assert.True(Same(PixelLoss.PerPixel(logits, targets, 25), PixelLoss.PerPixel(logits, targets)));
        Assert.True(Same(PixelLoss.PerPixel(logits, targets, 1), PixelLoss.PerPixel(logits, targets)));
    }

    [Fact]
    public void BFloat16LogitsAreLostInFloat32AndGetABFloat16Gradient()
    {
        using var scope = torch.NewDisposeScope();
        (Tensor logits, Tensor targets) = Batch(channelsLast: true, images: 5);
        Tensor narrow = logits.to(ScalarType.BFloat16).detach().requires_grad_(true);
        Tensor wide = narrow.detach().to(ScalarType.Float32).requires_grad_(true);
        Tensor loss = PixelLoss.Mean(narrow, targets, slicePixels: 25);
        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.Equal(ScalarType.Float32, PixelLoss.PerPixel(narrow, targets, 25).dtype);
        Assert.True(Same(PixelLoss.PerPixel(narrow, targets, 25), PixelLoss.PerPixel(wide, targets)));
        loss.backward();
        PixelLoss.Mean(wide, targets).backward();
        Assert.Equal(ScalarType.BFloat16, narrow.grad!.dtype);
        Assert.True(Same(narrow.grad!, wide.grad!.to(ScalarType.BFloat16)), "the gradient is not float32's, rounded");
    }

    /// <summary>Logits [B,256,1,3,4] (channels-last strides when asked) and pixel values [B,1,3,4].</summary>
    private static (Tensor Logits, Tensor Targets) Batch(bool channelsLast, long images = 2)
    {
        var generator = new torch.Generator(7);
        Tensor logits = torch.randn(new long[] { images, 256, 3, 4 }, generator: generator).mul(3.0);
        if (channelsLast)
        {
            logits = logits.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        }

        Tensor targets = torch.randint(0, 256, new long[] { images, 1, 3, 4 }, generator: generator);
        return (logits.view(images, 256, 1, 3, 4), targets);
    }

    /// <summary>The same shape, type and values to the bit.</summary>
    private static bool Same(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.equal(b).all().item<bool>();

    /// <summary>-log(exp(x_t) / sum exp(x)) per pixel, in float64, written out.</summary>
    private static Tensor Reference(Tensor logits, Tensor targets)
    {
        Tensor wide = logits.to(ScalarType.Float64);
        Tensor top = wide.amax(new long[] { 1 }, keepdim: true);
        Tensor logSum = wide.sub(top).exp().sum(1, keepdim: true).log().add(top);
        return logSum.sub(wide.gather(1, targets.unsqueeze(1))).squeeze(1);
    }
}
