using System.Reflection;
using PixelCnn.Devices;
using PixelCnn.Model;

namespace PixelCnn.Diagnostics;

/// <summary>
/// What the module runs on: versions, backend, threads, CPU. Used by the benchmark and for bug reports.
/// </summary>
public static class RuntimeInfo
{
    /// <summary>The libtorch version TorchSharp 0.107 is built against.</summary>
    public const string LibTorchVersion = "2.10.0";

    /// <summary>TorchSharp's assembly version.</summary>
    public static string TorchSharpVersion =>
        typeof(torch)
            .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The backend this build uses (Cpu or Cuda).</summary>
    public static string Backend => ComputeDeviceResolver.Backend;

    /// <summary>libtorch's intra-op thread count.</summary>
    public static int Threads => torch.get_num_threads();

    /// <summary>
    /// OpenMP's wait policy and spin count as libtorch sees them (PixelCnn sets PASSIVE, 30000 unless the user set
    /// either).
    /// </summary>
    public static string WaitPolicy =>
        (NativeEnvironment.Get("OMP_WAIT_POLICY") ?? "default")
        + (NativeEnvironment.Get("GOMP_SPINCOUNT") is string spin ? $", spin count {spin}" : string.Empty);

    /// <summary>The CPU's bfloat16 instruction flags (amx_bf16, avx512_bf16).</summary>
    public static string BFloat16Flags => CpuFeatures.BFloat16Summary;

    /// <summary>
    /// Whether this CPU's convolutions have oneDNN's channel-padding defect (and so pad channels themselves).
    /// </summary>
    public static string ConvolutionCheck => Devices.OneDnnPaddingDefect.Summary;

    /// <summary>
    /// True when libtorch may use TensorFloat-32 on CUDA (the module turns it off when it places a model).
    /// </summary>
    public static bool AllowTf32 => Devices.Tf32Policy.Allowed;

    /// <summary>True when CUDA is usable.</summary>
    public static bool CudaAvailable => torch.cuda.is_available();

    /// <summary>Logical processors the process sees.</summary>
    public static int ProcessorCount => Environment.ProcessorCount;

    /// <summary>
    /// Where work on <paramref name="device"/> runs, in one line: the CPU model, its logical processors and bfloat16
    /// flags, or the CUDA device. Epoch records keep it, since a long run's epochs may run on different machines.
    /// </summary>
    public static string Hardware(torch.Device device) =>
        device.type == DeviceType.CUDA
            ? $"CUDA device {device.index} ({torch.cuda.device_count()} visible), host {Cpu}"
            : $"{Cpu}, {ProcessorCount} logical processors, bfloat16 flags: {BFloat16Flags}";

    /// <summary>The CPU model name (from CPUID on x86), or the architecture elsewhere.</summary>
    public static string Cpu => CpuFeatures.ModelName;
}
