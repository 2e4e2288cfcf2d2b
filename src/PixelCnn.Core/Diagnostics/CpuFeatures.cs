using System.Runtime.Intrinsics.X86;
using System.Text;

namespace PixelCnn.Diagnostics;

/// <summary>
/// The processor's features that matter for bfloat16, read with the CPUID instruction, so the answer is the same on
/// Windows, Linux and macOS on one machine: the vendor, the model name, AVX512-BF16 and AMX-BF16, each counted only
/// when the operating system saves that register state (the state the OS enabled covers the feature's component).
/// </summary>
public static class CpuFeatures
{
    private const int ZmmHigh16Component = 7;
    private const int TileDataComponent = 18;

    private static readonly Lazy<CpuIdReading?> Reading = new(Read);

    /// <summary>True when the features could be read (an x86 processor).</summary>
    public static bool Known => Reading.Value is not null;

    /// <summary>
    /// AMX tiles with bfloat16 (Intel Sapphire Rapids and later): bfloat16 matrix products far faster than float32.
    /// </summary>
    public static bool AmxBFloat16 => Reading.Value?.AmxBFloat16 == true;

    /// <summary>AVX-512 bfloat16 dot products (Intel Cooper Lake and later, AMD Zen 4 and later).</summary>
    public static bool Avx512BFloat16 => Reading.Value?.Avx512BFloat16 == true;

    /// <summary>True on an AMD processor (vendor AuthenticAMD).</summary>
    public static bool Amd => Reading.Value?.Vendor == "AuthenticAMD";

    /// <summary>The processor's model name ("AMD EPYC 9B14"), or its architecture where CPUID cannot be read.</summary>
    public static string ModelName =>
        Reading.Value?.ModelName is { Length: > 0 } name
            ? name
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>
    /// The bfloat16 flags present, for messages ("amx_bf16, avx512_bf16", or "none"), named as Linux names them.
    /// </summary>
    public static string BFloat16Summary =>
        Reading.Value is not CpuIdReading reading
            ? "unknown (not an x86 processor)"
            : string.Join(
                ", ",
                new[] { (reading.AmxBFloat16, "amx_bf16"), (reading.Avx512BFloat16, "avx512_bf16") }
                    .Where(f => f.Item1)
                    .Select(f => f.Item2)
                    .DefaultIfEmpty("none")
            );

    private static CpuIdReading? Read()
    {
        if (!X86Base.IsSupported)
        {
            return null;
        }

        var (maxLeaf, vendorB, vendorC, vendorD) = X86Base.CpuId(0, 0);
        string vendor = Ascii(vendorB, vendorD, vendorC);
        bool osSavesState = maxLeaf >= 0xD && (X86Base.CpuId(1, 0).Ecx & (1 << 27)) != 0;
        bool amxBFloat16 = false,
            avx512BFloat16 = false;
        if (maxLeaf >= 7)
        {
            var leaf7 = X86Base.CpuId(7, 0);
            int subLeaves = leaf7.Eax;
            bool avx512 = (leaf7.Ebx & (1 << 16)) != 0;
            avx512BFloat16 =
                avx512
                && subLeaves >= 1
                && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0
                && osSavesState
                && StateEnabled(ZmmHigh16Component);
            bool tiles = (leaf7.Edx & (1 << 24)) != 0;
            amxBFloat16 = tiles && (leaf7.Edx & (1 << 22)) != 0 && osSavesState && StateEnabled(TileDataComponent);
        }

        return new CpuIdReading(vendor, ModelNameFromCpuId(), avx512BFloat16, amxBFloat16);
    }

    /// <summary>
    /// Whether the operating system enabled an XSAVE state component: leaf 0xD's EBX is the size the state enabled in
    /// XCR0 needs, and a component's (size, offset) are leaf 0xD's EAX and EBX at its index.
    /// </summary>
    private static bool StateEnabled(int component)
    {
        int enabledSize = X86Base.CpuId(0xD, 0).Ebx;
        var (size, offset, _, _) = X86Base.CpuId(0xD, component);
        return size > 0 && offset + size <= enabledSize;
    }

    private static string ModelNameFromCpuId()
    {
        if ((uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax < 0x80000004)
        {
            return string.Empty;
        }

        var name = new StringBuilder();
        for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
        {
            var (a, b, c, d) = X86Base.CpuId(unchecked((int)leaf), 0);
            name.Append(Ascii(a, b, c, d));
        }

        return name.ToString().TrimEnd('\0').Trim();
    }

    private static string Ascii(params int[] registers) =>
        Encoding.ASCII.GetString(registers.SelectMany(BitConverter.GetBytes).ToArray()).TrimEnd('\0');

    private sealed record CpuIdReading(string Vendor, string ModelName, bool Avx512BFloat16, bool AmxBFloat16);
}
