namespace PixelCnn.Tests;

/// <summary>
/// The work the benchmark divides by, counted from the layers, against counts made by hand from the architectures'
/// definitions (docs/model.md): Gated h64 = 2 input convolutions (3x3 1->64: 576, 1x3 1->64: 192), 7 blocks of
/// 3x3 64->128 (73,728), 1x3 64->128 (24,576), 1x1 128->128 (16,384) and 1x1 64->64 (4,096), and the 1x1 64->256 head
/// (16,384); the tutorial's PixelCNN h64 = 7x7 1->128 (6,272), 7 blocks of 1x1 128->64, 3x3 64->64 and 1x1 64->128
/// (8,192 + 36,864 + 8,192), 1x1 128->128 (16,384) and 1x1 128->256 (32,768).
/// </summary>
public sealed class NetworkCostTests
{
    [Theory]
    [InlineData("Gated", false, 848_640, 31)]
    [InlineData("Gated", true, 848_640, 31)]
    [InlineData("PixelCnn", false, 428_160, 24)]
    public void CountsEveryConvolutionsDenseKernelOnce(string architecture, bool conditional, long perPixel, int layers)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(architecture, 64, conditional, TestDevice.Current, 1);
        Assert.Equal(layers, NetworkCost.Convolutions(model.Network).Count);
        Assert.Equal(perPixel, NetworkCost.MultiplyAddsPerPixel(model.Network));
        Assert.Equal(2.0 * perPixel * 784, NetworkCost.ForwardFlopsPerImage(model.Network));
        Assert.Equal(6.0 * perPixel * 784, NetworkCost.TrainingFlopsPerImage(model.Network));
    }

    [Fact]
    public void TheWorkPerImageGrowsWithTheModelsSize()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(
            "Gated",
            64,
            false,
            TestDevice.Current,
            1,
            new ImageShape(16, 24)
        );
        Assert.Equal(2.0 * 848_640 * 384, NetworkCost.ForwardFlopsPerImage(model.Network));
    }
}
