namespace PixelCnn.Networks;

/// <summary>
/// The memory layout the layers compute in. On the CPU, oneDNN's convolutions of these shapes run faster on
/// channels-last tensors (each pixel's channels side by side, NHWC in memory, still NCHW in shape) than on NCHW ones,
/// which it reorders into blocked formats and back around every convolution; a channels-last input makes each
/// convolution's output, and the elementwise work and gradients after it, channels-last too. bfloat16 computes
/// channels-last always; float32 only in a network without BatchNorm: libtorch's channels-last BatchNorm is less exact
/// (where the mean is large against the spread, its weight's squared gradient is about 3e-5 off float64's, against
/// 1e-6 in NCHW), which the PixelCNN's gradients against PyTorch's show; in bfloat16 that is far below the type's own
/// rounding.
/// </summary>
internal static class MemoryLayout
{
    /// <summary>
    /// Whether layers of <paramref name="type"/> on <paramref name="device"/> compute channels-last, in a network
    /// with BatchNorm layers or without (<paramref name="batchNormalized"/>).
    /// </summary>
    public static bool ChannelsLast(DeviceType device, ScalarType type, bool batchNormalized) =>
        device == DeviceType.CPU && (type == ScalarType.BFloat16 || (type == ScalarType.Float32 && !batchNormalized));

    /// <summary>
    /// <paramref name="x"/> [B,C,H,W] in the layout its layers compute in (<see cref="ChannelsLast"/>); otherwise
    /// unchanged (other devices are not measured). One channel is stored the same either way; only its strides say
    /// channels-last.
    /// </summary>
    public static Tensor ForCompute(Tensor x, bool batchNormalized)
    {
        if (!ChannelsLast(x.device_type, x.dtype, batchNormalized))
        {
            return x;
        }

        using var scope = torch.NewDisposeScope();
        long channels = x.shape[1],
            height = x.shape[2],
            width = x.shape[3];
        Tensor stored =
            channels == 1
                ? x.contiguous().as_strided(x.shape, new[] { height * width, 1, width, 1 })
                : x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        return stored.MoveToOuterDisposeScope();
    }
}
