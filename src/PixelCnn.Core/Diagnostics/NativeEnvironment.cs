using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PixelCnn.Diagnostics;

/// <summary>
/// Environment settings libtorch's OpenMP runtime reads once, when it loads. They must reach the C library's
/// environment (on Unix .NET keeps its own copy, which native getenv does not see), before the first tensor.
/// OMP_WAIT_POLICY=PASSIVE with GOMP_SPINCOUNT=30000: a thread waiting at a barrier spins briefly (enough for the
/// many tiny operations of small batches) and then sleeps instead of spinning for long, so a second busy process on
/// the machine (a CI job, ForEach-Object -Parallel) does not slow PixelCnn several times over; measured in the
/// README's "Sharing the CPU" table. If the user set either variable, neither is changed.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>The wait policy PixelCnn sets unless the user set one.</summary>
    public const string WaitPolicy = "PASSIVE";

    /// <summary>The spin count PixelCnn sets with the passive policy unless the user set one.</summary>
    public const string SpinCount = "30000";

    /// <summary>
    /// The value OMP_WAIT_POLICY had in the C library's environment when PixelCnn loaded (null: unset).
    /// </summary>
    public static string? UserWaitPolicy { get; private set; }

    /// <summary>
    /// Runs when PixelCnn.Core.dll loads (PixelCnn.dll loads it on import), before any of its code can touch libtorch.
    /// </summary>
    // The module's first code must run before TorchSharp loads libtorch; nothing else runs earlier.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        UserWaitPolicy = Get("OMP_WAIT_POLICY");
        if (UserWaitPolicy is null && Get("GOMP_SPINCOUNT") is null)
        {
            Set("OMP_WAIT_POLICY", WaitPolicy);
            Set("GOMP_SPINCOUNT", SpinCount);
        }
    }

    /// <summary>A variable of the C library's environment (Windows: the process environment).</summary>
    public static string? Get(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetEnvironmentVariable(name);
        }

        IntPtr value = getenv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>
    /// Sets a variable for native code: on Unix in the C library's environment only (not .NET's, which child processes
    /// inherit, so they choose for themselves); on Windows in the process environment.
    /// </summary>
    public static void Set(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        else
        {
            _ = setenv(name, value, 1);
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
