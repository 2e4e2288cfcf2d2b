namespace PixelCnn.Devices;

/// <summary>
/// TensorFloat-32 stays off. On an NVIDIA GPU since Ampere, cuDNN convolutions may by default run in TF32 (10-bit
/// mantissa), which moves logits by about 1e-3: the exact sampler would no longer match the naive one, golden logits
/// would differ from PyTorch's float32 ones, and a model would score differently on a GPU than on the CPU. Exactness
/// is this module's promise, so every model the module places on a device runs in full float32 (cuDNN and cuBLAS). Its
/// cost is training speed on such GPUs, not yet measured (no GPU was available).
/// </summary>
public static class Tf32Policy
{
    /// <summary>Turns TF32 off for cuDNN and cuBLAS (process-wide libtorch flags; harmless without CUDA).</summary>
    public static void Apply()
    {
        torch.backends.cudnn.allow_tf32 = false;
        torch.backends.cuda.matmul.allow_tf32 = false;
    }

    /// <summary>True when libtorch may use TF32 in cuDNN or cuBLAS.</summary>
    public static bool Allowed => torch.backends.cudnn.allow_tf32 || torch.backends.cuda.matmul.allow_tf32;
}
