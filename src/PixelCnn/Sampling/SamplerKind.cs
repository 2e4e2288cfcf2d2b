namespace PixelCnn.Sampling;

/// <summary>How Get-PixelCnnSample draws pixels.</summary>
public enum SamplerKind
{
    /// <summary>The tutorial's way: the whole network runs once per pixel, 784 times per image.</summary>
    Naive,
}
