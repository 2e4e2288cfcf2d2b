namespace PixelCnn.Rendering;

/// <summary>Which per-pixel quantity Export-Png draws from distribution records.</summary>
public enum HeatMapKind
{
    /// <summary>Entropy of each pixel's distribution, 0 to 8 bits: where the model is unsure.</summary>
    Entropy,

    /// <summary>
    /// Negative log-likelihood of each actual value, 0 to 8 nats (clamped): where the image surprises the model.
    /// </summary>
    NegativeLogLikelihood,

    /// <summary>Probability of each actual value, 0 to 1.</summary>
    Probability,
}
