using PixelCnn.Initialization;

namespace PixelCnn.Tests;

/// <summary>
/// -LabelLearningRateScale: a conditional model's label embeddings in an Adam group of their own, at a multiple of the
/// rate; the rest trains exactly as without it, and checkpoints resume it.
/// </summary>
public sealed class LabelLearningRateTests
{
    private static LearningRateSchedule Schedule(double labelScale) =>
        new(LearningRateScheduleKind.Exponential, 1e-3, 0.99, null, 0, labelScale);

    [Fact]
    public void TheLabelParametersAreTheEmbeddingsOfEveryBlock()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        using PixelCnnModel plain = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 1);
        using PixelCnnModel tutorial = TestModels.Create(PixelCnnArchitecture.PixelCnn, 4, false, 1);

        var names = conditional.Network.NamedLabelParameters().Select(p => p.Name).ToList();
        Assert.Equal(14, names.Count); // 7 blocks x (vertical, horizontal)
        Assert.All(names, n => Assert.Matches(@"^conv_layers\.\d\.class_cond_(vert|horiz)\.weight$", n));
        Assert.Empty(plain.Network.NamedLabelParameters());
        Assert.Empty(tutorial.Network.NamedLabelParameters());
        Assert.Equal("0.001 x 0.99^epoch, label parameters x 30", Schedule(30).ToString());
        Assert.DoesNotContain("label", Schedule(1).ToString());
    }

    [Fact]
    public void ScaledLabelsMoveThatMuchFurtherAndEverythingElseTrainsBitForBitAsBefore()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 16);
        using PixelCnnModel one = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 9);
        using PixelCnnModel scaled = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 9);
        var before = StateLoader.StateTensors(one.Network).ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        var labelNames = one.Network.NamedLabelParameters().Select(p => p.Name).ToHashSet();

        _ = Train(one, data, 1, seed: 2);
        _ = Train(scaled, data, 30, seed: 2);

        var a = StateLoader.StateTensors(one.Network);
        var b = StateLoader.StateTensors(scaled.Network);
        int moved = 0;
        foreach (var (name, start) in before)
        {
            if (labelNames.Contains(name))
            {
                // Adam's first step is lr * g / (|g| + eps) per element: 30 times as far with 30 times the rate.
                using Tensor stepOne = a[name] - start;
                using Tensor stepScaled = b[name] - start;
                Assert.True(
                    stepScaled.allclose(stepOne * 30, rtol: 1e-3, atol: 1e-6),
                    $"{name}: the scaled step is not 30 times the plain one"
                );
                moved += (int)stepOne.ne(0).sum().item<long>();
            }
            else
            {
                Assert.True(
                    a[name].eq(b[name]).all().item<bool>(),
                    $"{name} differs although only the label group's rate changed"
                );
            }
        }

        Assert.True(moved > 0, "no label embedding moved: the batch's labels had no gradient");
    }

    [Fact]
    public void ACheckpointKeepsTheScaleAndResumesExactly()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 32);
        var options = new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 16,
            Seed = 4,
            Schedule = Schedule(20),
        };
        using PixelCnnModel source = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 3);
        using PixelCnnModel model = WarmStart.From(source, conditional: true, TestDevice.Current);
        _ = new Trainer(model, options).Run(data, null).ToList();

        string path = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            $"label-scale-{Guid.NewGuid():N}.safetensors"
        );
        try
        {
            CheckpointWriter.Save(model, path);
            Assert.Equal("20", SafeTensorsFile.Read(path).Metadata["pixelcnn.label_learning_rate_scale"]);
            using PixelCnnModel loaded = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal(20, loaded.TrainingState.Schedule!.LabelScale);

            _ = new Trainer(model, options).Run(data, null).ToList();
            _ = new Trainer(loaded, options).Run(data, null).ToList();
            foreach (var (name, tensor) in StateLoader.StateTensors(model.Network))
            {
                Assert.True(
                    tensor.eq(StateLoader.StateTensors(loaded.Network)[name]).all().item<bool>(),
                    $"{name} differs after resuming from the checkpoint"
                );
            }
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void AdamStateOfOneGroupCannotGoOnInTwoNorTheOtherWayRound()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 16);
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 5);
        _ = Train(model, data, 1, seed: 1);
        var error = Assert.Throws<PixelCnnException>(() => Train(model, data, 30));
        Assert.Equal("LabelLearningRateScaleChange", error.ErrorId);
        Assert.Equal(1, model.TrainingState.Epoch); // nothing trained

        using PixelCnnModel scaled = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 5);
        _ = Train(scaled, data, 30, seed: 1);
        error = Assert.Throws<PixelCnnException>(() => Train(scaled, data, 1));
        Assert.Equal("LabelLearningRateScaleChange", error.ErrorId);

        // Another scale with the same two groups goes on.
        _ = Train(scaled, data, 10, seed: 1);
        Assert.Equal(2, scaled.TrainingState.Epoch);
    }

    /// <summary>One epoch in batches of 16 with the label parameters' rate at <paramref name="scale"/> times.</summary>
    private static List<PixelCnnEpochRecord> Train(PixelCnnModel model, ImageDataset data, int scale, long seed = 0) =>
        new Trainer(
            model,
            new TrainingOptions
            {
                Epochs = 1,
                BatchSize = 16,
                Seed = seed,
                Schedule = Schedule(scale),
            }
        ).Run(data, null).ToList();
}
