namespace PixelCnn.Tests;

/// <summary>
/// What every registered architecture must do, checked for each one the registry lists (the shipped ones and the
/// tests' <see cref="ProbeArchitecture"/>), unconditional and, where it takes classes, conditional: logits of the
/// documented shape; the distribution of a pixel depends on no pixel at or after it (autograd) and on some before it;
/// its exact sampling state computes the network's logits (teacher forcing) and draws the naive sampler's images;
/// its checkpoints, with the module's metadata or as a plain state_dict, come back as the same architecture computing
/// the same logits.
/// </summary>
public sealed class ArchitectureContractTests
{
    public static TheoryData<string, bool> Registered()
    {
        var data = new TheoryData<string, bool>();
        foreach (Architecture architecture in ArchitectureRegistry.All)
        {
            data.Add(architecture.Name, false);
            if (architecture.TakesClasses)
            {
                data.Add(architecture.Name, true);
            }
        }

        return data;
    }

    [Fact]
    public void TheRegistryListsTheShippedArchitecturesFirstAndTheTestProbe()
    {
        Assert.Equal(new[] { "PixelCnn", "Gated", "Probe" }, ArchitectureRegistry.Names);
        Assert.Same(ArchitectureRegistry.Get("gated"), ArchitectureRegistry.Get("Gated"));
        var unknown = Assert.Throws<PixelCnnException>(() => ArchitectureRegistry.Get("Other"));
        Assert.Equal("UnknownArchitecture", unknown.ErrorId);
        Assert.Contains("PixelCnn, Gated, Probe", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ArchitectureRegistry.Register(new ProbeArchitecture()));
        var unconditional = Assert.Throws<PixelCnnException>(() =>
            PixelCnnFactory.Create("PixelCnn", 4, conditional: true, TestDevice.Current)
        );
        Assert.Equal("ConditionalNeedsGated", unconditional.ErrorId);
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void KeepsTheContract(string name, bool conditional)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(name, 4, conditional, TestDevice.Current, seed: 3);
        Assert.Equal(name, model.Architecture);
        Assert.Equal(conditional, model.Conditional);
        using var scope = torch.NewDisposeScope();
        ImageDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 2);
        Tensor images = test.Images.to(model.TorchDevice);
        Tensor? labels = conditional
            ? torch.tensor(test.Labels!.Select(l => (long)l).ToArray(), device: model.TorchDevice)
            : null;

        Tensor logits;
        using (torch.no_grad())
        {
            logits = model.Logits(images, labels);
        }

        Assert.Equal(new long[] { 2, 256, 1, 28, 28 }, logits.shape);
        AssertCausal(model, labels is null ? null : labels[..1]);

        Tensor teacherForced = RasterSampler.TeacherForcedLogits(model, SamplerKind.Cached, images, labels);
        double difference = (teacherForced - logits.reshape(2, 256, 784).to(ScalarType.Float64))
            .abs()
            .max()
            .item<double>();
        Assert.True(difference < 1e-3, $"{name}: the exact sampler's logits differ from the network's by {difference}");
        SamplerAssertions.AssertSameSamples(model, count: 1, seed: 17);

        AssertCheckpointsBothWays(model, images, labels, logits);
    }

    /// <summary>
    /// The module's checkpoint and a plain state_dict of the model load as the same architecture, size and classes,
    /// computing the same logits to the last bit.
    /// </summary>
    private static void AssertCheckpointsBothWays(PixelCnnModel model, Tensor images, Tensor? labels, Tensor logits)
    {
        (string name, bool conditional) = (model.Architecture, model.Conditional);
        string folder = Path.Combine(
            Path.GetTempPath(),
            $"pixelcnn-contract-{Environment.ProcessId}-{name}-{conditional}"
        );
        Directory.CreateDirectory(folder);
        try
        {
            string ours = Path.Combine(folder, "ours.safetensors");
            CheckpointWriter.Save(model, ours);
            string plain = Path.Combine(folder, "plain.safetensors");
            File.WriteAllBytes(
                plain,
                SafeTensorsWriter.Serialize(
                    StateLoader.StateTensors(model.Network),
                    new System.Collections.Generic.Dictionary<string, string>()
                )
            );
            foreach (string path in new[] { ours, plain })
            {
                using PixelCnnModel loaded = CheckpointReader.Load(path, model.TorchDevice).Model;
                Assert.Equal(name, loaded.Architecture);
                Assert.Equal(conditional, loaded.Conditional);
                Assert.Equal(model.HiddenDim, loaded.HiddenDim);
                using (torch.no_grad())
                {
                    Assert.Equal(0.0, (loaded.Logits(images, labels) - logits).abs().max().item<float>());
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every pixel of an image, in evaluation mode and, for an architecture without batch normalization, in training
    /// mode: the distribution of pixel p depends on no input pixel at or after p (autograd, exact zeros). In training
    /// mode batch normalization normalizes by the batch's own mean and variance, which every pixel enters, so there
    /// every logit depends on every input pixel whatever the masks (the tutorial's PixelCNN: up to 1.4 times the
    /// largest dependence on a past pixel; docs/model.md); its evaluation mode, which likelihoods and sampling use, is
    /// exact.
    /// </summary>
    [Theory]
    [MemberData(nameof(Registered))]
    public void NoPixelSeesItsFutureInEitherMode(string name, bool conditional)
    {
        using PixelCnnModel model = PixelCnnFactory.Create(name, 2, conditional, TestDevice.Current, seed: 5);
        bool batchStatistics = model.Network.modules().Any(m => m is BatchNormalization2d);
        foreach (bool training in batchStatistics ? new[] { false } : new[] { false, true })
        {
            model.Network.train(training);
            for (int first = 0; first < 784; first += 112)
            {
                // One copy of the image per pixel: row b of the gradient is what pixel first + b depends on.
                using var scope = torch.NewDisposeScope();
                using var generator = new torch.Generator(7);
                Tensor image = torch.rand(
                    new long[] { 1, 1, 28, 28 },
                    generator: generator,
                    device: TestDevice.Current
                );
                Tensor input = image.repeat(112, 1, 1, 1).to(model.TorchDevice).requires_grad_(true);
                Tensor? label = conditional ? torch.full(new long[] { 112 }, 3L, device: model.TorchDevice) : null;
                Tensor logits = model.Network.Forward(input, label).reshape(112, 256, 784);
                Tensor pixels = torch
                    .arange(first, first + 112, device: model.TorchDevice)
                    .reshape(112, 1, 1)
                    .expand(112, 256, 1);
                logits.gather(2, pixels).sum().backward();
                float[] g = input.grad!.abs().reshape(112 * 784).cpu().data<float>().ToArray();
                for (int b = 0; b < 112; b++)
                {
                    int position = first + b;
                    float future = g.Skip(b * 784 + position).Take(784 - position).Max();
                    Assert.True(
                        future == 0,
                        $"{name} ({(training ? "training" : "evaluation")}): pixel {position} depends on a pixel at "
                            + $"or after it ({future})"
                    );
                }
            }
        }

        model.Network.eval();
    }

    /// <summary>
    /// For pixels at a corner, an edge and the centre: zero gradient from that pixel and every later one, some from
    /// earlier ones.
    /// </summary>
    private static void AssertCausal(PixelCnnModel model, Tensor? label)
    {
        foreach (int position in new[] { 0, 27, 28 * 14 + 14, 783 })
        {
            using var scope = torch.NewDisposeScope();
            Tensor input = torch.rand(new long[] { 1, 1, 28, 28 }, device: model.TorchDevice).requires_grad_(true);
            Tensor output = model.Network.Forward(input, label);
            output[0, .., 0, position / 28, position % 28].sum().backward();
            float[] gradient = input.grad!.abs().reshape(784).cpu().data<float>().ToArray();
            Assert.All(gradient.Skip(position), g => Assert.Equal(0f, g));
            if (position > 0)
            {
                Assert.True(gradient.Take(position).Any(g => g > 0), $"pixel {position} depends on no earlier pixel");
            }
        }
    }
}
