namespace PixelCnn.Tests;

/// <summary>
/// The work the benchmark divides by, counted from the layers, against counts made by hand from the architectures'
/// definitions (docs/model.md), each masked kernel as its design's open rows and columns: Gated h64 = 2 input
/// convolutions (3x3 type A vertical: its row above, 1x3 1->64: 192; 1x3 type A horizontal: the pixel to the left,
/// 1x1 1->64: 64), 7 blocks of 3x3 vertical 64->128 (two rows, 2x3: 49,152), 1x3 horizontal 64->128 (1x2: 16,384),
/// 1x1 128->128 (16,384) and 1x1 64->64 (4,096), and the 1x1 64->256 head (16,384); the tutorial's PixelCNN h64 = 7x7
/// type A 1->128 (four rows, 4x7: 3,584), 7 blocks of 1x1 128->64, 3x3 type B 64->64 (two rows, 2x3) and 1x1 64->128
/// (8,192 + 24,576 + 8,192), 1x1 128->128 (16,384) and 1x1 128->256 (32,768). Whole kernels: 848,640 and 428,160.
/// </summary>
public sealed class NetworkCostTests
{
    [Theory]
    [InlineData("Gated", false, 618_752, 31)]
    [InlineData("Gated", true, 618_752, 31)]
    [InlineData("PixelCnn", false, 339_456, 24)]
    public void CountsEveryConvolutionsComputedKernelOnce(
        string architecture,
        bool conditional,
        long perPixel,
        int layers
    )
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
        Assert.Equal(2.0 * 618_752 * 384, NetworkCost.ForwardFlopsPerImage(model.Network));
    }
}
