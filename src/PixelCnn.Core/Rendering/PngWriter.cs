using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Rendering;

/// <summary>Draws pictures (scaled, or tiled into a grid) and writes them as PNG files whole or not at all.</summary>
internal static class PngWriter
{
    /// <summary>Grey level of the gaps between grid tiles.</summary>
    public const byte GapLevel = 128;

    /// <summary>One picture scaled by an integer factor (nearest neighbour).</summary>
    public static Image<Rgb24> Single(IPngSource source, int scale)
    {
        using Image<Rgb24> tile = source.Render();
        return Scaled(tile, scale);
    }

    /// <summary>
    /// Pictures tiled left to right, top to bottom, each scaled, with <paramref name="padding"/> pixels between them.
    /// </summary>
    public static Image<Rgb24> Grid(IReadOnlyList<IPngSource> sources, int columns, int scale, int padding)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one picture.", nameof(sources));
        }

        var tiles = sources.Select(s => Single(s, scale)).ToList();
        try
        {
            int tileWidth = tiles.Max(t => t.Width);
            int tileHeight = tiles.Max(t => t.Height);
            int rows = (tiles.Count + columns - 1) / columns;
            int width = (columns * tileWidth) + ((columns + 1) * padding);
            int height = (rows * tileHeight) + ((rows + 1) * padding);
            var grid = new Image<Rgb24>(width, height, new Rgb24(GapLevel, GapLevel, GapLevel));
            for (int i = 0; i < tiles.Count; i++)
            {
                int left = padding + ((i % columns) * (tileWidth + padding));
                int top = padding + ((i / columns) * (tileHeight + padding));
                Image<Rgb24> tile = tiles[i];
                for (int y = 0; y < tile.Height; y++)
                {
                    for (int x = 0; x < tile.Width; x++)
                    {
                        grid[left + x, top + y] = tile[x, y];
                    }
                }
            }

            return grid;
        }
        finally
        {
            tiles.ForEach(t => t.Dispose());
        }
    }

    /// <summary>Encodes the picture as PNG and writes it with <see cref="WriteAtomically"/>.</summary>
    public static void Save(Image<Rgb24> image, string path, bool greyscale, bool overwrite)
    {
        var encoder = new PngEncoder
        {
            ColorType = greyscale ? PngColorType.Grayscale : PngColorType.Rgb,
            BitDepth = PngBitDepth.Bit8,
        };
        WriteAtomically(path, overwrite, stream => image.SaveAsPng(stream, encoder));
    }

    /// <summary>
    /// Writes a file first to a temporary file in the same folder, then renames it over the target, so the target is
    /// never half-written. Without <paramref name="overwrite"/> an existing file stays.
    /// </summary>
    public static void WriteAtomically(string path, bool overwrite, Action<Stream> write)
    {
        string folder = Path.GetDirectoryName(path) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static Image<Rgb24> Scaled(Image<Rgb24> tile, int scale)
    {
        var result = new Image<Rgb24>(tile.Width * scale, tile.Height * scale);
        for (int y = 0; y < result.Height; y++)
        {
            for (int x = 0; x < result.Width; x++)
            {
                result[x, y] = tile[x / scale, y / scale];
            }
        }

        return result;
    }
}
