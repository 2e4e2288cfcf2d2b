using PixelCnn.Numerics;

namespace PixelCnn.Sampling;

/// <summary>
/// Draws pixel values from logits by inverse CDF, so every sampler given the same uniforms draws the same values.
/// </summary>
public static class PixelDraw
{
    /// <summary>
    /// For logits [B,256] (float64), temperature T and uniforms [B] in [0,1): the smallest value v whose cumulative
    /// probability under softmax(logits / T) exceeds the uniform. Returns int64 values [B].
    /// </summary>
    public static Tensor InverseCdf(Tensor logits, double temperature, Tensor uniforms)
    {
        using var scope = torch.NewDisposeScope();
        using Scalar t = temperature;
        Tensor probabilities = nn.functional.softmax(logits.div(t), 1);
        Tensor cdf = probabilities.cumsum(1);
        Tensor below = cdf.lt(uniforms.unsqueeze(1)).sum(1); // how many values the uniform passes
        return below.clamp_max(Scalars.MaxPixel).to(ScalarType.Int64).MoveToOuterDisposeScope();
    }
}
