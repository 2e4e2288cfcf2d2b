namespace PixelCnn.Tests;

/// <summary>
/// A masked convolution's incremental step computes what the layer's forward computes: pixel by pixel for every
/// design that reads no tap right of its centre, row by row for every design, with a BatchNorm after it folded in.
/// </summary>
public sealed class MaskedStepTests : IDisposable
{
    private static readonly ImageShape Shape = new(6, 7);

    private readonly List<Tensor> kept = new();

    [Theory]
    [InlineData(MaskShape.Full, MaskType.A, 7, 7, 1)]
    [InlineData(MaskShape.Full, MaskType.B, 3, 3, 2)]
    [InlineData(MaskShape.Horizontal, MaskType.A, 1, 3, 1)]
    [InlineData(MaskShape.Horizontal, MaskType.B, 1, 3, 4)]
    [InlineData(MaskShape.Horizontal, MaskType.B, 1, 5, 1)]
    public void PixelByPixelItComputesTheLayersForward(MaskShape shape, MaskType type, int kh, int kw, int dilation)
    {
        using var scope = torch.NewDisposeScope();
        (MaskedStep step, Tensor input, Tensor expected) = this.Layer(shape, type, kh, kw, dilation);
        Tensor actual = torch.zeros_like(expected);
        for (int r = 0; r < Shape.Height; r++)
        {
            for (int c = 0; c < Shape.Width; c++)
            {
                step.Write(r, c, input[.., .., r, c]);
                actual[.., .., r, c] = step.At(r, c);
            }
        }

        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(MaskShape.Vertical, MaskType.A, 3, 3, 1)]
    [InlineData(MaskShape.Vertical, MaskType.B, 3, 3, 2)]
    [InlineData(MaskShape.Vertical, MaskType.B, 5, 5, 1)]
    [InlineData(MaskShape.Full, MaskType.B, 3, 3, 1)]
    public void RowByRowItComputesTheLayersForward(MaskShape shape, MaskType type, int kh, int kw, int dilation)
    {
        using var scope = torch.NewDisposeScope();
        (MaskedStep step, Tensor input, Tensor expected) = this.Layer(shape, type, kh, kw, dilation);
        Tensor actual = torch.zeros_like(expected);
        for (int r = 0; r < Shape.Height; r++)
        {
            step.WriteRow(r, input[.., .., r, ..].permute(0, 2, 1));
            actual[.., .., r, ..] = step.Along(r).permute(0, 2, 1);
        }

        AssertClose(expected, actual);
    }

    [Fact]
    public void RefusesPixelByPixelADesignThatReadsRightOfTheCentre()
    {
        using var layer = new MaskedConvolution(1, 2, MaskShape.Vertical, MaskType.B, 3, 3);
        var step = new MaskedStep(layer, Shape, 1, this.Keep);
        Assert.Throws<InvalidOperationException>(() => step.At(1, 1));
    }

    public void Dispose()
    {
        this.kept.ForEach(t => t.Dispose());
        this.kept.Clear();
    }

    /// <summary>
    /// The step of a layer with random weights and bias and an evaluation-mode BatchNorm with random statistics after
    /// it, a random input [2, 3, 6, 7], and the pair's forward of it.
    /// </summary>
    private (MaskedStep, Tensor, Tensor) Layer(MaskShape shape, MaskType type, int kh, int kw, int dilation)
    {
        torch.manual_seed(kh * 100 + kw * 10 + dilation);
        var layer = new MaskedConvolution(3, 5, shape, type, kh, kw, dilation);
        var norm = new BatchNormalization2d(5);
        using (torch.no_grad())
        {
            norm.running_mean!.copy_(torch.rand(5) - 0.5);
            norm.running_var!.copy_(torch.rand(5) + 0.5);
            norm.weight!.copy_(torch.rand(5) + 0.5);
            norm.bias!.copy_(torch.rand(5) - 0.5);
        }

        norm.eval();
        Tensor input = torch.randn(2, 3, Shape.Height, Shape.Width);
        using var noGrad = torch.no_grad();
        return (new MaskedStep(layer, Shape, 2, this.Keep, norm), input, norm.forward(layer.forward(input)));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        double difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"max |step - forward| {difference}");
    }

    private Tensor Keep(Tensor tensor)
    {
        tensor.DetachFromDisposeScope();
        this.kept.Add(tensor);
        return tensor;
    }
}
