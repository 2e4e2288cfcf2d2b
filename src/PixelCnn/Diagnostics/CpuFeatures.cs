using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PixelCnn.Diagnostics;

/// <summary>The processor's instruction-set flags that matter for bfloat16 (read from /proc/cpuinfo on Linux).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<IReadOnlySet<string>?> Flags = new(ReadFlags);

    /// <summary>True when the flags could be read (Linux).</summary>
    public static bool Known => Flags.Value is not null;

    /// <summary>AMX tiles with bfloat16 (Intel Sapphire Rapids and later): bfloat16 matrix products far faster than float32.</summary>
    public static bool AmxBFloat16 => Flags.Value?.Contains("amx_bf16") == true;

    /// <summary>AVX-512 bfloat16 dot products (Intel Cooper Lake and later, AMD Zen 4 and later).</summary>
    public static bool Avx512BFloat16 => Flags.Value?.Contains("avx512_bf16") == true;

    /// <summary>The bfloat16 flags present, for messages ("amx_bf16, avx512_bf16", or "none").</summary>
    public static string BFloat16Summary => Flags.Value is null
        ? "unknown (no /proc/cpuinfo)"
        : string.Join(", ", new[] { "amx_bf16", "avx512_bf16" }.Where(Flags.Value.Contains).DefaultIfEmpty("none"));

    /// <summary>The flags of the first processor in a /proc/cpuinfo text.</summary>
    public static IReadOnlySet<string> Parse(string cpuinfo)
    {
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "flags")
            {
                return line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            }
        }

        return new HashSet<string>(StringComparer.Ordinal);
    }

    private static IReadOnlySet<string>? ReadFlags()
    {
        try
        {
            return OperatingSystem.IsLinux() ? Parse(File.ReadAllText("/proc/cpuinfo")) : null;
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
