using PixelCnn.Diagnostics;

namespace PixelCnn.Tests;

/// <summary>
/// The CPUID reading against Linux's own (the brand string against its definition): the kernel lists a feature in
/// /proc/cpuinfo only when the processor has it and the kernel enabled its state, which is what
/// <see cref="CpuFeatures"/> asks CPUID and XSAVE's sizes.
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
        Assert.Equal(BrandString(), CpuFeatures.ModelName);
        string[] present = new[] { "amx_bf16", "avx512_bf16" }.Where(flags.Contains).DefaultIfEmpty("none").ToArray();
        string expected = string.Join(", ", present);
        Assert.Equal(expected, CpuFeatures.BFloat16Summary);
    }

    // The brand string as the processor manuals define it: leaves 0x80000002-4, each EAX, EBX, ECX, EDX as 4 ASCII
    // bytes, low byte first, up to the first NUL. Not /proc/cpuinfo's "model name": a hypervisor may answer a user
    // program's CPUID with another brand than the kernel read at boot (seen on a virtual AMD EPYC: the kernel "AMD
    // EPYC", user code "Oxide Virtual Turin-like Processor", the same flags).
    private static string BrandString()
    {
        var bytes = new List<byte>();
        for (int leaf = unchecked((int)0x80000002); leaf <= unchecked((int)0x80000004); leaf++)
        {
            var (a, b, c, d) = System.Runtime.Intrinsics.X86.X86Base.CpuId(leaf, 0);
            foreach (int register in new[] { a, b, c, d })
            {
                for (int shift = 0; shift < 32; shift += 8)
                {
                    bytes.Add((byte)(register >> shift));
                }
            }
        }

        int end = bytes.IndexOf(0);
        return System.Text.Encoding.ASCII.GetString(bytes.ToArray(), 0, end < 0 ? bytes.Count : end).Trim();
    }

    private static string? Field(string cpuinfo, string name) =>
        cpuinfo
            .Split('\n')
            .Select(line => (line, colon: line.IndexOf(':', StringComparison.Ordinal)))
            .Where(l => l.colon > 0 && l.line[..l.colon].Trim() == name)
            .Select(l => l.line[(l.colon + 1)..].Trim())
            .FirstOrDefault();
}
