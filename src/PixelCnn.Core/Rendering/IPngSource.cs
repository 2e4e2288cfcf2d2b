using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Rendering;

/// <summary>Something <c>Export-Png</c> can draw: an image, a heat map, a receptive field.</summary>
internal interface IPngSource
{
    /// <summary>Number used for the {0} placeholder of file names.</summary>
    int Index { get; }

    /// <summary>True when the picture has only grey levels (saved as an 8-bit greyscale PNG).</summary>
    bool IsGreyscale { get; }

    /// <summary>Draws the picture at one pixel per image pixel.</summary>
    Image<Rgb24> Render();
}
