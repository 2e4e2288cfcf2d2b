namespace PixelCnn.Training;

/// <summary>
/// Bits per dimension: the mean negative log-likelihood of a pixel in nats divided by ln 2, with no
/// dequantization (the convention of the published MNIST PixelCNN results).
/// </summary>
public static class BitsPerDimension
{
    /// <summary>Converts a mean per-pixel negative log-likelihood in nats to bits per dimension.</summary>
    public static double FromNatsPerPixel(double nats) => nats / Math.Log(2);
}
