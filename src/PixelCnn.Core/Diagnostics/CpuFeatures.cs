using System.IO;

namespace PixelCnn.Diagnostics;

/// <summary>The processor's instruction-set flags that matter for bfloat16 (read from /proc/cpuinfo on Linux).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<string?> CpuInfo = new(ReadCpuInfo);
    private static readonly Lazy<IReadOnlySet<string>?> Flags = new(() => CpuInfo.Value is string text ? Parse(text) : null);
    private static readonly Lazy<string> VendorId = new(() => CpuInfo.Value is string text ? ParseField(text, "vendor_id") ?? "unknown" : "unknown");

    /// <summary>True when the flags could be read (Linux).</summary>
    public static bool Known => Flags.Value is not null;

    /// <summary>AMX tiles with bfloat16 (Intel Sapphire Rapids and later): bfloat16 matrix products far faster than float32.</summary>
    public static bool AmxBFloat16 => Flags.Value?.Contains("amx_bf16") == true;

    /// <summary>AVX-512 bfloat16 dot products (Intel Cooper Lake and later, AMD Zen 4 and later).</summary>
    public static bool Avx512BFloat16 => Flags.Value?.Contains("avx512_bf16") == true;

    /// <summary>True on an AMD processor (vendor_id AuthenticAMD).</summary>
    public static bool Amd => VendorId.Value == "AuthenticAMD";

    /// <summary>The bfloat16 flags present, for messages ("amx_bf16, avx512_bf16", or "none").</summary>
    public static string BFloat16Summary => Flags.Value is null
        ? "unknown (no /proc/cpuinfo)"
        : string.Join(", ", new[] { "amx_bf16", "avx512_bf16" }.Where(Flags.Value.Contains).DefaultIfEmpty("none"));

    /// <summary>The flags of the first processor in a /proc/cpuinfo text.</summary>
    public static IReadOnlySet<string> Parse(string cpuinfo) =>
        (ParseField(cpuinfo, "flags") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>A field of the first processor in a /proc/cpuinfo text (null when absent).</summary>
    public static string? ParseField(string cpuinfo, string name)
    {
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? ReadCpuInfo()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/cpuinfo") : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
