using PixelCnn.Networks;

namespace PixelCnn.Tests;

/// <summary>
/// The layers' memory layout: bfloat16 on the CPU computes channels-last (the same values, NHWC strides, so oneDNN's
/// convolutions and the work after them stay channels-last), and so does float32 in a network without BatchNorm; a
/// network with BatchNorm keeps float32 NCHW, the layout PyTorch's reference gradients are matched in.
/// </summary>
public sealed class MemoryLayoutTests
{
    [Theory]
    [InlineData(8, new long[] { 200, 1, 40, 8 })]
    [InlineData(1, new long[] { 25, 1, 5, 1 })]
    public void BFloat16IsChannelsLastWithTheSameValues(long channels, long[] strides)
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.arange(2 * channels * 25).reshape(2, channels, 5, 5).to(ScalarType.BFloat16);
        Tensor stored = MemoryLayout.ForCompute(x, batchNormalized: true);
        Assert.Equal(x.shape, stored.shape);
        Assert.Equal(strides, stored.stride());
        Assert.True(stored.equal(x).all().item<bool>());
    }

    [Fact]
    public void AConvolutionOfAChannelsLastInputIsChannelsLast()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = nn.Conv2d(1, 4, 3, padding: 1);
        conv.to(ScalarType.BFloat16);
        Tensor x = MemoryLayout.ForCompute(torch.rand(2, 1, 5, 5).to(ScalarType.BFloat16), batchNormalized: false);
        Assert.Equal(new long[] { 100, 1, 20, 4 }, conv.forward(x).stride());
    }

    [Fact]
    public void Float32StaysAsItIsInANetworkWithBatchNorm()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.rand(2, 8, 5, 5);
        Assert.Same(x, MemoryLayout.ForCompute(x, batchNormalized: true));
        Assert.Equal(new long[] { 200, 25, 5, 1 }, MemoryLayout.ForCompute(x, batchNormalized: true).stride());
    }

    [Fact]
    public void Float32IsChannelsLastInANetworkWithoutBatchNorm()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.rand(2, 8, 5, 5);
        Tensor stored = MemoryLayout.ForCompute(x, batchNormalized: false);
        Assert.Equal(new long[] { 200, 1, 40, 8 }, stored.stride());
        Assert.True(stored.equal(x).all().item<bool>());
    }

    [Fact]
    public void TheTutorialsPixelCnnHasBatchNormAndTheGatedOneHasNot()
    {
        using var tutorial = new PixelCnnNetwork(8);
        using var gated = new GatedPixelCnnNetwork(8);
        Assert.True(tutorial.BatchNormalized);
        Assert.False(gated.BatchNormalized);
    }
}
