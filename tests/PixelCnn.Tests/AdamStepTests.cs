namespace PixelCnn.Tests;

/// <summary>
/// The module's Adam step (Scalars it owns) against TorchSharp's own <c>Adam.step</c>, which it replaces: from the same
/// weights and batches, the weights and Adam's saved state are the same to the last bit, with one parameter group and
/// with the label parameters in a second group at another rate.
/// </summary>
public sealed class AdamStepTests
{
    [Theory]
    [InlineData(PixelCnnArchitecture.PixelCnn, false, 1.0)]
    [InlineData(PixelCnnArchitecture.Gated, true, 30.0)]
    public void StepsAsTorchSharpsAdamToTheLastBit(string architecture, bool conditional, double labelScale)
    {
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 8);
        using PixelCnnModel theirs = PixelCnnFactory.Create(architecture, 4, conditional, TestDevice.Current, seed: 5);
        using PixelCnnModel ours = PixelCnnFactory.Create(architecture, 4, conditional, TestDevice.Current, seed: 5);
        theirs.TrainingState.Schedule = ours.TrainingState.Schedule = new LearningRateSchedule(
            LearningRateScheduleKind.Exponential,
            1e-3,
            0.99,
            null,
            0,
            labelScale
        );
        var adamTheirs = theirs.TrainingState.GetOptimizer(theirs.Network, 3e-3);
        var adamOurs = ours.TrainingState.GetOptimizer(ours.Network, 3e-3);
        Assert.Equal(labelScale == 1.0 ? 1 : 2, adamOurs.ParamGroups.Count());

        Tensor all = data.Images; // made (and cached by the data set) outside the steps' scopes
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor images = all.narrow(0, step * 2, 4).to(ours.TorchDevice);
            Tensor? labels = conditional
                ? ours.LabelTensor(data.Labels!.Skip(step * 2).Take(4).Select(l => (int?)l).ToArray())
                : null;
            Step(theirs, adamTheirs, images, labels, adam => adam.step());
            Step(ours, adamOurs, images, labels, AdamStep.Apply);
        }

        var a = StateLoader.StateTensors(theirs.Network);
        var b = StateLoader.StateTensors(ours.Network);
        Assert.Equal(a.Keys, b.Keys);
        foreach (string name in a.Keys)
        {
            Assert.True(a[name].equal(b[name]).all().item<bool>(), $"{name} differs after three steps");
        }

        Assert.Equal(theirs.TrainingState.SaveOptimizerState(), ours.TrainingState.SaveOptimizerState());
        using PixelCnnModel fresh = PixelCnnFactory.Create(architecture, 4, conditional, TestDevice.Current, seed: 5);
        var start = StateLoader.StateTensors(fresh.Network);
        // the weights moved: the comparison proves something
        Assert.Contains(b.Keys, name => !start[name].equal(b[name]).all().item<bool>());
    }

    /// <summary>One training step on the batch, the update made by <paramref name="update"/>.</summary>
    private static void Step(
        PixelCnnModel model,
        TorchSharp.Modules.Adam adam,
        Tensor images,
        Tensor? labels,
        Action<TorchSharp.Modules.Adam> update
    )
    {
        model.Network.train();
        Tensor loss = nn.functional.cross_entropy(
            model.Logits(model.Network, images, labels),
            images.to(ScalarType.Int64)
        );
        adam.zero_grad();
        loss.backward();
        update(adam);
    }
}
