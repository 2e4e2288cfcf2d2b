namespace PixelCnn.Tests;

/// <summary>
/// The Gated PixelCNN computes what the PyTorch reference (examples/pytorch/pixelcnn_models.py, the UvA tutorial's
/// layout plus class conditioning) computes, from weights PyTorch wrote.
/// </summary>
public sealed class GatedGoldenModelTests
{
    internal static readonly string GoldenPath = Path.Combine(
        AppContext.BaseDirectory,
        "data",
        "gated-conditional-h8.safetensors"
    );

    [Fact]
    public void StateNamesAndShapesEqualThePyTorchStateDict()
    {
        SafeTensorsFile golden = SafeTensorsFile.Read(GoldenPath);
        using var network = new GatedPixelCnnNetwork(8, 10);
        var ours = StateLoader.StateTensors(network).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var theirs = golden
            .Entries.Where(kv => kv.Key is not "input" and not "labels" and not "logits")
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(theirs.Select(kv => kv.Key), ours.Select(kv => kv.Key));
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal(theirs[i].Value.Shape, ours[i].Value.shape);
        }

        Assert.Contains("conv_layers.6.class_cond_horiz.weight", ours.Select(kv => kv.Key));
    }

    [Fact]
    public void EvalLogitsMatchPyTorchWithin1e4()
    {
        CheckpointLoadResult loaded = CheckpointReader.Load(GoldenPath, TestDevice.Current);
        using PixelCnnModel model = loaded.Model;
        Assert.Empty(loaded.Warnings);
        Assert.Equal(
            new[] { "input", "labels", "logits" },
            loaded.UnusedTensors.OrderBy(n => n, StringComparer.Ordinal).ToArray()
        );
        Assert.Equal("Gated", model.Architecture);
        Assert.True(model.Conditional);
        Assert.Equal(10, model.Classes);
        Assert.Equal(8, model.HiddenDim);

        SafeTensorsFile golden = SafeTensorsFile.Read(GoldenPath);
        using var scope = torch.NewDisposeScope();
        Tensor expected = golden.GetTensor("logits");
        Tensor actual;
        using (torch.no_grad())
        {
            actual = model.Logits(golden.GetTensor("input"), golden.GetTensor("labels"));
        }

        Assert.Equal(expected.shape, actual.shape);
        double maxDifference = (actual - expected).abs().max().item<float>();
        Assert.True(maxDifference < 1e-4, $"max |difference| = {maxDifference}");
    }

    [Fact]
    public void TheCachedSamplerMatchesPyTorchToo()
    {
        using PixelCnnModel model = CheckpointReader.Load(GoldenPath, TestDevice.Current).Model;
        SafeTensorsFile golden = SafeTensorsFile.Read(GoldenPath);
        using var scope = torch.NewDisposeScope();
        Tensor actual = Sampling.RasterSampler.TeacherForcedLogits(
            model,
            Sampling.SamplerKind.Cached,
            golden.GetTensor("input"),
            golden.GetTensor("labels")
        );
        Tensor expected = golden.GetTensor("logits").reshape(3, 256, 784).to(ScalarType.Float64);
        double maxDifference = (actual - expected).abs().max().item<double>();
        Assert.True(maxDifference < 1e-4, $"max |cached - PyTorch| = {maxDifference}");
    }
}
