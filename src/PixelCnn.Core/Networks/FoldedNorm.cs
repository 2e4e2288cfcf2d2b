using PixelCnn.Numerics;

namespace PixelCnn.Networks;

/// <summary>
/// An evaluation-mode BatchNorm folded into the layer before it, for the cached samplers: norm(W x + b) is
/// (s W) x + (s b + t) with s = weight / sqrt(running_var + eps) and t = bias - s running_mean, per output channel.
/// </summary>
internal static class FoldedNorm
{
    /// <summary>
    /// <paramref name="weight"/> (output channels first, any shape after) and <paramref name="bias"/> with
    /// <paramref name="norm"/> folded in; both as given when there is no norm.
    /// </summary>
    [InCallersDisposeScope]
    public static (Tensor Weight, Tensor Bias) Apply(Tensor weight, Tensor bias, BatchNormalization2d? norm)
    {
        if (norm is null)
        {
            return (weight, bias);
        }

        using Scalar eps = norm.eps;
        Tensor scale = norm.weight! / norm.running_var!.add(eps, Scalars.One).sqrt();
        Tensor shift = norm.bias! - (scale * norm.running_mean!);
        long[] perChannel = Enumerable.Repeat(1L, (int)weight.dim()).ToArray();
        perChannel[0] = -1;
        return (weight * scale.reshape(perChannel), (bias * scale).Plus(shift));
    }
}
