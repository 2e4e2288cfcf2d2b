using PixelCnn.Diagnostics;

namespace PixelCnn.Tests;

/// <summary>
/// The CPUID reading against Linux's own: the kernel lists a feature in /proc/cpuinfo only when the processor has it
/// and the kernel enabled its state, which is what <see cref="CpuFeatures"/> asks CPUID and XSAVE's sizes.
/// </summary>
public sealed class CpuFeaturesTests
{
    private const string CpuInfo = "/proc/cpuinfo";

    [SkippableFact]
    public void CpuIdAgreesWithProcCpuInfo()
    {
        bool x86 = System.Runtime.Intrinsics.X86.X86Base.IsSupported;
        Skip.IfNot(File.Exists(CpuInfo) && x86, "needs Linux on x86 (/proc/cpuinfo and CPUID)");
        string text = File.ReadAllText(CpuInfo);
        var flags = (Field(text, "flags") ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet();
        Assert.True(CpuFeatures.Known);
        Assert.Equal(flags.Contains("avx512_bf16"), CpuFeatures.Avx512BFloat16);
        Assert.Equal(flags.Contains("amx_bf16"), CpuFeatures.AmxBFloat16);
        Assert.Equal(Field(text, "vendor_id") == "AuthenticAMD", CpuFeatures.Amd);
        Assert.Equal(Field(text, "model name"), CpuFeatures.ModelName);
        string[] present = new[] { "amx_bf16", "avx512_bf16" }.Where(flags.Contains).DefaultIfEmpty("none").ToArray();
        string expected = string.Join(", ", present);
        Assert.Equal(expected, CpuFeatures.BFloat16Summary);
    }

    private static string? Field(string cpuinfo, string name) =>
        cpuinfo
            .Split('\n')
            .Select(line => (line, colon: line.IndexOf(':', StringComparison.Ordinal)))
            .Where(l => l.colon > 0 && l.line[..l.colon].Trim() == name)
            .Select(l => l.line[(l.colon + 1)..].Trim())
            .FirstOrDefault();
}
