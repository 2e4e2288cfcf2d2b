namespace PixelCnn.Tests;

/// <summary>
/// The module's convolutions against a float64 reference (libtorch's own float64 kernels, which oneDNN does not run)
/// for channel counts around oneDNN's 16-channel block: output, input gradient and weight gradient. On a CPU with
/// <see cref="OneDnnPaddingDefect"/> plain float32 conv2d gets the first two wrong for most of these counts (measured
/// on an AMD EPYC: relative errors 0.3 to 1.3, and NaN), so this fails if the check misses the defect or the padding
/// is wrong; elsewhere it holds libtorch to the reference.
/// </summary>
public sealed class Convolution2dTests
{
    public static IEnumerable<object[]> Shapes() =>
        new[]
        {
            new object[] { 1, 8, 7, 7, 1 },
            new object[] { 8, 8, 3, 3, 1 },
            new object[] { 4, 8, 1, 3, 2 },
            new object[] { 8, 16, 3, 3, 2 },
            new object[] { 24, 24, 3, 3, 1 },
            new object[] { 20, 40, 3, 3, 3 },
            new object[] { 32, 24, 1, 3, 1 },
            new object[] { 16, 16, 3, 3, 1 },
            new object[] { 1, 64, 1, 1, 1 },
            new object[] { 64, 1, 1, 1, 1 },
        };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesFloat64WithTheInputGradient(
        int inChannels,
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int dilation
    ) => CompareWithFloat64(ScalarType.Float32, 7, 1e-5, inChannels, outChannels, kernelHeight, kernelWidth, dilation);

    public static IEnumerable<object[]> BFloat16Shapes() =>
        new[]
        {
            new object[] { 1, 16, 7, 7, 1 },
            new object[] { 8, 8, 3, 3, 1 },
            new object[] { 8, 16, 1, 3, 2 },
            new object[] { 16, 24, 3, 3, 1 },
            new object[] { 1, 64, 1, 1, 1 },
            new object[] { 64, 1, 1, 1, 1 },
            new object[] { 1, 1, 1, 1, 1 },
            new object[] { 2, 256, 1, 1, 1 },
        };

    // The bfloat16 copy of a network in mixed-precision training runs these. Its products are exact and its sums
    // float32, but outputs and gradients are rounded to bfloat16 (8 significant bits): 2e-2 of the largest value holds
    // that rounding with room, while the defect's errors measured 0.2 to 0.8. The reference gets the same rounded
    // values. The 1x1 shapes with a single input or output channel are a defect of their own (measured on an AMD
    // EPYC of CPU family 26: the output, or the input gradient, wrong by 0.2 to 1 of the largest value).
    [Theory]
    [MemberData(nameof(BFloat16Shapes))]
    public void BFloat16MatchesFloat64OfTheSameRoundedValues(
        int inChannels,
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int dilation
    ) =>
        CompareWithFloat64(ScalarType.BFloat16, 11, 2e-2, inChannels, outChannels, kernelHeight, kernelWidth, dilation);

    [Fact]
    public void WithoutGradientsTheOutputStillMatches()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(3);
        Tensor input = torch.randn(new long[] { 2, 24, 9, 9 }, ScalarType.Float64, generator: generator);
        Tensor weight = torch.randn(new long[] { 12, 24, 3, 3 }, ScalarType.Float64, generator: generator).mul(0.2);
        Tensor expected = nn.functional.conv2d(input, weight, null, padding: new long[] { 1, 1 });
        using var noGrad = torch.no_grad();
        Tensor actual = Convolution2d.Compute(
            input.to(ScalarType.Float32),
            weight.to(ScalarType.Float32),
            null,
            new long[] { 1, 1 }
        );
        AssertClose(expected, actual, "output");
    }

    /// <summary>
    /// Output, input gradient and weight gradient in <paramref name="type"/> against float64 of the same values.
    /// </summary>
    private static void CompareWithFloat64(
        ScalarType type,
        int seed,
        double tolerance,
        int inChannels,
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int dilation
    )
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator((ulong)seed);
        Tensor Draw(long[] shape, double scale) =>
            torch.randn(shape, ScalarType.Float64, generator: generator).mul(scale).to(type).to(ScalarType.Float64);
        Tensor input = Draw(new long[] { 4, inChannels, 12, 12 }, 1);
        Tensor weight = Draw(new long[] { outChannels, inChannels, kernelHeight, kernelWidth }, 0.2);
        Tensor bias = Draw(new long[] { outChannels }, 1);
        Tensor upstream = Draw(new long[] { 4, outChannels, 12, 12 }, 1);
        long[] padding = { dilation * (kernelHeight - 1) / 2, dilation * (kernelWidth - 1) / 2 };
        long[] dilations = { dilation, dilation };

        var expected = Run(input, weight, bias, upstream, padding, dilations);
        var actual = Run(input.to(type), weight.to(type), bias.to(type), upstream.to(type), padding, dilations);

        AssertClose(expected.Output, actual.Output, "output", tolerance);
        AssertClose(expected.InputGradient, actual.InputGradient, "input gradient", tolerance);
        AssertClose(expected.WeightGradient, actual.WeightGradient, "weight gradient", tolerance);
        Assert.Equal(new long[] { 4, outChannels, 12, 12 }, actual.Output.shape);
    }

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Run(
        Tensor input,
        Tensor weight,
        Tensor bias,
        Tensor upstream,
        long[] padding,
        long[] dilation
    )
    {
        Tensor x = input.detach().requires_grad_(true);
        Tensor w = weight.detach().requires_grad_(true);
        Tensor output = Convolution2d.Compute(x, w, bias, padding, dilation);
        torch.autograd.backward(new[] { output }, new[] { upstream });
        return (output.detach(), x.grad!.detach().clone(), w.grad!.detach().clone());
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what, double tolerance = 1e-5)
    {
        double scale = expected.abs().max().item<double>();
        double error = actual.to(ScalarType.Float64).sub(expected).abs().max().item<double>();
        Assert.True(
            error <= tolerance * scale,
            $"{what}: max error {error:E2} of scale {scale:E2} ({OneDnnPaddingDefect.Summary})"
        );
    }
}
