namespace PixelCnn.Sampling;

/// <summary>How Get-PixelCnnSample draws pixels.</summary>
public enum SamplerKind
{
    /// <summary>
    /// Exact fast sampling: each layer computed once per pixel position, with cached activations (the default).
    /// </summary>
    Cached,

    /// <summary>The tutorial's way: the whole network runs once per pixel (784 times for a 28x28 image).</summary>
    Naive,
}
