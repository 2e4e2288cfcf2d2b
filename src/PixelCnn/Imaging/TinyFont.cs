using System.Collections.Generic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Imaging;

/// <summary>A 3x5 pixel font for the digits, '.', '-' and a few letters: enough for axis labels without a font engine.</summary>
internal static class TinyFont
{
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['0'] = new[] { "###", "#.#", "#.#", "#.#", "###" },
        ['1'] = new[] { ".#.", "##.", ".#.", ".#.", "###" },
        ['2'] = new[] { "###", "..#", "###", "#..", "###" },
        ['3'] = new[] { "###", "..#", "###", "..#", "###" },
        ['4'] = new[] { "#.#", "#.#", "###", "..#", "..#" },
        ['5'] = new[] { "###", "#..", "###", "..#", "###" },
        ['6'] = new[] { "###", "#..", "###", "#.#", "###" },
        ['7'] = new[] { "###", "..#", "..#", "..#", "..#" },
        ['8'] = new[] { "###", "#.#", "###", "#.#", "###" },
        ['9'] = new[] { "###", "#.#", "###", "..#", "###" },
        ['.'] = new[] { "...", "...", "...", "...", ".#." },
        ['-'] = new[] { "...", "...", "###", "...", "..." },
        [' '] = new[] { "...", "...", "...", "...", "..." },
    };

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale) => text.Length * 4 * scale;

    /// <summary>Draws text with its top-left corner at (x, y).</summary>
    public static void Draw(Image<Rgb24> image, string text, int x, int y, int scale, Rgb24 colour)
    {
        foreach (char ch in text)
        {
            if (Glyphs.TryGetValue(ch, out string[]? rows))
            {
                for (int r = 0; r < 5; r++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        if (rows[r][c] == '#')
                        {
                            for (int dy = 0; dy < scale; dy++)
                            {
                                for (int dx = 0; dx < scale; dx++)
                                {
                                    int px = x + (c * scale) + dx, py = y + (r * scale) + dy;
                                    if (px >= 0 && py >= 0 && px < image.Width && py < image.Height)
                                    {
                                        image[px, py] = colour;
                                    }
                                }
                            }
                        }
                    }
                }
            }

            x += 4 * scale;
        }
    }
}
