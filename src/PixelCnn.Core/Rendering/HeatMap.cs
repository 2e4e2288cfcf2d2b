using PixelCnn.Likelihood;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Rendering;

/// <summary>
/// A per-pixel quantity of one image drawn as colours (dark purple low, through red and orange, to pale yellow
/// high), on a fixed range per quantity so maps of different images compare.
/// </summary>
internal sealed class HeatMap : IPngSource
{
    private static readonly (double At, byte R, byte G, byte B)[] Ramp =
    {
        (0.00, 0, 0, 4),
        (0.25, 87, 16, 110),
        (0.50, 188, 55, 84),
        (0.75, 249, 142, 9),
        (1.00, 252, 255, 164),
    };

    private readonly double[] values;
    private readonly int height;
    private readonly int width;

    private HeatMap(int index, double[] values, int height, int width)
    {
        this.Index = index;
        this.values = values;
        this.height = height;
        this.width = width;
    }

    /// <inheritdoc/>
    public int Index { get; }

    /// <inheritdoc/>
    public bool IsGreyscale => false;

    /// <summary>The upper end of the colour range of a quantity.</summary>
    public static double RangeOf(HeatMapKind kind) =>
        kind switch
        {
            HeatMapKind.Entropy => 8.0,
            HeatMapKind.NegativeLogLikelihood => 8.0,
            _ => 1.0,
        };

    /// <summary>The colour of a value in [0,1].</summary>
    public static Rgb24 Colour(double t)
    {
        t = Math.Clamp(double.IsFinite(t) ? t : 1.0, 0, 1);
        for (int i = 1; i < Ramp.Length; i++)
        {
            if (t <= Ramp[i].At)
            {
                var (a, b) = (Ramp[i - 1], Ramp[i]);
                double f = (t - a.At) / (b.At - a.At);
                return new Rgb24(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
            }
        }

        return new Rgb24(Ramp[^1].R, Ramp[^1].G, Ramp[^1].B);
    }

    /// <summary>Builds the map of one image from its distribution records (all of them, any order).</summary>
    public static HeatMap From(IReadOnlyList<PixelCnnPixelDistribution> records, HeatMapKind kind)
    {
        int height = 0,
            width = 0;
        foreach (PixelCnnPixelDistribution r in records)
        {
            height = Math.Max(height, r.Row + 1);
            width = Math.Max(width, r.Column + 1);
        }

        var values = new double[height * width];
        Array.Fill(values, double.NaN);
        foreach (PixelCnnPixelDistribution r in records)
        {
            double v = kind switch
            {
                HeatMapKind.Entropy => r.Entropy,
                HeatMapKind.NegativeLogLikelihood => r.NegativeLogLikelihood,
                _ => r.Probability,
            };
            values[(r.Row * width) + r.Column] = v / RangeOf(kind);
        }

        return new HeatMap(records[0].ImageIndex, values, height, width);
    }

    /// <inheritdoc/>
    public Image<Rgb24> Render()
    {
        var image = new Image<Rgb24>(this.width, this.height);
        for (int r = 0; r < this.height; r++)
        {
            for (int c = 0; c < this.width; c++)
            {
                double v = this.values[(r * this.width) + c];
                image[c, r] = double.IsNaN(v) ? new Rgb24(128, 128, 128) : Colour(v);
            }
        }

        return image;
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}
