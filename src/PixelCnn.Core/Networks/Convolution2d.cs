using PixelCnn.Devices;

namespace PixelCnn.Networks;

/// <summary>
/// The one place the module's convolutions run (masked layers, <see cref="PointwiseConvolution"/> layers and the Gated
/// sampler's row convolutions). Where this process's CPU convolutions have <see cref="OneDnnPaddingDefect"/>, it pads
/// the channels oneDNN would pad itself, with zeros: input channels to a multiple of 16 (zero input and zero weights; a
/// single input channel only when its gradient will be computed, since float32 and bfloat16 forward passes take a
/// single channel unblocked and right), and output channels to a multiple of 16 (zero weights and bias, the extra
/// outputs cut off again, so their gradient is zero). The result is the same convolution in float32 and bfloat16
/// (measured against float64 for 1 to 40 input and 4 to 24 output channels); only the channels oneDNN blocks differ. A
/// bfloat16 1x1 convolution with a single input or output channel gets a second, zero channel on every CPU (a defect of
/// its own, below). Elsewhere (other CPUs, CUDA, float64, whole blocks) it is plain conv2d.
/// </summary>
public static class Convolution2d
{
    /// <summary>
    /// conv2d(input, weight, bias) with the given padding and dilation; the result belongs to the caller's scope.
    /// </summary>
    public static Tensor Compute(Tensor input, Tensor weight, Tensor? bias, long[] padding, long[]? dilation = null)
    {
        dilation ??= new long[] { 1, 1 };
        long outChannels = weight.shape[0],
            inChannels = weight.shape[1];
        long inPad = 0,
            outPad = 0;
        if (Affected(input, weight))
        {
            inPad = inChannels > 1 || (torch.is_grad_enabled() && input.requires_grad) ? Missing(inChannels) : 0;
            outPad = Missing(outChannels);
        }
        else if (SingleChannelPointwise(input, weight))
        {
            inPad = inChannels == 1 ? 1 : 0;
            outPad = outChannels == 1 ? 1 : 0;
        }

        if (inPad == 0 && outPad == 0)
        {
            return nn.functional.conv2d(input, weight, bias, padding: padding, dilation: dilation);
        }

        using var scope = torch.NewDisposeScope();
        Tensor x = input,
            w = weight;
        Tensor? b = bias;
        if (inPad > 0)
        {
            x = torch.cat(new[] { x, x.new_zeros(x.shape[0], inPad, x.shape[2], x.shape[3]) }, 1);
            w = torch.cat(new[] { w, w.new_zeros(outChannels, inPad, w.shape[2], w.shape[3]) }, 1);
        }

        if (outPad > 0)
        {
            w = torch.cat(new[] { w, w.new_zeros(outPad, w.shape[1], w.shape[2], w.shape[3]) }, 0);
            b = b is null ? null : torch.cat(new[] { b, b.new_zeros(outPad) }, 0);
        }

        Tensor output = nn.functional.conv2d(x, w, b, padding: padding, dilation: dilation);
        return (outPad > 0 ? output.narrow(1, 0, outChannels) : output).MoveToOuterDisposeScope();
    }

    private static bool Affected(Tensor input, Tensor weight) =>
        input.device_type == DeviceType.CPU
        && (input.dtype == ScalarType.Float32 || input.dtype == ScalarType.BFloat16)
        && weight.shape[2] * weight.shape[3] > 1
        && OneDnnPaddingDefect.Present;

    // A bfloat16 1x1 convolution over a single input channel (its forward pass) or to a single output channel (its
    // input gradient) on the CPU: wrong on an AMD EPYC of CPU family 26 with libtorch 2.10 (all but the first output
    // channel, relative errors 0.2 to 1 and values near 1e38), right from two channels on; padded to two with zeros,
    // which changes no sum, on every CPU.
    private static bool SingleChannelPointwise(Tensor input, Tensor weight) =>
        input.device_type == DeviceType.CPU
        && input.dtype == ScalarType.BFloat16
        && weight.shape[2] * weight.shape[3] == 1
        && (weight.shape[0] == 1 || weight.shape[1] == 1);

    private static long Missing(long channels) =>
        (OneDnnPaddingDefect.Block - (channels % OneDnnPaddingDefect.Block)) % OneDnnPaddingDefect.Block;
}
