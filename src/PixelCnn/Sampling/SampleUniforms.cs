using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// The random numbers of a sampling run: one uniform in [0,1) per pixel of every image, drawn up front from the
/// seed (float64, [count, pixels], CPU). Every sampler draws pixel values from these by inverse CDF, so the same
/// seed gives the same images whatever the sampler or the batch size.
/// </summary>
internal static class SampleUniforms
{
    /// <summary>Draws the uniforms; the caller owns (disposes) the tensor.</summary>
    public static Tensor Draw(long seed, int count, int pixels)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(unchecked((ulong)seed));
        return torch.rand(new long[] { count, pixels }, ScalarType.Float64, generator: generator).MoveToOuterDisposeScope();
    }
}
