namespace PixelCnn.Networks;

/// <summary>The shape of a masked kernel's open region.</summary>
public enum MaskShape
{
    /// <summary>
    /// The original PixelCNN's mask: every row above the centre, and the centre row left of the centre.
    /// </summary>
    Full,

    /// <summary>
    /// The Gated PixelCNN's vertical stack: every row above the centre, and the whole centre row for type B.
    /// </summary>
    Vertical,

    /// <summary>The Gated PixelCNN's horizontal stack (a 1 x k kernel): the taps left of the centre.</summary>
    Horizontal,
}
