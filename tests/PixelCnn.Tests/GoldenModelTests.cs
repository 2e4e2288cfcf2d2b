namespace PixelCnn.Tests;

/// <summary>The model computes what the tutorial's PyTorch model computes, on its own golden weights.</summary>
public sealed class GoldenModelTests
{
    internal static readonly string GoldenPath = Path.Combine(
        AppContext.BaseDirectory,
        "data",
        "seed-pixelcnn-h16.safetensors"
    );

    [Fact]
    public void StateNamesEqualThePyTorchStateDict()
    {
        SafeTensorsFile golden = SafeTensorsFile.Read(GoldenPath);
        using var network = new PixelCnnNetwork(16);
        var ours = StateLoader.StateTensors(network).Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var theirs = golden
            .Entries.Keys.Where(k => k is not "input" and not "logits")
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(theirs, ours);
        Assert.Contains("layers.3.block.3.mask", ours);
        Assert.Contains("layers.13.weight", ours);
    }

    [Fact]
    public void EvalLogitsMatchPyTorchWithin1e4()
    {
        CheckpointLoadResult loaded = CheckpointReader.Load(GoldenPath, TestDevice.Current);
        using PixelCnnModel model = loaded.Model;
        Assert.Empty(loaded.Warnings);
        Assert.Equal(new[] { "input", "logits" }, loaded.UnusedTensors.OrderBy(n => n).ToArray());
        Assert.Equal(16, model.HiddenDim);

        SafeTensorsFile golden = SafeTensorsFile.Read(GoldenPath);
        using var scope = torch.NewDisposeScope();
        Tensor input = golden.GetTensor("input");
        Tensor expected = golden.GetTensor("logits");
        Tensor actual;
        using (torch.no_grad())
        {
            actual = model.Logits(input);
        }

        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(new long[] { 2, 256, 1, 28, 28 }, actual.shape);
        double maxDifference = (actual - expected).abs().max().item<float>();
        Assert.True(maxDifference < 1e-4, $"max |difference| = {maxDifference}");
    }

    [Fact]
    public void MasksAreAppliedInForwardNotWrittenIntoWeights()
    {
        CheckpointLoadResult loaded = CheckpointReader.Load(GoldenPath, TestDevice.Current);
        using PixelCnnModel model = loaded.Model;
        var first = model.Network.MaskedConvolutions().First().Layer;
        using var scope = torch.NewDisposeScope();
        Tensor before = first.Convolution.weight!.clone();
        using (torch.no_grad())
        {
            model.Logits(torch.zeros(1, 1, 28, 28, ScalarType.Byte));
        }

        Assert.True(before.equal(first.Convolution.weight!).all().item<bool>(), "forward changed the raw weights");
        // The raw golden weights have non-zero values where the mask is 0.
        Tensor hidden = first.Convolution.weight! * (1 - first.Mask);
        Assert.True(hidden.abs().sum().item<float>() > 0);
    }
}
