using System.Threading;
using PixelCnn.Numerics;

namespace PixelCnn.Devices;

/// <summary>
/// A defect of oneDNN, the library libtorch runs CPU convolutions with, seen with libtorch 2.10 on an AMD EPYC with
/// AVX-512 (not on the Intel Xeons this module was also tested on): for a kernel larger than 1x1 it stores channels in
/// blocks of 16 and, when a channel count is not a multiple of 16, reads the unused tail of the last block as if it
/// were zero when it is not. Measured there against float64 (1 and 2 threads, 28x28 and 8x8): in float32 the forward
/// pass is wrong when the input has more than 16 channels and not a multiple of 16 (17, 20, 24, 40), and the input
/// gradient whenever the output channels are not a multiple of 16 (2 to 15, 17 to 40); in bfloat16 also the forward
/// pass for output channels off the block and the input gradient for 1 to 15 input channels. Multiples of 16 are right,
/// and so are 1x1 kernels, but for one case seen in bfloat16 (the input gradient of 15 output channels). It turned the
/// tutorial network's loss to NaN at hidden 4 and 8 and bent every gradient that reached the input through such a
/// layer. Whether this machine has the defect is checked once, on the first convolution, by one 24-channel 3x3
/// convolution and its input gradient compared with float64; where it has,
/// <see cref="Networks.Convolution2d"/> pads the channels to whole blocks itself.
/// </summary>
public static class OneDnnPaddingDefect
{
    /// <summary>oneDNN's channel block for float32 and bfloat16 with AVX-512.</summary>
    public const int Block = 16;

    private const int CheckChannels = 24;
    private const double Tolerance = 1e-4;

    private static readonly Lazy<bool> Found = new(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when this process's CPU convolutions have the defect (checked on first use).</summary>
    public static bool Present => Found.Value;

    /// <summary>One line for diagnostics and the benchmark.</summary>
    public static string Summary =>
        Present
            ? $"oneDNN reads unzeroed channel padding here: convolutions pad channels to multiples of {Block} "
                + "themselves"
            : "oneDNN channel padding checked: correct";

    private static bool Detect()
    {
        // Three tries, each after freeing a block of NaN of the size the check allocates: the defect reads memory it
        // did not write, and fresh pages from the OS are zero, which would hide it.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (CheckOnce())
            {
                return true;
            }
        }

        return false;
    }

    private static bool CheckOnce()
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.enable_grad();
        long[] shape = { 2, CheckChannels, 8, 8 };
        long count = shape[0] * shape[1] * shape[2] * shape[3];
        for (int i = 0; i < 4; i++)
        {
            using Scalar nan = double.NaN;
            using Tensor poison = torch.full(new[] { 4 * count }, nan, ScalarType.Float32);
        }

        // Deterministic values (the module's seeded generators must not be drawn from here).
        using Scalar inputs = count,
            weights = CheckChannels * CheckChannels * 9L;
        using Scalar inputStep = 0.37,
            weightStep = 0.91,
            weightScale = 0.1,
            upstreamStep = 0.53;
        Tensor input64 = torch
            .arange(Scalars.Zero, inputs, Scalars.One, ScalarType.Float64)
            .mul(inputStep)
            .sin()
            .reshape(shape);
        Tensor weight64 = torch
            .arange(Scalars.Zero, weights, Scalars.One, ScalarType.Float64)
            .mul(weightStep)
            .cos()
            .mul(weightScale)
            .reshape(CheckChannels, CheckChannels, 3, 3);
        Tensor upstream64 = torch
            .arange(Scalars.Zero, inputs, Scalars.One, ScalarType.Float64)
            .mul(upstreamStep)
            .cos()
            .reshape(shape);
        (Tensor output64, Tensor gradient64) = Run(input64, weight64, upstream64);
        (Tensor output32, Tensor gradient32) = Run(
            input64.to(ScalarType.Float32),
            weight64.to(ScalarType.Float32),
            upstream64.to(ScalarType.Float32)
        );
        return Wrong(output32, output64) || Wrong(gradient32, gradient64);
    }

    [InCallersDisposeScope]
    private static (Tensor Output, Tensor InputGradient) Run(Tensor input, Tensor weight, Tensor upstream)
    {
        Tensor x = input.detach().requires_grad_(true);
        Tensor y = nn.functional.conv2d(x, weight, null, padding: new long[] { 1, 1 });
        torch.autograd.backward(new[] { y }, new[] { upstream });
        return (y.detach(), x.grad!.detach().clone());
    }

    [InCallersDisposeScope]
    private static bool Wrong(Tensor actual, Tensor expected)
    {
        Tensor a = actual.to(ScalarType.Float64);
        double error = HostTransfer.Scalar<double>(a.sub(expected).abs().max(), HostTransfer.ConvolutionCheck);
        double scale = HostTransfer.Scalar<double>(expected.abs().max(), HostTransfer.ConvolutionCheck);
        return !(error <= Tolerance * scale);
    }
}
