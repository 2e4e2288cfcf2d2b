namespace PixelCnn.Tests;

/// <summary>
/// Label dropout and guidance without a second model: a conditional network given
/// <see cref="AutoregressiveNetwork.NoLabel"/>
/// computes exactly what the same weights compute without the label terms (an unconditional Gated network holding
/// them), in the whole network and in its sampler state; training drops the labels of the images the seeded mask
/// says, and those images give the label embeddings no gradient; guidance by the model's own no-label logits is
/// guidance by that unconditional copy.
/// </summary>
public sealed class LabelDropoutTests
{
    private static readonly int[] Labels = { 3, 7 };

    [Fact]
    public void NoLabelIsTheSameNetworkWithoutItsLabelTerms()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        using PixelCnnModel unconditional = WithoutLabelTerms(conditional);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2).Images.to(TestDevice.Current);
        Tensor none = torch.tensor(
            new long[] { AutoregressiveNetwork.NoLabel, AutoregressiveNetwork.NoLabel },
            device: TestDevice.Current
        );
        Tensor mixed = torch.tensor(new long[] { 3, AutoregressiveNetwork.NoLabel }, device: TestDevice.Current);
        Tensor labelled = torch.tensor(new long[] { 3, 3 }, device: TestDevice.Current);

        Tensor plain = unconditional.Logits(images);
        Assert.True(
            Same(conditional.Logits(images, none), plain),
            "NoLabel did not give the network without its label terms"
        );
        Tensor both = conditional.Logits(images, mixed);
        Assert.True(
            Same(both[0], conditional.Logits(images, labelled)[0]),
            "the labelled image of a mixed batch changed"
        );
        Assert.True(
            Same(both[1], plain[1]),
            "the unlabelled image of a mixed batch is not the network without its label terms"
        );
        Assert.False(
            Same(conditional.Logits(images, labelled), plain),
            "the label terms did nothing: the test would pass for any label handling"
        );

        Tensor stateLogits = RasterSampler.TeacherForcedLogits(conditional, SamplerKind.Cached, images, none);
        Tensor reference = RasterSampler.TeacherForcedLogits(unconditional, SamplerKind.Cached, images, null);
        Assert.True(
            Same(stateLogits, reference),
            "the sampler state with NoLabel differs from the unconditional copy's"
        );
    }

    [Fact]
    public void TheDropMaskIsSeededPerEpochAndDropsAboutTheShare()
    {
        bool[] first = EpochOrder.LabelDropMask(5, 1, 10_000, 0.25);
        Assert.Equal(first, EpochOrder.LabelDropMask(5, 1, 10_000, 0.25));
        Assert.NotEqual(first, EpochOrder.LabelDropMask(5, 2, 10_000, 0.25));
        Assert.NotEqual(first, EpochOrder.LabelDropMask(6, 1, 10_000, 0.25));
        Assert.InRange(first.Count(d => d), 2500 - 174, 2500 + 174); // binomial: 4 standard deviations
        Assert.DoesNotContain(true, EpochOrder.LabelDropMask(5, 1, 1000, 0));
    }

    [Fact]
    public void ImagesTrainedWithoutTheirLabelMoveNoEmbeddingRow()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 16);
        const long seed = 3;
        bool[] dropped = EpochOrder.LabelDropMask(seed, 1, data.Count, 0.5);
        var kept = Enumerable
            .Range(0, data.Count)
            .Where(i => !dropped[i])
            .Select(i => (int)data.Labels![i])
            .ToHashSet();
        var onlyDropped = Enumerable
            .Range(0, data.Count)
            .Where(i => dropped[i])
            .Select(i => (int)data.Labels![i])
            .Where(l => !kept.Contains(l))
            .ToHashSet();
        Assert.NotEmpty(kept);
        Assert.NotEmpty(onlyDropped); // the seed gives a class seen only without its label

        Dictionary<int, bool> withDropout = MovedRows(data, seed, 0.5, out PixelCnnEpochRecord record);
        Dictionary<int, bool> without = MovedRows(data, seed, 0, out PixelCnnEpochRecord plainRecord);
        Assert.All(kept, l => Assert.True(withDropout[l], $"class {l} has kept images but its embedding did not move"));
        Assert.All(onlyDropped, l =>
            Assert.False(withDropout[l], $"class {l} was trained only without its label, yet its embedding moved")
        );
        Assert.All(onlyDropped, l =>
            Assert.True(without[l], $"class {l}'s embedding does not move even with its labels")
        );
        Assert.Equal(0.5, record.LabelDropout);
        Assert.Null(plainRecord.LabelDropout);
    }

    [Fact]
    public void TheModelKnowsNoLabelFromItsLastEpochAndACheckpointKeepsIt()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 16);
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 2);
        Assert.Equal(0, model.TrainingState.LabelDropout);
        _ = new Trainer(
            model,
            new TrainingOptions
            {
                BatchSize = 16,
                Seed = 1,
                LabelDropout = 0.2,
            }
        ).Run(data, null).ToList();
        Assert.Equal(0.2, model.TrainingState.LabelDropout);
        string path = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            $"label-dropout-{System.Guid.NewGuid():N}.safetensors"
        );
        try
        {
            CheckpointWriter.Save(model, path);
            using PixelCnnModel loaded = CheckpointReader.Load(path, TestDevice.Current).Model;
            Assert.Equal(0.2, loaded.TrainingState.LabelDropout);
        }
        finally
        {
            System.IO.File.Delete(path);
        }

        _ = new Trainer(model, new TrainingOptions { BatchSize = 16, Seed = 1 }).Run(data, null).ToList();
        Assert.Equal(0, model.TrainingState.LabelDropout);
    }

    [Fact]
    public void RefusesDropoutForAModelWithoutLabelsAndAShareOfOneOrMore()
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 16);
        using PixelCnnModel plain = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 2);
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 2);
        Assert.Equal(
            "LabelDropoutNeedsConditionalModel",
            Assert
                .Throws<PixelCnnException>(() =>
                    new Trainer(plain, new TrainingOptions { LabelDropout = 0.1 }).Run(data, null).ToList()
                )
                .ErrorId
        );
        Assert.Equal(
            "InvalidLabelDropout",
            Assert
                .Throws<PixelCnnException>(() =>
                    new Trainer(conditional, new TrainingOptions { LabelDropout = 1 }).Run(data, null).ToList()
                )
                .ErrorId
        );
        Assert.Equal(0, conditional.TrainingState.Epoch);
    }

    [Theory]
    [InlineData(SamplerKind.Cached)]
    [InlineData(SamplerKind.Naive)]
    public void GuidingWithoutALabelIsGuidingByTheUnconditionalCopy(SamplerKind kind)
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 5);
        conditional.TrainingState.AddEpoch(new PixelCnnEpochRecord { Epoch = 1, LabelDropout = 0.1 });
        using PixelCnnModel unconditional = WithoutLabelTerms(conditional);
        int count = kind == SamplerKind.Naive ? 1 : 2;
        var self = TestModels.Sample(conditional, count, Labels, kind, count, 9, Guidance.For(conditional, null, 2));
        var copy = TestModels.Sample(
            conditional,
            count,
            Labels,
            kind,
            count,
            9,
            Guidance.For(conditional, unconditional, 2)
        );
        var unguided = TestModels.Sample(conditional, count, Labels, SamplerKind.Cached, count, 9, null);
        Assert.Equal(copy.Select(i => i.Pixels), self.Select(i => i.Pixels));
        Assert.Equal(copy.Select(i => i.LogLikelihood), self.Select(i => i.LogLikelihood));
        Assert.NotEqual(unguided[0].Pixels, self[0].Pixels);
    }

    [Fact]
    public void AnImageWithoutALabelIsMeasuredByTheUnconditionalCopyOnlyAfterLabelDropout()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        using PixelCnnModel unconditional = WithoutLabelTerms(conditional);
        using var scope = torch.NewDisposeScope();
        Tensor images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2).Images;
        int?[] missing = { null, 3 };
        var error = Assert.Throws<PixelCnnException>(() => conditional.LabelTensor(missing, "target"));
        Assert.Equal("LabelRequired", error.ErrorId);
        Assert.Equal("target", error.Target);

        conditional.TrainingState.AddEpoch(new PixelCnnEpochRecord { Epoch = 1, LabelDropout = 0.1 });
        Assert.Equal(new long[] { AutoregressiveNetwork.NoLabel, 3 }, conditional.CheckLabels(missing));
        double[] measured = Nll(conditional, images, conditional.LabelTensor(missing));
        double[] plain = Nll(unconditional, images, null);
        double[] labelled = Nll(conditional, images, torch.tensor(new long[] { 3, 3 }));
        Assert.Equal(plain[0], measured[0]);
        Assert.Equal(labelled[1], measured[1]);
        Assert.NotEqual(plain[1], labelled[1]);
    }

    [Fact]
    public void RefusesToGuideWithoutALabelAModelNotTrainedForIt()
    {
        using PixelCnnModel conditional = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 5);
        Assert.Equal(
            "GuidanceNeedsUnconditionalModel",
            Assert.Throws<PixelCnnException>(() => Guidance.For(conditional, null, 2)).ErrorId
        );
        conditional.TrainingState.AddEpoch(new PixelCnnEpochRecord { Epoch = 1, LabelDropout = 0.1 });
        Assert.Null(Guidance.For(conditional, null, 2).Unconditional);
    }

    /// <summary>Bit-for-bit equality of two tensors of one shape.</summary>
    private static bool Same(Tensor a, Tensor b)
    {
        using Tensor equal = a.eq(b).all();
        return a.shape.SequenceEqual(b.shape) && equal.item<bool>();
    }

    /// <summary>
    /// An unconditional Gated model holding the conditional one's weights, all but the label embeddings.
    /// </summary>
    private static PixelCnnModel WithoutLabelTerms(PixelCnnModel conditional)
    {
        PixelCnnModel plain = TestModels.Create(PixelCnnArchitecture.Gated, conditional.HiddenDim, false, 99);
        IReadOnlyDictionary<string, Tensor> source = StateLoader.StateTensors(conditional.Network);
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in StateLoader.StateTensors(plain.Network))
        {
            tensor.copy_(source[name]);
        }

        Assert.Equal(
            source.Count - (2 * GatedPixelCnnNetwork.Dilations.Count),
            StateLoader.StateTensors(plain.Network).Count
        );
        return plain;
    }

    private static double[] Nll(PixelCnnModel model, Tensor images, Tensor? labels) =>
        LikelihoodEvaluator.NegativeLogLikelihoods(model, images, labels, 2);

    /// <summary>
    /// Trains a conditional model one batch of the 16 images and says, per class, whether its embedding rows moved.
    /// </summary>
    private static Dictionary<int, bool> MovedRows(
        ImageDataset data,
        long seed,
        double dropout,
        out PixelCnnEpochRecord record
    )
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 7);
        var embeddings = model.Network.NamedLabelParameters().Select(p => p.Parameter).ToList();
        var before = embeddings.Select(e => e.detach().clone()).ToList();
        record = new Trainer(
            model,
            new TrainingOptions
            {
                BatchSize = 16,
                Seed = seed,
                LabelDropout = dropout,
            }
        ).Run(data, null).Single();
        var moved = new Dictionary<int, bool>();
        for (int label = 0; label < model.Classes; label++)
        {
            moved[label] = embeddings.Zip(before).Any(pair => !Same(pair.First[label], pair.Second[label]));
        }

        return moved;
    }
}
