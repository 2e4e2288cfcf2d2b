using PixelCnn.Networks;

namespace PixelCnn.Data;

/// <summary>How pictures keep their aspect when they are brought to another size.</summary>
public enum ImageFit
{
    /// <summary>Scaled to fit inside the size, the rest filled with black (0): nothing is cut off.</summary>
    Pad,

    /// <summary>Scaled to cover the size, the centre kept: nothing is padded.</summary>
    Crop,

    /// <summary>Scaled to the size in each direction: the aspect changes.</summary>
    Stretch,
}

/// <summary>The resampling filter used when pictures are resized.</summary>
public enum ImageResampling
{
    /// <summary>Bicubic (ImageSharp's default): smooth, for photographs and scans.</summary>
    Bicubic,

    /// <summary>Bilinear.</summary>
    Bilinear,

    /// <summary>Nearest neighbour: keeps hard edges, for pixel art and pictures scaled by whole factors.</summary>
    NearestNeighbor,
}

/// <summary>
/// How <see cref="ImageFolderLoader"/> reads pictures: the size to bring them to (null: keep their own, which must
/// then be one size), fit and filter, labels from folder names, and inversion (dark on light becomes light on dark).
/// </summary>
public sealed record ImageLoadOptions
{
    /// <summary>The size every picture is brought to, or null to keep their own size.</summary>
    public ImageShape? Size { get; init; }

    /// <summary>How the aspect is kept when resizing.</summary>
    public ImageFit Fit { get; init; } = ImageFit.Pad;

    /// <summary>The resampling filter.</summary>
    public ImageResampling Resampling { get; init; } = ImageResampling.Bicubic;

    /// <summary>Label each picture by the name of the folder that holds it.</summary>
    public bool LabelFromFolder { get; init; }

    /// <summary>
    /// 255 - value for every pixel, after the greyscale conversion (before resizing, so padding is black).
    /// </summary>
    public bool Invert { get; init; }

    /// <summary>The dataset's name (default: the folder's or file's name).</summary>
    public string? Name { get; init; }
}
