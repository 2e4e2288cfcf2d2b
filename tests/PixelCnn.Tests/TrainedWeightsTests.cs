namespace PixelCnn.Tests;

/// <summary>Import-PixelCnn -TrainedWeights: the trained weights of an averaged run instead of their average.</summary>
public sealed class TrainedWeightsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pixelcnn-trained-").FullName;
    private readonly ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 64);
    private readonly ImageDataset validation = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 24);

    public void Dispose() => Directory.Delete(this.folder, recursive: true);

    [Fact]
    public void TrainedWeightsAreTheRunsOwnAndScoreWhatTheirRecordSays()
    {
        using PixelCnnModel run = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 5);
        PixelCnnEpochRecord record = new Trainer(run, Options(averageDecay: 0.99))
            .Run(this.data, this.validation)
            .Single();
        Assert.NotEqual(record.ValidationBpd, record.TrainedValidationBpd);
        string path = this.Save(run, "run");

        using PixelCnnModel averaged = CheckpointReader.Load(path, TestDevice.Current).Model;
        using PixelCnnModel trained = CheckpointReader.Load(path, TestDevice.Current, trainedWeights: true).Model;

        Assert.Equal(
            ("Averaged", record.ValidationBpd),
            (averaged.TrainingState.Weights, averaged.TrainingState.ValidationBpd)
        );
        Assert.Equal(
            ("Trained", record.TrainedValidationBpd),
            (trained.TrainingState.Weights, trained.TrainingState.ValidationBpd)
        );
        Assert.Null(trained.TrainingState.AverageDecay);
        AssertSameState(
            run.TrainingState.Average!.RawWeights().ToDictionary(kv => kv.Key, kv => kv.Value),
            StateLoader.StateTensors(trained.Network)
        );

        // Measured again, the trained weights score exactly the figure the run recorded for them (as validation
        // measures).
        double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(
            trained,
            this.validation.Images,
            null,
            DeviceDefaults.MeasuringBatchSize(trained.TorchDevice)
        );
        Assert.Equal(record.TrainedValidationBpd, BitsPerDimension.FromNatsPerPixel(nll.Average() / 784));

        // A checkpoint of the trained weights stays trained weights; its record still tells the average's figure too.
        string again = this.Save(trained, "trained");
        using PixelCnnModel reloaded = CheckpointReader.Load(again, TestDevice.Current).Model;
        Assert.Equal(
            ("Trained", record.TrainedValidationBpd),
            (reloaded.TrainingState.Weights, reloaded.TrainingState.ValidationBpd)
        );
        Assert.Equal(record.ValidationBpd, reloaded.TrainingState.History.Single().ValidationBpd);
        AssertSameState(StateLoader.StateTensors(trained.Network), StateLoader.StateTensors(reloaded.Network));
    }

    [Fact]
    public void TrainingGoesOnFromTheTrainedWeightsAndANewAverageMakesTheModelAveragedAgain()
    {
        using PixelCnnModel run = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 5);
        _ = new Trainer(run, Options(averageDecay: 0.99)).Run(this.data, this.validation).ToList();
        string path = this.Save(run, "run");

        // Without averaging: the next epoch trains the trained weights with their Adam state, as the run itself does.
        using PixelCnnModel trained = CheckpointReader.Load(path, TestDevice.Current, trainedWeights: true).Model;
        PixelCnnEpochRecord plain = new Trainer(trained, Options(averageDecay: null))
            .Run(this.data, this.validation)
            .Single();
        _ = new Trainer(run, Options(averageDecay: 0.99)).Run(this.data, this.validation).ToList();
        AssertSameState(
            run.TrainingState.Average!.RawWeights().ToDictionary(kv => kv.Key, kv => kv.Value),
            StateLoader.StateTensors(trained.Network)
        );
        Assert.Equal(
            ("Trained", plain.ValidationBpd, false),
            (trained.TrainingState.Weights, trained.TrainingState.ValidationBpd, plain.Averaged)
        );

        // With a new average the model holds that average again.
        using PixelCnnModel restarted = CheckpointReader.Load(path, TestDevice.Current, trainedWeights: true).Model;
        PixelCnnEpochRecord averagedAgain = new Trainer(restarted, Options(averageDecay: 0.9))
            .Run(this.data, this.validation)
            .Single();
        Assert.Equal(
            ("Averaged", averagedAgain.ValidationBpd),
            (restarted.TrainingState.Weights, restarted.TrainingState.ValidationBpd)
        );
        Assert.NotEqual(averagedAgain.ValidationBpd, averagedAgain.TrainedValidationBpd);
        using PixelCnnModel restartedReloaded = CheckpointReader
            .Load(this.Save(restarted, "restarted"), TestDevice.Current)
            .Model;
        Assert.Equal(
            ("Averaged", averagedAgain.ValidationBpd),
            (restartedReloaded.TrainingState.Weights, restartedReloaded.TrainingState.ValidationBpd)
        );
    }

    [Fact]
    public void AShippedAverageHasNoTrainedWeightsAndAModelWithoutAverageLoadsAsItIs()
    {
        using PixelCnnModel run = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 5);
        _ = new Trainer(run, Options(averageDecay: 0.99)).Run(this.data, this.validation).ToList();
        string shipped = Path.Combine(this.folder, "shipped.safetensors");
        File.WriteAllBytes(shipped, CheckpointWriter.Serialize(run, includeOptimizerState: false));

        var error = Assert.Throws<PixelCnnException>(() =>
            CheckpointReader.Load(shipped, TestDevice.Current, trainedWeights: true)
        );
        Assert.Equal("TrainedWeightsNotKept", error.ErrorId);
        using (PixelCnnModel average = CheckpointReader.Load(shipped, TestDevice.Current).Model)
        {
            Assert.Equal("Averaged", average.TrainingState.Weights);
        }

        using PixelCnnModel plainRun = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 6);
        PixelCnnEpochRecord record = new Trainer(plainRun, Options(averageDecay: null))
            .Run(this.data, this.validation)
            .Single();
        string path = this.Save(plainRun, "plain");
        using PixelCnnModel asIs = CheckpointReader.Load(path, TestDevice.Current, trainedWeights: true).Model;
        Assert.Equal(("Trained", record.ValidationBpd), (asIs.TrainingState.Weights, asIs.TrainingState.ValidationBpd));
        AssertSameState(StateLoader.StateTensors(plainRun.Network), StateLoader.StateTensors(asIs.Network));
    }

    private static TrainingOptions Options(double? averageDecay) =>
        new()
        {
            Epochs = 1,
            BatchSize = 16,
            Seed = 3,
            Schedule = new LearningRateSchedule(LearningRateScheduleKind.Cosine, 1e-3, 0.99, 4, 0),
            AverageDecay = averageDecay,
        };

    private static void AssertSameState(
        IReadOnlyDictionary<string, Tensor> expected,
        IReadOnlyDictionary<string, Tensor> actual
    )
    {
        foreach (var (name, tensor) in expected)
        {
            Assert.True(actual.ContainsKey(name), $"'{name}' is missing");
            Assert.True(tensor.eq(actual[name]).all().item<bool>(), $"'{name}' differs");
        }
    }

    private string Save(PixelCnnModel model, string name)
    {
        string path = Path.Combine(this.folder, name + ".safetensors");
        CheckpointWriter.Save(model, path);
        return path;
    }
}
