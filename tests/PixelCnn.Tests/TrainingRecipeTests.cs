namespace PixelCnn.Tests;

/// <summary>The learning-rate schedules and the weight average: values by formula, checkpoints and resuming.</summary>
public sealed class TrainingRecipeTests
{
    [Fact]
    public void ScheduleRatesFollowTheirFormulas()
    {
        var exponential = new LearningRateSchedule(LearningRateScheduleKind.Exponential, 1e-3, 0.99, null, 0);
        Assert.Equal(1e-3, exponential.At(1, 0, 10));
        Assert.Equal(1e-3 * 0.99 * 0.99, exponential.At(3, 7, 10));
        Assert.False(exponential.PerBatch);

        var cosine = new LearningRateSchedule(LearningRateScheduleKind.Cosine, 2e-3, 0.99, 4, 0);
        Assert.Equal(2e-3, cosine.At(1, 0, 10));
        Assert.Equal(1e-3, cosine.At(3, 0, 10), 15); // t = 2 of 4: cos(pi/2) = 0
        Assert.Equal(2e-3 * (1 + Math.Cos(Math.PI * 3.5 / 4)) / 2, cosine.At(4, 5, 10), 15);
        Assert.True(cosine.At(4, 9, 10) < 2e-3 * 0.002); // the last batch is near zero
        Assert.True(cosine.PerBatch);
        Assert.False(cosine.EndsBefore(4));
        Assert.True(cosine.EndsBefore(5));

        var warm = new LearningRateSchedule(LearningRateScheduleKind.Cosine, 1e-3, 0.99, 5, 1);
        Assert.Equal(1e-3 * 0.25, warm.At(1, 0, 4), 15); // (0 + 1/4) / 1 of the rate
        Assert.Equal(1e-3 * 0.75, warm.At(1, 2, 4), 15);
        Assert.Equal(1e-3, warm.At(2, 0, 4), 15); // cosine starts after warm-up
        Assert.Equal(1e-3 * (1 + Math.Cos(Math.PI * 2 / 4)) / 2, warm.At(4, 0, 4), 15);
    }

    [Fact]
    public void AverageFollowsTheExponentialMovingAverageAndSwapsExactly()
    {
        using var layer = new MaskedConvolution(1, 2, 3, MaskType.A);
        using var average = WeightAverage.Start(layer, decay: 0.9);
        Assert.Equal(new[] { "conv.weight", "conv.bias" }, average.Names.ToArray());

        Tensor weight = layer.Convolution.weight!;
        using Tensor w0 = weight.detach().clone();
        using Tensor w1 = torch.randn(weight.shape);
        using Tensor w2 = torch.randn(weight.shape);
        using (torch.no_grad())
        {
            weight.copy_(w1);
        }

        average.Update(); // d = min(0.9, 1/10) = 0.1
        using (torch.no_grad())
        {
            weight.copy_(w2);
        }

        average.Update(); // d = min(0.9, 2/11)
        double d1 = 2.0 / 11;
        using Tensor expected = (((w0 * 0.1) + (w1 * 0.9)) * d1) + (w2 * (1 - d1));
        Assert.Equal(2, average.Steps);

        average.UseAverage();
        Assert.True(average.NetworkHoldsAverage);
        Assert.True(
            weight.allclose(expected, rtol: 0, atol: 1e-6),
            "the average differs from the EMA computed by hand"
        );
        Assert.True(
            average.RawWeights().First().Value.eq(w2).all().item<bool>(),
            "the raw weights are not kept while the average is in the network"
        );
        average.UseRaw();
        Assert.True(weight.eq(w2).all().item<bool>(), "swapping back does not restore the trained weights exactly");
        Assert.Throws<InvalidOperationException>(() =>
        {
            average.UseAverage();
            average.Update();
        });
    }

    [Fact]
    public void AveragedCheckpointHoldsTheAverageAndResumesBothSets()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 64);
        var options = new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 16,
            Seed = 3,
            Schedule = new LearningRateSchedule(LearningRateScheduleKind.Cosine, 1e-3, 0.99, 2, 0),
            AverageDecay = 0.99,
        };
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 11);
        _ = new Trainer(model, options).Run(data, null).ToList();
        Assert.True(model.TrainingState.Average!.NetworkHoldsAverage);

        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"avg-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(model, path);
            using PixelCnnModel loaded = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal(0.99, loaded.TrainingState.AverageDecay);
            Assert.Equal(4, loaded.TrainingState.Average!.Steps);
            Assert.Equal(LearningRateScheduleKind.Cosine, loaded.TrainingState.Schedule!.Kind);
            Assert.Equal(2, loaded.TrainingState.Schedule.Epochs);
            AssertSameState(
                StateLoader.StateTensors(model.Network),
                StateLoader.StateTensors(loaded.Network),
                "average"
            );
            AssertSameState(RawWeights(model), RawWeights(loaded), "trained");

            // A second epoch from the file equals a second epoch of the model in memory.
            _ = new Trainer(model, options).Run(data, null).ToList();
            _ = new Trainer(loaded, options).Run(data, null).ToList();
            AssertSameState(
                StateLoader.StateTensors(model.Network),
                StateLoader.StateTensors(loaded.Network),
                "resumed"
            );

            // The shipped form (no training state) samples with the average and has no trained weights to resume.
            byte[] shipped = CheckpointWriter.Serialize(model, includeOptimizerState: false);
            Assert.DoesNotContain("pixelcnn.trained_weights", SafeTensorsFile.Parse("shipped", shipped).Metadata.Keys);

            // Past the cosine schedule's end training stops with a clear error.
            var error = Assert.Throws<PixelCnnException>(() => new Trainer(model, options).Run(data, null).ToList());
            Assert.Equal("ScheduleEnded", error.ErrorId);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static Dictionary<string, Tensor> RawWeights(PixelCnnModel model) =>
        model.TrainingState.Average!.RawWeights().ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public void TheEpochRecordKeepsItsWorstBatchAndWhereItRanAndTheCheckpointKeepsThem()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 64);
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 2);
        var losses = new List<double>();
        PixelCnnEpochRecord record = new Trainer(
            model,
            new TrainingOptions
            {
                Epochs = 1,
                BatchSize = 16,
                Seed = 1,
            }
        ).Run(data, null, p => losses.Add(p.Loss)).Single();

        Assert.Equal(4, losses.Count);
        Assert.Equal(BitsPerDimension.FromNatsPerPixel(losses.Max()), record.MaxBatchBpd);
        Assert.True(record.MaxBatchBpd > record.TrainBpd, "the worst of four different batches is above their mean");
        Assert.Equal(Diagnostics.RuntimeInfo.Hardware(TestDevice.Current), record.Hardware);

        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(model, path);
            using PixelCnnModel loaded = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal(record.MaxBatchBpd, loaded.TrainingState.History.Single().MaxBatchBpd);
            Assert.Equal(record.Hardware, loaded.TrainingState.History.Single().Hardware);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static void AssertSameState(
        IReadOnlyDictionary<string, Tensor> expected,
        IReadOnlyDictionary<string, Tensor> actual,
        string what
    )
    {
        Assert.Equal(
            expected.Keys.OrderBy(k => k, StringComparer.Ordinal),
            actual.Keys.OrderBy(k => k, StringComparer.Ordinal)
        );
        foreach (var (name, tensor) in expected)
        {
            double diff = (tensor - actual[name]).abs().max().item<float>();
            Assert.True(diff < 1e-6, $"{what} '{name}' differs by {diff}");
        }
    }
}
