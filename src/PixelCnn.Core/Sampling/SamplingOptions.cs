namespace PixelCnn.Sampling;

/// <summary>
/// How <see cref="RasterSampler"/> draws: which sampler, how many images at once, the seed, the temperature and the
/// guidance.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Cached (exact, fast) or Naive (the whole network for every pixel).</summary>
    public SamplerKind Kind { get; init; } = SamplerKind.Cached;

    /// <summary>Images drawn together (the device's default when the cmdlets choose).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Seed of the images' random numbers: image i draws from its own stream of this seed, on every device and batch
    /// size.
    /// </summary>
    public long Seed { get; init; }

    /// <summary>Divides the logits before each draw (1: the model's distribution).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Classifier-free guidance of a conditional model (null: none).</summary>
    public Guidance? Guidance { get; init; }
}
