namespace PixelCnn.Likelihood;

/// <summary>The model's predicted distribution of one pixel of one image, given the pixels before it.</summary>
public sealed class PixelCnnPixelDistribution
{
    /// <summary>Index of the image the pixel belongs to.</summary>
    public int ImageIndex { get; init; }

    /// <summary>Row, 0 at the top.</summary>
    public int Row { get; init; }

    /// <summary>Column, 0 at the left.</summary>
    public int Column { get; init; }

    /// <summary>The pixel's actual value (0-255).</summary>
    public int Value { get; init; }

    /// <summary>The probability the model gives the actual value.</summary>
    public double Probability { get; init; }

    /// <summary>-ln(Probability), in nats.</summary>
    public double NegativeLogLikelihood { get; init; }

    /// <summary>Entropy of the distribution, in bits: how unsure the model is.</summary>
    public double Entropy { get; init; }

    /// <summary>The value with the highest probability.</summary>
    public int MostLikely { get; init; }

    /// <summary>The mean of the distribution.</summary>
    public double Expected { get; init; }

    /// <summary>All 256 probabilities (index = value); they sum to 1.</summary>
    public float[] Probabilities { get; init; } = System.Array.Empty<float>();

    /// <inheritdoc/>
    public override string ToString() =>
        $"#{this.ImageIndex} ({this.Row},{this.Column}) = {this.Value}: p {this.Probability:F4}, entropy "
        + $"{this.Entropy:F3} bits";
}
