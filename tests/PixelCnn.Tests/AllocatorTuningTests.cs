using System.Runtime.InteropServices;

namespace PixelCnn.Tests;

/// <summary>
/// While a training runs, glibc serves large blocks from its heaps instead of mapping each afresh (seen in glibc's own
/// count of mapped bytes), and trainings that overlap share the tuning: the first to end does not undo it for the
/// other, the last restores glibc's defaults.
/// </summary>
public sealed class AllocatorTuningTests
{
    /// <summary>Above glibc's largest mmap threshold (32 MB), below a thread arena's 64 MB heaps.</summary>
    private const int Block = 40 * 1024 * 1024;

    [SkippableFact]
    public void LargeBlocksComeFromTheHeapUntilTheLastOverlappingTrainingEnds()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && HasMallinfo2(), "glibc's malloc only");
        // Each block stays allocated to the end, so no later one can reuse its space. Untuned, blocks first fill the
        // free space earlier work (training in other tests) left in this thread's heap; once glibc maps one, none is
        // left that fits, and each later block comes either from a fresh mapping or from new heap space.
        var blocks = new List<IntPtr>();
        try
        {
            while (!Mapped(blocks))
            {
                Assert.True(blocks.Count < 100, "untuned, glibc never mapped a 40 MB block (a tuning left applied?)");
            }

            AllocatorTuning first = AllocatorTuning.ForTraining();
            AllocatorTuning second = AllocatorTuning.ForTraining();
            Assert.False(Mapped(blocks), "tuned, the block still came from a fresh mapping");
            first.Dispose();
            first.Dispose();
            Assert.False(Mapped(blocks), "the first training's end undid the tuning of the one still running");
            second.Dispose();
            Assert.True(Mapped(blocks), "the last training's end did not restore glibc's defaults");
        }
        finally
        {
            blocks.ForEach(Marshal.FreeHGlobal);
        }
    }

    /// <summary>Whether a new 40 MB block from malloc added at least its size to glibc's mapped bytes.</summary>
    private static bool Mapped(List<IntPtr> blocks)
    {
        nuint before = mallinfo2().hblkhd;
        IntPtr block = Marshal.AllocHGlobal(Block);
        blocks.Add(block);
        Marshal.WriteByte(block, 1);
        return mallinfo2().hblkhd >= before + Block;
    }

    private static bool HasMallinfo2()
    {
        try
        {
            _ = mallinfo2();
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();
}
