using PixelCnn.Imaging;
using PixelCnn.Model;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Rendering;

/// <summary>Adapts the module's output objects to <see cref="IPngSource"/>.</summary>
internal static class PngSources
{
    /// <summary>The drawable form of a pipeline object, or null when it cannot be drawn.</summary>
    public static IPngSource? From(object value) =>
        value switch
        {
            PixelCnnImage image => new ImageSource(image),
            PixelCnnReceptiveField field => new ReceptiveFieldSource(field),
            _ => null,
        };

    /// <summary>
    /// Grey levels; the known part of an image to complete shows its unknown pixels in <see cref="Unknown"/>.
    /// </summary>
    private sealed class ImageSource(PixelCnnImage image) : IPngSource
    {
        /// <summary>The colour of pixels to be completed (a mid blue, unlike any grey level).</summary>
        public static readonly Rgb24 Unknown = new(40, 90, 220);

        public int Index => image.Index;

        public bool IsGreyscale => !(image.MarksUnknown && image.Known is not null);

        public Image<Rgb24> Render()
        {
            var result = new Image<Rgb24>(image.Width, image.Height);
            bool marks = !this.IsGreyscale;
            for (int r = 0; r < image.Height; r++)
            {
                for (int c = 0; c < image.Width; c++)
                {
                    byte v = image[r, c];
                    result[c, r] = marks && !image.Known![(r * image.Width) + c] ? Unknown : new Rgb24(v, v, v);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// The predicted pixel red, its field white, the blind spot (earlier pixels within reach that it does not see)
    /// orange, other earlier pixels (out of reach) dark blue, later pixels black.
    /// </summary>
    private sealed class ReceptiveFieldSource(PixelCnnReceptiveField receptive) : IPngSource
    {
        public int Index => (receptive.Row * receptive.Width) + receptive.Column;

        public bool IsGreyscale => false;

        public Image<Rgb24> Render()
        {
            var result = new Image<Rgb24>(receptive.Width, receptive.Height);
            int target = (receptive.Row * receptive.Width) + receptive.Column;
            var blind = new HashSet<int>(receptive.BlindSpot.Select(p => (p.Row * receptive.Width) + p.Column));
            for (int r = 0; r < receptive.Height; r++)
            {
                for (int c = 0; c < receptive.Width; c++)
                {
                    int i = (r * receptive.Width) + c;
                    result[c, r] =
                        i == target ? new Rgb24(220, 30, 30)
                        : receptive.Contains(r, c) ? new Rgb24(240, 240, 240)
                        : blind.Contains(i) ? new Rgb24(240, 140, 20)
                        : i < target ? new Rgb24(30, 40, 110)
                        : new Rgb24(0, 0, 0);
                }
            }

            return result;
        }
    }
}
