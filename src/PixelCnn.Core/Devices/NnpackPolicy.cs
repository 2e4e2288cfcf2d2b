using System.Runtime.InteropServices;

namespace PixelCnn.Devices;

/// <summary>
/// NNPACK stays off. libtorch tries it for a float32 convolution that oneDNN does not take, and where NNPACK cannot
/// start (seen on an AMD EPYC: "Could not initialize NNPACK! Reason: Unsupported hardware.") libtorch 2.10 writes that
/// warning to stderr on every such convolution: 223,823 lines in one test run, in the user's console and in the output
/// of scripts that read a child pwsh's streams. It never computes anything for this module: libtorch prefers oneDNN for
/// every float32 convolution NNPACK could take (batches of 16 and more), and NNPACK has no bfloat16 or float64 kernels.
/// TorchSharp 0.107 has no switch for it, so this calls libtorch's own
/// (<c>at::globalContext().setUserEnabledNNPACK</c>) where the library exports it by its Itanium C++ name (Linux,
/// macOS); elsewhere nothing changes.
/// </summary>
public static class NnpackPolicy
{
    private static readonly object Gate = new();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    private static bool applied;

    /// <summary>True once NNPACK was turned off in this process.</summary>
    public static bool Disabled { get; private set; }

    /// <summary>
    /// Turns NNPACK off (once per process; libtorch must be loaded, as it is once TorchSharp made a device).
    /// </summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (applied)
            {
                return;
            }

            applied = true;
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string library = OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
            if (
                !NativeLibrary.TryLoad(library, typeof(NnpackPolicy).Assembly, null, out IntPtr handle)
                || !NativeLibrary.TryGetExport(handle, "_ZN2at13globalContextEv", out IntPtr globalContext)
                || !NativeLibrary.TryGetExport(handle, "_ZN2at7Context20setUserEnabledNNPACKEb", out IntPtr setEnabled)
            )
            {
                return;
            }

            IntPtr context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(globalContext)();
            Marshal.GetDelegateForFunctionPointer<SetFlag>(setEnabled)(context, false);

            Disabled = true;
        }
    }
}
