using PixelCnn.Errors;

namespace PixelCnn.Devices;

/// <summary>Where a model runs.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when a GPU and the CUDA build are present, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA (needs the CUDA build of the module).</summary>
    Cuda,
}

/// <summary>Turns a <see cref="ComputeDevice"/> choice into a TorchSharp device, or a clear error.</summary>
public static class ComputeDeviceResolver
{
#if PIXELCNN_CUDA
    /// <summary>The TorchSharp backend this build of the module was made with.</summary>
    public const string Backend = "Cuda";
#else
    /// <summary>The TorchSharp backend this build of the module was made with.</summary>
    public const string Backend = "Cpu";
#endif

    /// <summary>
    /// Resolves the choice; Cuda without CUDA is a terminating error that says how to get it. Every model is placed
    /// through here, which also keeps TF32 and NNPACK off (<see cref="Devices.Tf32Policy"/>,
    /// <see cref="Devices.NnpackPolicy"/>) and checks the CPU's convolutions once
    /// (<see cref="Devices.OneDnnPaddingDefect"/>).
    /// </summary>
    public static Device Resolve(ComputeDevice choice)
    {
        Devices.Tf32Policy.Apply();
        Devices.NnpackPolicy.Apply();
        bool cuda = torch.cuda.is_available();
        Device device = choice switch
        {
            ComputeDevice.Cpu => torch.CPU,
            ComputeDevice.Auto => cuda ? torch.CUDA : torch.CPU,
            _ when cuda => torch.CUDA,
            _ => throw new PixelCnnException(
                Backend == "Cuda"
                    ? "CUDA is not available: this is the CUDA build of PixelCnn, but no CUDA device or driver was "
                        + "found; check the NVIDIA driver (nvidia-smi)."
                    : "CUDA is not available: this build of PixelCnn uses the CPU backend (TorchSharp-cpu); a "
                        + "machine with an NVIDIA GPU needs the CUDA build (TorchSharp-cuda-linux or "
                        + "TorchSharp-cuda-windows).",
                "CudaNotAvailable",
                PixelCnnErrorKind.NotInstalled,
                choice
            ),
        };
        if (device.type == DeviceType.CPU)
        {
            _ = Devices.OneDnnPaddingDefect.Present; // checked once, here rather than inside a model's first batch
        }

        return device;
    }
}
