using PixelCnn.Sampling;

namespace PixelCnn.Tests;

/// <summary>Models and samples the tests make often, on the tests' device.</summary>
internal static class TestModels
{
    /// <summary>A fresh model of the architecture on <see cref="TestDevice.Current"/>, from a seed.</summary>
    public static PixelCnnModel Create(string architecture, int hidden, bool conditional, int seed) =>
        PixelCnnFactory.Create(architecture, hidden, conditional, TestDevice.Current, seed: seed);

    /// <summary>
    /// <paramref name="count"/> samples (with <paramref name="labels"/> for a conditional model) at temperature 1.
    /// </summary>
    public static List<PixelCnnImage> Sample(
        PixelCnnModel model,
        int count,
        IReadOnlyList<int>? labels,
        SamplerKind kind,
        int batchSize,
        long seed,
        Guidance? guidance = null
    ) =>
        RasterSampler
            .Sample(
                model,
                count,
                labels,
                new SamplingOptions
                {
                    Kind = kind,
                    BatchSize = batchSize,
                    Seed = seed,
                    Temperature = 1.0,
                    Guidance = guidance,
                }
            )
            .ToList();
}
