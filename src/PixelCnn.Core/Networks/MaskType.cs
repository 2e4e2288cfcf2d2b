namespace PixelCnn.Networks;

/// <summary>The two masks of PixelCNN's masked convolutions (van den Oord et al. 2016).</summary>
public enum MaskType
{
    /// <summary>Hides the centre pixel and everything after it: used once, on the input image.</summary>
    A,

    /// <summary>Keeps the centre pixel, hides everything after it: used on hidden features.</summary>
    B,
}
