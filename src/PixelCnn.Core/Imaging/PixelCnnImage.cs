namespace PixelCnn.Imaging;

/// <summary>
/// One greyscale image in the pipeline: an MNIST digit, a picture from a folder, or a sample drawn from a model.
/// <c>Export-Png</c> draws it; the distribution and likelihood cmdlets score it.
/// </summary>
public sealed class PixelCnnImage
{
    /// <summary>Creates an image from row-major pixels.</summary>
    public PixelCnnImage(int index, byte[] pixels, int height = 28, int width = 28)
    {
        if (pixels.Length != height * width)
        {
            throw new ArgumentException(
                $"An image of {height}x{width} needs {height * width} pixels, not {pixels.Length}.",
                nameof(pixels)
            );
        }

        this.Index = index;
        this.Pixels = pixels;
        this.Height = height;
        this.Width = width;
    }

    /// <summary>Position of the image in its dataset or sample run (0-based).</summary>
    public int Index { get; }

    /// <summary>For a completion (Complete-PixelCnnImage): the Index of the image it completes.</summary>
    public int? Completes { get; init; }

    /// <summary>
    /// For a completion or its known part: true where the pixel was given rather than drawn (one per pixel, raster
    /// order).
    /// </summary>
    public bool[]? Known { get; init; }

    /// <summary>
    /// True for the known part of an image (Complete-PixelCnnImage -IncludeInput): Export-Png draws its unknown pixels
    /// in colour.
    /// </summary>
    public bool MarksUnknown { get; init; }

    /// <summary>The class index where known (MNIST: the digit, 0-9).</summary>
    public int? Label { get; init; }

    /// <summary>
    /// The name of the class where it has one besides its index (a folder's name, a model's class name).
    /// </summary>
    public string? ClassName { get; init; }

    /// <summary>The file the image was read from (Import-PixelCnnDataset), if any.</summary>
    public string? File { get; init; }

    /// <summary>
    /// The same image with another label (or none): for asking a class-conditional model how likely the image is
    /// as another digit, e.g. <c>0..9 | ForEach-Object { $image.WithLabel($_) } | Measure-PixelCnnLikelihood
    /// -PerImage</c>.
    /// </summary>
    public PixelCnnImage WithLabel(int? label) =>
        new(this.Index, this.Pixels, this.Height, this.Width)
        {
            Label = label,
            Seed = this.Seed,
            Source = this.Source,
            File = this.File,
        };

    /// <summary>The seed of the sampling run that drew the image (samples only).</summary>
    public long? Seed { get; init; }

    /// <summary>The image's log-likelihood under the model that drew it, in nats (samples only).</summary>
    public double? LogLikelihood { get; init; }

    /// <summary>Bits per dimension of the image under the model that drew it (samples only).</summary>
    public double? BitsPerDim =>
        this.LogLikelihood is double ll ? -ll / (this.Pixels.Length * System.Math.Log(2)) : null;

    /// <summary>Where the image comes from, for example "MNIST Test" or "Sample".</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Pixel values 0-255, row-major (index = row * Width + column).</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixel value at a row and column.</summary>
    public byte this[int row, int column] => this.Pixels[(row * this.Width) + column];

    /// <summary>Mean pixel value (0-255).</summary>
    public double Mean => this.Pixels.Length == 0 ? 0 : this.Pixels.Average(static p => (double)p);

    /// <summary>The pixels as rows of text (one character per pixel, darker to brighter), for a quick look.</summary>
    public string ToAsciiArt()
    {
        const string ramp = " .:-=+*#%@";
        var builder = new System.Text.StringBuilder((this.Width + 1) * this.Height);
        for (int r = 0; r < this.Height; r++)
        {
            for (int c = 0; c < this.Width; c++)
            {
                builder.Append(ramp[this[r, c] * (ramp.Length - 1) / 255]);
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        this.Label is int label
            ? $"{this.Source} #{this.Index} (label "
                + $"{this.ClassName ?? label.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
            : $"{this.Source} #{this.Index}";
}
