using PixelCnn.Initialization;

namespace PixelCnn.Tests;

/// <summary>New-PixelCnn -InitializeFrom: a new model that starts as a trained one.</summary>
public sealed class WarmStartTests
{
    [Fact]
    public void AConditionalModelStartsAsTheAveragedUnconditionalModelForEveryLabel()
    {
        using PixelCnnModel source = Trained(PixelCnnArchitecture.Gated, seed: 5, averageDecay: 0.99);
        using PixelCnnModel model = WarmStart.From(source, conditional: true, TestDevice.Current);

        Assert.True(model.Conditional);
        Assert.Equal(0, model.TrainingState.Epoch);
        Assert.Empty(model.TrainingState.History);
        Assert.Equal(
            $"Gated hidden 4, epoch 1, validation {source.TrainingState.ValidationBpd:F4} bpd",
            model.InitializedFrom
        );
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3).Images;
        Tensor expected = source.Logits(images, null);
        foreach (long label in new long[] { 0, 4, 9 })
        {
            Tensor actual = model.Logits(images, torch.full(3, label, ScalarType.Int64, TestDevice.Current));
            Assert.True(
                actual.eq(expected).all().item<bool>(),
                $"label {label}: the started model's logits differ from its source's"
            );
        }

        GatedBlock block = ((GatedPixelCnnNetwork)model.Network).Blocks.First();
        Assert.Equal(0.0, block.VerticalCondition!.weight!.abs().sum().item<float>()); // a host read in a test
    }

    [Fact]
    public void AnUnconditionalCopyCarriesTheBatchNormStatisticsToo()
    {
        using PixelCnnModel source = Trained(PixelCnnArchitecture.PixelCnn, seed: 2, averageDecay: null);
        using PixelCnnModel copy = WarmStart.From(source, conditional: false, TestDevice.Current);
        using PixelCnnModel fresh = TestModels.Create(PixelCnnArchitecture.PixelCnn, 4, false, 2);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2).Images;

        Assert.True(copy.Logits(images, null).eq(source.Logits(images, null)).all().item<bool>());
        Assert.False(
            fresh.Logits(images, null).eq(source.Logits(images, null)).all().item<bool>(),
            "the untrained model must differ, or the test shows nothing"
        );
    }

    [Fact]
    public void AConditionalSourceCannotStartAnUnconditionalModel()
    {
        using PixelCnnModel source = PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, true, TestDevice.Current, 1);
        var e = Assert.Throws<PixelCnnException>(() => WarmStart.From(source, conditional: false, TestDevice.Current));
        Assert.Equal("InitializeFromMismatch", e.ErrorId);
        Assert.Contains("class_cond_vert", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheckpointKeepsWhereTheModelStarted()
    {
        using PixelCnnModel source = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 1);
        using PixelCnnModel model = WarmStart.From(source, conditional: true, TestDevice.Current);
        string path = Path.Combine(Path.GetTempPath(), $"warm-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(model, path);
            using PixelCnnModel loaded = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal("Gated hidden 4, epoch 0", loaded.InitializedFrom);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static PixelCnnModel Trained(string architecture, int seed, double? averageDecay)
    {
        PixelCnnModel model = PixelCnnFactory.Create(architecture, 4, false, TestDevice.Current, seed);
        ImageDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 128);
        ImageDataset validation = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 32);
        new Trainer(
            model,
            new TrainingOptions
            {
                Epochs = 1,
                BatchSize = 32,
                Seed = 1,
                AverageDecay = averageDecay,
            }
        ).Run(train, validation).ToList();
        return model;
    }
}
