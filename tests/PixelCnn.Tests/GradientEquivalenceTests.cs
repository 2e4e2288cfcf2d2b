using System.Text.Json;

namespace PixelCnn.Tests;

/// <summary>
/// Both architectures' gradients and optimizer steps against PyTorch (tests/data/gradient-golden.json, made by
/// tests/reference/make_gradient_golden.py from the same weights and images): every parameter's squared gradient on
/// the first batch, three plain SGD steps (which, unlike Adam, carry the gradient's scale into the weights) and, for
/// the class-conditional Gated model, three Adam steps of the module's own trainer.
/// </summary>
public sealed class GradientEquivalenceTests
{
    private static readonly JsonElement Golden = JsonDocument
        .Parse(File.ReadAllText(TestPaths.Data("gradient-golden.json")))
        .RootElement;

    public static IEnumerable<object[]> Models() => new[] { new object[] { "PixelCnn" }, new object[] { "Gated" } };

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientsOfEveryParameterMatchPyTorch(string kind)
    {
        JsonElement expected = Golden.GetProperty("models").GetProperty(kind);
        using PixelCnnModel model = Load(kind);
        (Tensor images, Tensor? labels) = Batch(model, 0);
        model.Network.train();
        using (var scope = torch.NewDisposeScope())
        {
            Tensor loss = PixelLoss.Mean(model.Logits(images, labels), images.to(ScalarType.Int64));
            loss.backward();
            Assert.True(Math.Abs(loss.item<float>() - expected.GetProperty("first_loss").GetDouble()) < 1e-5);
        }

        var squares = expected
            .GetProperty("gradient_squares")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var parameters = model
            .Network.named_parameters()
            .GroupBy(p => p.name)
            .ToDictionary(g => g.Key, g => g.First().parameter);
        Assert.Equal(
            squares.Keys.OrderBy(k => k, StringComparer.Ordinal),
            parameters.Keys.OrderBy(k => k, StringComparer.Ordinal)
        );
        double total = squares.Values.Sum();
        foreach (var (name, expectedSquares) in squares)
        {
            double actual = parameters[name].grad!.to(ScalarType.Float64).pow(2).sum().item<double>();
            // Relative 1e-4 of the parameter's own figure, or 1e-9 of all gradients' for the biases that train-mode
            // BatchNorm cancels (their gradient is zero in exact arithmetic: float noise in both frameworks).
            Assert.True(
                Math.Abs(actual - expectedSquares) <= (1e-4 * expectedSquares) + (1e-9 * total),
                $"{name}: ours {actual:R}, PyTorch {expectedSquares:R}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SgdStepsMatchPyTorch(string kind)
    {
        JsonElement expected = Golden.GetProperty("models").GetProperty(kind);
        double[] losses = expected.GetProperty("sgd_losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        using PixelCnnModel model = Load(kind);
        using var sgd = torch.optim.SGD(
            model.Network.parameters(),
            Golden.GetProperty("sgd_learning_rate").GetDouble()
        );
        model.Network.train();
        for (int step = 0; step < losses.Length; step++)
        {
            using var scope = torch.NewDisposeScope();
            (Tensor images, Tensor? labels) = Batch(model, step);
            Tensor loss = PixelLoss.Mean(model.Logits(images, labels), images.to(ScalarType.Int64));
            sgd.zero_grad();
            loss.backward();
            sgd.step();
            Assert.True(
                Math.Abs(loss.item<float>() - losses[step]) < 2e-5,
                $"step {step + 1}: ours {loss.item<float>():R}, PyTorch {losses[step]:R}"
            );
        }
    }

    [Fact]
    public void TheTrainersAdamStepsOnTheConditionalGatedModelMatchPyTorch()
    {
        double[] expected = Golden
            .GetProperty("models")
            .GetProperty("Gated")
            .GetProperty("adam_losses")
            .EnumerateArray()
            .Select(e => e.GetDouble())
            .ToArray();
        int batch = Golden.GetProperty("batch").GetInt32();
        using PixelCnnModel model = Load("Gated");
        ImageDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, expected.Length * batch);
        var options = new TrainingOptions
        {
            Epochs = 1,
            BatchSize = batch,
            Shuffle = false,
            Schedule = new LearningRateSchedule(
                LearningRateScheduleKind.Exponential,
                Golden.GetProperty("adam_learning_rate").GetDouble(),
                1.0,
                null,
                0
            ),
        };
        var losses = new List<double>();
        new Trainer(model, options).Run(train, null, p => losses.Add(p.Loss)).ToList();
        Assert.Equal(expected.Length, losses.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(losses[i] - expected[i]) < 1e-5,
                $"step {i + 1}: ours {losses[i]:R}, PyTorch {expected[i]:R}"
            );
        }
    }

    private static PixelCnnModel Load(string kind) =>
        CheckpointReader
            .Load(
                kind == "Gated" ? TestPaths.Data("gated-conditional-h8.safetensors") : GoldenModelTests.GoldenPath,
                TestDevice.Current
            )
            .Model;

    /// <summary>
    /// Batch <paramref name="step"/> of the training images in file order, with labels for a conditional model.
    /// </summary>
    private static (Tensor Images, Tensor? Labels) Batch(PixelCnnModel model, int step)
    {
        int batch = Golden.GetProperty("batch").GetInt32();
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, (step + 1) * batch);
        Tensor images = data.Images.slice(0, step * batch, (step + 1) * batch, 1).to(model.TorchDevice);
        Tensor? labels = model.LabelTensor(data.Labels!.Skip(step * batch).Select(l => (int?)l).ToArray());
        return (images, labels);
    }
}
