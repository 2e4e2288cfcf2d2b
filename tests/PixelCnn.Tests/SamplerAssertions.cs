namespace PixelCnn.Tests;

/// <summary>What every exact sampler must show, whatever the architecture.</summary>
internal static class SamplerAssertions
{
    /// <summary>
    /// The exact sampler draws the naive sampler's images (same seed, labels for a conditional model).
    /// </summary>
    public static void AssertSameSamples(PixelCnnModel model, int count, long seed)
    {
        var labels = model.Conditional
            ? SampleLabels.Expand(
                model,
                new[] { 3, 9, 0, 1 }.Take(count).Select(l => l % model.Classes).ToArray(),
                count
            )
            : null;
        var naive = TestModels.Sample(model, count, labels, SamplerKind.Naive, 2, seed);
        var cached = TestModels.Sample(model, count, labels, SamplerKind.Cached, 3, seed);
        Assert.Equal(count, cached.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(naive[i].Pixels, cached[i].Pixels);
            Assert.Equal(naive[i].Label, cached[i].Label);
            Assert.True(
                Math.Abs(naive[i].LogLikelihood!.Value - cached[i].LogLikelihood!.Value) < 1e-3,
                $"image {i}: log-likelihood naive {naive[i].LogLikelihood} cached {cached[i].LogLikelihood}"
            );
        }
    }

    /// <summary>
    /// Teacher-forced on three MNIST test digits (with their labels for a conditional model), the exact sampler of the
    /// model's architecture computes the network's logits.
    /// </summary>
    public static void AssertLogitsMatch<TState>(PixelCnnModel model)
        where TState : SamplerState
    {
        using var scope = torch.NewDisposeScope();
        ImageDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3);
        Tensor images = test.Images;
        Tensor? labels = model.Conditional ? torch.tensor(test.Labels!.Select(l => (long)l).ToArray()) : null;
        Tensor expected;
        using (torch.no_grad())
        {
            expected = model.Logits(images, labels).reshape(3, 256, 784).to(ScalarType.Float64);
        }

        using (SamplerState state = model.Network.CreateCachedState(3, labels))
        {
            Assert.IsType<TState>(state);
        }

        Tensor actual = RasterSampler.TeacherForcedLogits(model, SamplerKind.Cached, images, labels);
        double difference = (actual - expected).abs().max().item<double>();
        Assert.True(difference < 1e-3, $"max |cached - network| logit difference {difference}");
        Tensor p1 = nn.functional.softmax(actual, 1);
        Tensor p2 = nn.functional.softmax(expected, 1);
        double probabilityDifference = (p1 - p2).abs().max().item<double>();
        Assert.True(probabilityDifference < 1e-5, $"max probability difference {probabilityDifference}");
    }

    /// <summary>
    /// After two epochs on 256 MNIST training digits (batch 32, seed 1), the exact sampler draws the naive sampler's
    /// images and computes the network's logits.
    /// </summary>
    public static void AssertExactAfterTraining<TState>(PixelCnnModel model)
        where TState : SamplerState
    {
        ImageDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 256);
        new Trainer(
            model,
            new TrainingOptions
            {
                Epochs = 2,
                BatchSize = 32,
                Seed = 1,
            }
        ).Run(train, null).ToList();
        AssertSameSamples(model, count: 4, seed: 21);
        AssertLogitsMatch<TState>(model);
    }
}
