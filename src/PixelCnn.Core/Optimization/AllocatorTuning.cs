using System.Runtime.InteropServices;

namespace PixelCnn.Optimization;

/// <summary>
/// Keeps glibc's malloc from handing every large activation buffer back to the kernel during training. A training
/// step allocates and frees activations of tens of megabytes; above the mmap threshold (at most 32 MB) glibc serves
/// each with a fresh mmap and unmaps it on free, so every step pays page faults and the kernel's zeroing of every new
/// page (measured: 10.9 s of system time against PyTorch's 6.0 s for the same run). While training, large blocks come
/// from the heap instead and are kept: no mmap for large blocks, no trimming of the heap's top and, for a thread whose
/// allocations glibc serves from one of its per-thread arenas rather than the main heap (which arena a thread gets
/// varies from process to process), a top pad as large as an arena's heap, so a heap that empties between steps is
/// kept rather than unmapped (without it, the same bfloat16 training ran at 71-80 images/s with 7-13 s of system
/// time in three processes of four, 88 with 3 s in the fourth). An arena still maps blocks larger than its 64 MB
/// heaps afresh; the loss keeps its tensors below that (<c>PixelLoss</c>). Afterwards the defaults are restored and
/// the heap is trimmed, so the session does not keep the memory. A no-op where glibc is not the C library.
/// </summary>
internal sealed class AllocatorTuning : IDisposable
{
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;
    private const int MTopPad = -2;
    private const int DefaultMmapMax = 65536;
    private const int DefaultTrimThreshold = 128 * 1024;
    private const int DefaultTopPad = 128 * 1024;
    private const int TrainingTopPad = 64 * 1024 * 1024;

    private readonly bool active;

    private AllocatorTuning(bool active) => this.active = active;

    /// <summary>Applies the tuning until the returned object is disposed.</summary>
    public static AllocatorTuning ForTraining()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new AllocatorTuning(false);
        }

        try
        {
            bool ok =
                mallopt(MMmapMax, 0) == 1
                && mallopt(MTrimThreshold, int.MaxValue) == 1
                && mallopt(MTopPad, TrainingTopPad) == 1;
            return new AllocatorTuning(ok);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return new AllocatorTuning(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.active)
        {
            mallopt(MMmapMax, DefaultMmapMax);
            mallopt(MTrimThreshold, DefaultTrimThreshold);
            mallopt(MTopPad, DefaultTopPad);
            malloc_trim(UIntPtr.Zero);
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(UIntPtr pad);
}
