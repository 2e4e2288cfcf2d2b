using PixelCnn.Diagnostics;
using PixelCnn.Errors;
using PixelCnn.Training;

namespace PixelCnn.Optimization;

/// <summary>
/// Chooses training precision. Auto picks BFloat16 on a CPU with AMX-BF16 (a Xeon with AMX trained 2.13x faster than
/// float32) and on an AMD CPU with AVX512-BF16 (an EPYC trained the Gated network 1.84x faster at 1 thread, 1.65x at 2,
/// and its epoch 31 in bfloat16 went on improving validation as float32 had), but not on an Intel CPU with AVX512-BF16
/// and no AMX, where it was slower (0.83x and 0.75x; see the README's tables).
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
                        "Training in bfloat16 needs a CPU with AMX-BF16 or AVX512-BF16 instructions; this one has "
                            + "neither (libtorch would emulate bfloat16 slower than float32).",
                        "BFloat16NotSupported",
                        PixelCnnErrorKind.InvalidOperation,
                        requested
                    );
                }

                return (TrainingPrecision.BFloat16, $"asked for (CPU bfloat16 flags: {CpuFeatures.BFloat16Summary})");
            default:
                if (!cpu)
                {
                    return (TrainingPrecision.Float32, $"Auto: {device.type} is not measured with bfloat16 yet");
                }

                return Auto(CpuFeatures.AmxBFloat16, CpuFeatures.Avx512BFloat16, CpuFeatures.Amd);
        }
    }

    /// <summary>Auto's choice on a CPU with these features.</summary>
    public static (TrainingPrecision Precision, string Reason) Auto(bool amxBFloat16, bool avx512BFloat16, bool amd) =>
        amxBFloat16 ? (TrainingPrecision.BFloat16, "Auto: the CPU has AMX-BF16")
        : avx512BFloat16 && amd ? (TrainingPrecision.BFloat16, "Auto: an AMD CPU with AVX512-BF16")
        : (
            TrainingPrecision.Float32,
            avx512BFloat16
                ? "Auto: AVX512-BF16 without AMX-BF16 on a CPU not from AMD (bfloat16 measured slower on such a Xeon)"
                : $"Auto: the CPU has no AMX-BF16 or AVX512-BF16 (bfloat16 flags: {CpuFeatures.BFloat16Summary})"
        );
}
