namespace PixelCnn.Tests;

/// <summary>
/// -GradientClipNorm: the gradients' global norm, clipping, and what training records and keeps of it.
/// </summary>
public sealed class GradientClippingTests
{
    private readonly ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 64);

    [Fact]
    public void TheNormIsTheL2NormOfAllGradientsAndClippingScalesThemToTheMaximum()
    {
        using var scope = torch.NewDisposeScope();
        Tensor a = torch.zeros(2, 3, requires_grad: true);
        Tensor b = torch.zeros(4, requires_grad: true);
        Tensor ca = torch.tensor(new float[] { 1, -2, 3, 0.5f, 0, 4 }).view(2, 3);
        Tensor cb = torch.tensor(new float[] { -1, 2, 2, 1 });
        ((a * ca).sum() + (b * cb).sum()).backward();
        double expected = Math.Sqrt(1 + 4 + 9 + 0.25 + 0 + 16 + 1 + 4 + 4 + 1);

        Tensor norm = GradientClipping.Norm(new[] { a, b });
        Assert.Equal(expected, norm.item<float>(), 5);

        // At or above the norm nothing changes, bit for bit.
        GradientClipping.Clip(new[] { a, b }, norm, expected + 1);
        Assert.True(a.grad!.eq(ca).all().item<bool>() && b.grad!.eq(cb).all().item<bool>());

        // Below it, every gradient shrinks by the same factor to the maximum norm.
        GradientClipping.Clip(new[] { a, b }, norm, 2.0);
        double factor = 2.0 / (expected + GradientClipping.Epsilon);
        Assert.True(a.grad!.allclose(ca * factor, rtol: 1e-6, atol: 0));
        Assert.True(b.grad!.allclose(cb * factor, rtol: 1e-6, atol: 0));
        Assert.Equal(2.0, GradientClipping.Norm(new[] { a, b }).item<float>(), 5);
    }

    [Fact]
    public void TheRecordedNormIsTheGradientsOwnAndAClipAboveItChangesNothing()
    {
        var norms = new List<double>();
        (PixelCnnModel plain, PixelCnnEpochRecord plainRecord) = this.Train(clip: null, norms);
        using PixelCnnModel plainModel = plain;

        // The first batch's norm, computed here by hand from a model with the same initial weights.
        using (PixelCnnModel fresh = NewModel())
        using (var scope = torch.NewDisposeScope())
        {
            Tensor batch = this.data.Images.slice(0, 0, 16, 1);
            nn.functional.cross_entropy(fresh.Logits(batch), batch.to(ScalarType.Int64)).backward();
            double squares = fresh.Network.parameters().Sum(p => p.grad!.square().sum().item<float>());
            Assert.Equal(Math.Sqrt(squares), norms[0], 4);
        }

        Assert.Equal(4, norms.Count);
        Assert.Equal(norms.Average(), plainRecord.MeanGradientNorm, 10);
        Assert.Equal(norms.Max(), plainRecord.MaxGradientNorm);
        Assert.Null(plainRecord.GradientClipNorm);
        Assert.Equal(0, plainRecord.ClippedBatches);

        (PixelCnnModel loose, PixelCnnEpochRecord looseRecord) = this.Train(clip: 2 * norms.Max(), null);
        using PixelCnnModel looseModel = loose;
        Assert.Equal((2 * norms.Max(), 0), (looseRecord.GradientClipNorm!.Value, looseRecord.ClippedBatches));
        AssertSameWeights(plain, loose, expectSame: true);
    }

    [Fact]
    public void AClipBelowTheNormChangesTheStepAndTheCheckpointKeepsIt()
    {
        var plainNorms = new List<double>();
        (PixelCnnModel plain, _) = this.Train(clip: null, plainNorms);
        using PixelCnnModel plainModel = plain;
        var norms = new List<double>();
        double clip = plainNorms[0] / 2;
        (PixelCnnModel clipped, PixelCnnEpochRecord record) = this.Train(clip, norms);
        using PixelCnnModel clippedModel = clipped;

        Assert.Equal(plainNorms[0], norms[0]); // the norm is taken before clipping
        Assert.Equal(norms.Count(n => n > clip), record.ClippedBatches);
        Assert.True(record.ClippedBatches >= 1);
        AssertSameWeights(plain, clipped, expectSame: false);
        Assert.Equal(clip, clipped.TrainingState.GradientClipNorm);

        string path = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(clipped, path);
            using PixelCnnModel resumed = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal(clip, resumed.TrainingState.GradientClipNorm);
            PixelCnnEpochRecord next = new Trainer(resumed, Options(clip: null)).Run(this.data, null).Single();
            Assert.Equal(clip, next.GradientClipNorm);

            PixelCnnEpochRecord off = new Trainer(resumed, Options(clip: 0)).Run(this.data, null).Single();
            Assert.Equal(((double?)null, 0), (off.GradientClipNorm, off.ClippedBatches));
            Assert.Null(resumed.TrainingState.GradientClipNorm);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static PixelCnnModel NewModel() =>
        PixelCnnFactory.Create(PixelCnnArchitecture.Gated, 4, conditional: false, TestDevice.Current, seed: 9);

    private static TrainingOptions Options(double? clip) =>
        new()
        {
            Epochs = 1,
            BatchSize = 16,
            Seed = 2,
            Shuffle = false,
            Schedule = new LearningRateSchedule(LearningRateScheduleKind.Exponential, 1e-2, 0.99, null, 0),
            GradientClipNorm = clip,
        };

    private static void AssertSameWeights(PixelCnnModel expected, PixelCnnModel actual, bool expectSame)
    {
        IReadOnlyDictionary<string, Tensor> a = StateLoader.StateTensors(expected.Network);
        IReadOnlyDictionary<string, Tensor> b = StateLoader.StateTensors(actual.Network);
        bool same = a.All(kv => kv.Value.eq(b[kv.Key]).all().item<bool>());
        Assert.Equal(expectSame, same);
    }

    private (PixelCnnModel Model, PixelCnnEpochRecord Record) Train(double? clip, List<double>? norms)
    {
        PixelCnnModel model = NewModel();
        PixelCnnEpochRecord record = new Trainer(model, Options(clip))
            .Run(this.data, null, p => norms?.Add(p.GradientNorm))
            .Single();
        return (model, record);
    }
}
