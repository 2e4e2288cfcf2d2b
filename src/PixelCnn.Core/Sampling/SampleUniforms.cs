namespace PixelCnn.Sampling;

/// <summary>
/// The random numbers of a sampling run: one uniform in [0,1) per pixel, drawn for each image from its own generator,
/// seeded from the run's seed and the image's index. Every sampler draws pixel values from these by inverse CDF, so
/// the same seed gives the same images whatever the sampler or the batch size, and a batch needs only its own rows
/// (memory stays bounded for any -Count). Never the process-wide generator: parallel runspaces stay reproducible.
/// </summary>
internal static class SampleUniforms
{
    /// <summary>
    /// The uniforms of the images with the given indices: float64 [count, pixels] on the CPU; the caller disposes it.
    /// </summary>
    public static Tensor Draw(long seed, IReadOnlyList<int> indices, int pixels)
    {
        using var scope = torch.NewDisposeScope();
        var rows = new Tensor[indices.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            using var generator = new torch.Generator(ImageSeed(seed, indices[i]));
            rows[i] = torch.rand(new long[] { 1, pixels }, ScalarType.Float64, generator: generator);
        }

        return torch.cat(rows, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The seed of image <paramref name="index"/> of a run: SplitMix64 of the run's seed and the index.
    /// </summary>
    public static ulong ImageSeed(long seed, long index)
    {
        unchecked
        {
            ulong z = ((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)index + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
