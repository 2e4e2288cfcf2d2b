namespace PixelCnn.Likelihood;

/// <summary>How likely images are under a model: for a whole dataset, or for one image (-PerImage).</summary>
public sealed class PixelCnnLikelihood
{
    /// <summary>"Dataset" or "Image".</summary>
    public string Scope { get; init; } = "Dataset";

    /// <summary>The image's index (per image only).</summary>
    public int? Index { get; init; }

    /// <summary>The image's label, where known (per image only).</summary>
    public int? Label { get; init; }

    /// <summary>Number of images measured.</summary>
    public int Images { get; init; }

    /// <summary>Mean negative log-likelihood of an image, in nats (summed over its pixels).</summary>
    public double NegativeLogLikelihood { get; init; }

    /// <summary>Mean negative log-likelihood of a pixel, in nats.</summary>
    public double NatsPerPixel { get; init; }

    /// <summary>Bits per dimension: NatsPerPixel / ln 2.</summary>
    public double BitsPerDim { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{this.BitsPerDim:F4} bits/dim over {this.Images} image(s)";
}
