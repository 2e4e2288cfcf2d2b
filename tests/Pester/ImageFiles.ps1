# Image files for the tests, written and read independently of the module (dot-sourced by TestHelpers.psm1).

function Read-Png {
    <#
    Decodes a PNG with ImageSharp into its width, height and RGB pixels (Pixels[i].R/G/B, row-major);
    [PixelCnnTests.PngReader]::IndicesOf and ::Differences search the pixels in C# (a PowerShell loop over a 640x480
    chart takes seconds). ImageSharp is
    loaded into the test's own (default) load context, apart from the module's copy.
    The compiler's CS1701 warnings (ImageSharp is built against System.Runtime 4.2.2.0, unified with 10.0) are harmless.
    #>
    param([Parameter(Mandatory)][string]$Path)
    if (-not ('PixelCnnTests.PngReader' -as [type])) {
        $imageSharp = Join-Path (Get-ModuleBinFolder) 'SixLabors.ImageSharp.dll'
        Add-Type -LiteralPath $imageSharp
        Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $imageSharp, 'System.Runtime', 'System.Memory', 'System.Collections', 'netstandard' -TypeDefinition @'
namespace PixelCnnTests
{
    public static class PngReader
    {
        public static SixLabors.ImageSharp.PixelFormats.Rgb24[] Read(string path, out int width, out int height)
        {
            using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(path);
            width = image.Width;
            height = image.Height;
            var pixels = new SixLabors.ImageSharp.PixelFormats.Rgb24[width * height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }

        /// <summary>The indices (row-major) of the pixels of one colour.</summary>
        public static int[] IndicesOf(SixLabors.ImageSharp.PixelFormats.Rgb24[] pixels, byte r, byte g, byte b)
        {
            var found = new System.Collections.Generic.List<int>();
            for (int i = 0; i < pixels.Length; i++)
            {
                if (pixels[i].R == r && pixels[i].G == g && pixels[i].B == b)
                {
                    found.Add(i);
                }
            }

            return found.ToArray();
        }

        /// <summary>The indices (row-major) where two images of the same size differ in any channel.</summary>
        public static int[] Differences(SixLabors.ImageSharp.PixelFormats.Rgb24[] a, SixLabors.ImageSharp.PixelFormats.Rgb24[] b)
        {
            var found = new System.Collections.Generic.List<int>();
            for (int i = 0; i < a.Length; i++)
            {
                if (!a[i].Equals(b[i]))
                {
                    found.Add(i);
                }
            }

            return found.ToArray();
        }
    }
}
'@
    }
    $width = 0; $height = 0
    $pixels = [PixelCnnTests.PngReader]::Read($Path, [ref]$width, [ref]$height)
    [pscustomobject]@{ Width = $width; Height = $height; Pixels = $pixels }
}

function Write-Png {
    <#
    Writes a PNG by hand, independently of the module: 8-bit greyscale (one byte per pixel) or, with -Rgba, 8-bit RGBA
    (four bytes per pixel), rows of $Width, one zlib IDAT of filter-0 rows.
    #>
    param([string]$Path, [byte[]]$Pixels, [int]$Height, [int]$Width, [switch]$Rgba)
    $crcTable = foreach ($n in 0..255) {
        $c = [uint32]$n
        foreach ($k in 1..8) { $c = if ($c -band 1) { 0xEDB88320 -bxor ($c -shr 1) } else { $c -shr 1 } }
        $c
    }
    $bigEndian = { param([uint32]$Value) $b = [BitConverter]::GetBytes($Value); [Array]::Reverse($b); $b }
    $chunk = {
        param([string]$Type, [byte[]]$Data)
        $body = [Text.Encoding]::ASCII.GetBytes($Type) + $Data
        $crc = [uint32]::MaxValue
        foreach ($b in $body) { $crc = $crcTable[($crc -bxor $b) -band 0xFF] -bxor ($crc -shr 8) }
        (& $bigEndian $Data.Length) + $body + (& $bigEndian ($crc -bxor [uint32]::MaxValue))
    }
    $channels = if ($Rgba) { 4 } else { 1 }
    $raw = [IO.MemoryStream]::new()
    foreach ($r in 0..($Height - 1)) { $raw.WriteByte(0); $raw.Write($Pixels, $r * $Width * $channels, $Width * $channels) }
    $packed = [IO.MemoryStream]::new()
    $zlib = [IO.Compression.ZLibStream]::new($packed, [IO.Compression.CompressionLevel]::Optimal)
    $zlib.Write($raw.ToArray(), 0, [int]$raw.Length); $zlib.Dispose()
    $header = (& $bigEndian $Width) + (& $bigEndian $Height) + [byte[]](8, $(if ($Rgba) { 6 } else { 0 }), 0, 0, 0)
    $png = [byte[]](137, 80, 78, 71, 13, 10, 26, 10) + (& $chunk 'IHDR' $header) + (& $chunk 'IDAT' $packed.ToArray()) +
        (& $chunk 'IEND' ([byte[]]@()))
    [IO.File]::WriteAllBytes($Path, $png)
}

function Write-Idx {
    <#
    Writes an IDX file the way MNIST's canonical files are laid out: a big-endian magic number (0x803 images, 0x801
    labels) and dimensions, then the bytes; gzip-compressed with -Gzip.
    #>
    param([string]$Path, [int]$Magic, [int[]]$Dimensions, [byte[]]$Data, [switch]$Gzip)
    $stream = [IO.MemoryStream]::new()
    foreach ($value in @($Magic) + $Dimensions) {
        $b = [BitConverter]::GetBytes([int]$value); [Array]::Reverse($b); $stream.Write($b, 0, 4)
    }
    $stream.Write($Data, 0, $Data.Length)
    $bytes = $stream.ToArray()
    if ($Gzip) {
        $out = [IO.MemoryStream]::new()
        $gz = [IO.Compression.GZipStream]::new($out, [IO.Compression.CompressionLevel]::Fastest)
        $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose()
        $bytes = $out.ToArray()
    }
    [IO.File]::WriteAllBytes($Path, $bytes)
}
