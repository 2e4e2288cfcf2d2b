namespace PixelCnn.Tests;

/// <summary>
/// A masked layer convolves with its design's open rows and columns only; that gives what the whole masked kernel
/// with the layer's padding gives (computed here with conv2d in float64), forward and both gradients, for every design,
/// kernel size and dilation the architectures use and more.
/// </summary>
public sealed class KernelCropTests
{
    public static TheoryData<MaskShape, MaskType, int, int, int> Designs()
    {
        var data = new TheoryData<MaskShape, MaskType, int, int, int>();
        foreach (MaskType type in new[] { MaskType.A, MaskType.B })
        {
            foreach (int d in new[] { 1, 2, 4 })
            {
                data.Add(MaskShape.Full, type, 3, 3, d);
                data.Add(MaskShape.Full, type, 7, 7, d);
                data.Add(MaskShape.Vertical, type, 3, 3, d);
                data.Add(MaskShape.Vertical, type, 5, 5, d);
                data.Add(MaskShape.Horizontal, type, 1, 3, d);
                data.Add(MaskShape.Horizontal, type, 1, 5, d);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void TheCroppedKernelComputesTheWholeMaskedKernel(MaskShape shape, MaskType type, int kh, int kw, int d)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed((kh * 100) + (kw * 10) + d);
        var layer = new MaskedConvolution(3, 4, shape, type, kh, kw, d);
        layer.to(ScalarType.Float64);
        Tensor input = torch.randn(new long[] { 2, 3, 9, 10 }, ScalarType.Float64).requires_grad_();
        Tensor output = layer.forward(input);
        Tensor weight = layer.Convolution.weight!;
        Tensor gradOutput = torch.randn_like(output);
        IList<Tensor> grads = torch.autograd.grad(new[] { output }, new[] { input, weight }, new[] { gradOutput });

        Tensor referenceInput = input.detach().clone().requires_grad_();
        Tensor referenceWeight = weight.detach().clone().requires_grad_();
        Tensor reference = nn.functional.conv2d(
            referenceInput,
            referenceWeight * layer.Mask,
            layer.Convolution.bias!.detach(),
            padding: new long[] { d * (kh - 1) / 2, d * (kw - 1) / 2 },
            dilation: new long[] { d, d }
        );
        IList<Tensor> referenceGrads = torch.autograd.grad(
            new[] { reference },
            new[] { referenceInput, referenceWeight },
            new[] { gradOutput }
        );

        Assert.Equal(reference.shape, output.shape);
        AssertClose(reference, output, "output");
        AssertClose(referenceGrads[0], grads[0], "input gradient");
        AssertClose(referenceGrads[1], grads[1], "weight gradient");
    }

    [Theory]
    [InlineData(MaskShape.Vertical, MaskType.B, 3, 3, 2, "rows 0+2, columns 0+3, padding 0,2, input padding 0,0,2,0")]
    [InlineData(MaskShape.Horizontal, MaskType.B, 1, 3, 4, "rows 0+1, columns 0+2, padding 0,0, input padding 4,0,0,0")]
    [InlineData(MaskShape.Vertical, MaskType.A, 3, 3, 1, "rows 0+1, columns 0+3, padding 0,1, input padding 0,0,1,-1")]
    [InlineData(MaskShape.Full, MaskType.B, 3, 3, 1, "rows 0+2, columns 0+3, padding 0,1, input padding 0,0,1,0")]
    [InlineData(MaskShape.Full, MaskType.A, 7, 7, 1, "rows 0+4, columns 0+7, padding 0,3, input padding 0,0,3,0")]
    public void KernelsAreCutToTheirOpenRowsAndColumns(
        MaskShape shape,
        MaskType type,
        int kh,
        int kw,
        int d,
        string expected
    )
    {
        KernelCrop crop = KernelCrop.Of(ConvolutionMask.Create(shape, type, kh, kw), d);
        Assert.Equal(
            expected,
            $"rows {crop.Top}+{crop.Rows}, columns {crop.Left}+{crop.Columns}, "
                + $"padding {string.Join(",", crop.Padding)}, "
                + $"input padding {string.Join(",", crop.ExtraPadding ?? Array.Empty<long>())}"
        );
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double difference = (expected - actual).abs().max().item<double>();
        Assert.True(difference < 1e-10, $"{what}: max difference {difference}");
    }
}
