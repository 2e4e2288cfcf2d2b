using PixelCnn.Errors;

namespace PixelCnn.Networks;

/// <summary>
/// The size of the greyscale images a model is for: rows and columns. A model learns one size (New-PixelCnn -Height
/// -Width, MNIST's 28x28 by default); its checkpoints record it, and its data, samples and completions have it.
/// </summary>
public readonly record struct ImageShape(int Height, int Width)
{
    /// <summary>
    /// The longest side accepted: sampling costs one network step per pixel, so 256x256 is 65,536 steps.
    /// </summary>
    public const int MaxSide = 256;

    /// <summary>MNIST's 28x28, every model's size unless it is given another.</summary>
    public static ImageShape Mnist { get; } = new(28, 28);

    /// <summary>Pixels per image.</summary>
    public int Pixels => this.Height * this.Width;

    /// <summary>This shape, or an error when a side is below 1 or above <see cref="MaxSide"/>.</summary>
    public ImageShape Checked() =>
        this.Height is >= 1 and <= MaxSide && this.Width is >= 1 and <= MaxSide
            ? this
            : throw new PixelCnnException(
                $"An image size of {this} is not supported: each side is 1 to {MaxSide} pixels.",
                "UnsupportedImageSize",
                PixelCnnErrorKind.InvalidArgument,
                this.ToString()
            );

    /// <summary>"28x28": rows, then columns.</summary>
    public override string ToString() => $"{this.Height}x{this.Width}";
}
