namespace PixelCnn.Networks;

/// <summary>The size of the images every PixelCNN here models: MNIST's 28x28 greyscale.</summary>
public static class ImageShape
{
    /// <summary>Rows.</summary>
    public const int Height = 28;

    /// <summary>Columns.</summary>
    public const int Width = 28;

    /// <summary>Pixels per image.</summary>
    public const int Pixels = Height * Width;
}
