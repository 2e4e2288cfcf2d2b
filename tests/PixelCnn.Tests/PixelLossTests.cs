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

    /// <summary>Logits [2,256,1,3,4] (channels-last strides when asked) and pixel values [2,1,3,4].</summary>
    private static (Tensor Logits, Tensor Targets) Batch(bool channelsLast)
    {
        var generator = new torch.Generator(7);
        Tensor logits = torch.randn(new long[] { 2, 256, 3, 4 }, generator: generator).mul(3.0);
        if (channelsLast)
        {
            logits = logits.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        }

        Tensor targets = torch.randint(0, 256, new long[] { 2, 1, 3, 4 }, generator: generator);
        return (logits.view(2, 256, 1, 3, 4), targets);
    }

    /// <summary>-log(exp(x_t) / sum exp(x)) per pixel, in float64, written out.</summary>
    private static Tensor Reference(Tensor logits, Tensor targets)
    {
        Tensor wide = logits.to(ScalarType.Float64);
        Tensor top = wide.amax(new long[] { 1 }, keepdim: true);
        Tensor logSum = wide.sub(top).exp().sum(1, keepdim: true).log().add(top);
        return logSum.sub(wide.gather(1, targets.unsqueeze(1))).squeeze(1);
    }
}
