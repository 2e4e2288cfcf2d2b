using System.Management.Automation;
using PixelCnn.Diagnostics;
using PixelCnn.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Training;

/// <summary>
/// Chooses training precision. Auto picks BFloat16 only on a CPU with AMX-BF16: on a Xeon with AMX it trained 2.13x
/// faster than float32, while on a Xeon with AVX512-BF16 and no AMX it was slower (see the README's table).
/// BFloat16 asked for on a CPU with neither flag is an error (libtorch would emulate it, slowly).
/// </summary>
public static class PrecisionSelector
{
    /// <summary>The precision to use and why.</summary>
    public static (TrainingPrecision Precision, string Reason) Resolve(TrainingPrecision requested, Device device)
    {
        bool cpu = device.type == DeviceType.CPU;
        switch (requested)
        {
            case TrainingPrecision.Float32:
                return (TrainingPrecision.Float32, "asked for");
            case TrainingPrecision.BFloat16:
                if (cpu && CpuFeatures.Known && !CpuFeatures.AmxBFloat16 && !CpuFeatures.Avx512BFloat16)
                {
                    throw new PixelCnnException(
                        "-Precision BFloat16 needs a CPU with AMX-BF16 or AVX512-BF16 instructions; this one has neither (libtorch would emulate bfloat16 slower than float32). Use -Precision Float32 or Auto.",
                        "BFloat16NotSupported", ErrorCategory.InvalidOperation, requested);
                }

                return (TrainingPrecision.BFloat16, $"asked for (CPU bfloat16 flags: {CpuFeatures.BFloat16Summary})");
            default:
                if (!cpu)
                {
                    return (TrainingPrecision.Float32, $"Auto: {device.type} is not measured with bfloat16 yet");
                }

                return CpuFeatures.AmxBFloat16
                    ? (TrainingPrecision.BFloat16, "Auto: the CPU has AMX-BF16")
                    : (TrainingPrecision.Float32, $"Auto: the CPU has no AMX-BF16 (bfloat16 flags: {CpuFeatures.BFloat16Summary})");
        }
    }
}
