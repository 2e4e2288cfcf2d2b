namespace PixelCnn.Tests;

/// <summary>
/// The architecture contract at image sizes other than MNIST's, square and not: for every registered architecture,
/// logits of the model's size, no pixel depending on itself or a later one, the exact sampler computing the network's
/// logits and drawing the naive sampler's images, and checkpoints that keep the size.
/// </summary>
public sealed class ArchitectureSizeTests
{
    public static TheoryData<string, bool, int, int> RegisteredAtSizes()
    {
        var data = new TheoryData<string, bool, int, int>();
        foreach (Architecture architecture in ArchitectureRegistry.All)
        {
            foreach ((int height, int width) in new[] { (8, 8), (16, 24), (11, 5) })
            {
                data.Add(architecture.Name, false, height, width);
                if (architecture.TakesClasses)
                {
                    data.Add(architecture.Name, true, height, width);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegisteredAtSizes))]
    public void KeepsTheContractAtAnySize(string name, bool conditional, int height, int width)
    {
        var shape = new ImageShape(height, width);
        string[]? classes = conditional ? new[] { "circle", "square", "cross" } : null;
        using PixelCnnModel model = PixelCnnFactory.Create(name, 4, conditional, TestDevice.Current, 5, shape, classes);
        Assert.Equal(shape, model.Shape);
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(11);
        Tensor images = torch
            .randint(0, 256, new long[] { 2, 1, height, width }, generator: generator)
            .to(ScalarType.Byte)
            .to(model.TorchDevice);
        Tensor? labels = conditional ? torch.tensor(new long[] { 2, 0 }, device: model.TorchDevice) : null;
        Tensor logits;
        using (torch.no_grad())
        {
            logits = model.Logits(images, labels);
        }

        Assert.Equal(new long[] { 2, 256, 1, height, width }, logits.shape);
        AssertCausal(model, shape, labels?[..1]);
        Tensor teacherForced = RasterSampler.TeacherForcedLogits(model, SamplerKind.Cached, images, labels);
        Tensor expected = logits.reshape(2, 256, shape.Pixels).to(ScalarType.Float64);
        double difference = (teacherForced - expected).abs().max().item<double>();
        Assert.True(difference < 1e-3, $"{name} at {shape}: the exact sampler's logits differ by {difference}");
        SamplerAssertions.AssertSameSamples(model, count: 2, seed: 23);
        Assert.All(
            RasterSampler.Sample(model, 1, conditional ? new[] { 1 } : null, new SamplingOptions { Seed = 1 }),
            image => Assert.Equal((height, width, shape.Pixels), (image.Height, image.Width, image.Pixels.Length))
        );

        string path = Path.Combine(
            Path.GetTempPath(),
            $"pixelcnn-size-{Environment.ProcessId}-{name}-{conditional}-{shape}.safetensors"
        );
        try
        {
            CheckpointWriter.Save(model, path);
            using PixelCnnModel loaded = CheckpointReader.Load(path, model.TorchDevice).Model;
            Assert.Equal(shape, loaded.Shape);
            Assert.Equal(model.ClassNames, loaded.ClassNames);
            using (torch.no_grad())
            {
                Assert.Equal(0.0, (loaded.Logits(images, labels) - logits).abs().max().item<float>());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesImagesOfAnotherSizeWhereTheModelScoresThem()
    {
        using PixelCnnModel model = PixelCnnFactory.Create(
            "Gated",
            2,
            false,
            TestDevice.Current,
            1,
            new ImageShape(8, 12)
        );
        using Tensor mnist = torch.zeros(new long[] { 1, 1, 28, 28 }, ScalarType.Byte);
        var error = Assert.Throws<PixelCnnException>(() =>
            LikelihoodEvaluator.NegativeLogLikelihoods(model, mnist, null, 4)
        );
        Assert.Equal("ImageSizeMismatch", error.ErrorId);
        Assert.Contains("28x28", error.Message, StringComparison.Ordinal);
        Assert.Contains("8x12", error.Message, StringComparison.Ordinal);
        var tooLarge = Assert.Throws<PixelCnnException>(() =>
            PixelCnnFactory.Create("Gated", 2, false, TestDevice.Current, 1, new ImageShape(8, ImageShape.MaxSide + 1))
        );
        Assert.Equal("UnsupportedImageSize", tooLarge.ErrorId);
    }

    /// <summary>
    /// For the first, a middle and the last pixel: zero gradient from it and every later one, some from earlier ones.
    /// </summary>
    private static void AssertCausal(PixelCnnModel model, ImageShape shape, Tensor? label)
    {
        foreach (int position in new[] { 0, shape.Width - 1, shape.Pixels / 2, shape.Pixels - 1 })
        {
            using var scope = torch.NewDisposeScope();
            Tensor input = torch
                .rand(new long[] { 1, 1, shape.Height, shape.Width }, device: model.TorchDevice)
                .requires_grad_(true);
            Tensor output = model.Network.Forward(input, label);
            output[0, .., 0, position / shape.Width, position % shape.Width].sum().backward();
            float[] gradient = input.grad!.abs().reshape(shape.Pixels).cpu().data<float>().ToArray();
            Assert.All(gradient.Skip(position), g => Assert.Equal(0f, g));
            if (position > 0)
            {
                Assert.True(
                    gradient.Take(position).Any(g => g > 0),
                    $"pixel {position} of {shape} depends on no earlier pixel"
                );
            }
        }
    }
}
