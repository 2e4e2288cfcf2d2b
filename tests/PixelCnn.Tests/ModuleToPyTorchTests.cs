using System.Text.Json;

namespace PixelCnn.Tests;

/// <summary>
/// Checkpoints the module wrote (tests/reference/Save-ModuleCheckpoints.ps1) compute in PyTorch what they compute
/// here: PyTorch loaded them strictly into its models and recorded per-image likelihoods and logits
/// (tests/data/module-checkpoints-golden.json, made by tests/reference/make_module_checkpoint_golden.py). Saving them
/// again writes the same tensors, byte for byte, so the files stand for what the writer writes today.
/// </summary>
public sealed class ModuleToPyTorchTests
{
    [Theory]
    [InlineData("module-pixelcnn-h8.safetensors", "pixelcnn")]
    [InlineData("module-gated-h8.safetensors", "gated")]
    [InlineData("module-gated-conditional-h8.safetensors", "gated_conditional")]
    public void PyTorchComputesTheModulesLogitsFromItsCheckpoint(string file, string key)
    {
        using JsonDocument golden = JsonDocument.Parse(
            File.ReadAllText(TestPaths.Data("module-checkpoints-golden.json"))
        );
        JsonElement expected = golden.RootElement.GetProperty(key);
        int images = golden.RootElement.GetProperty("images").GetInt32();
        int[] pixels = expected.GetProperty("pixels").EnumerateArray().Select(p => p.GetInt32()).ToArray();

        using PixelCnnModel model = CheckpointReader.Load(TestPaths.Data(file), TestDevice.Current).Model;
        ImageDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, images);
        using var scope = torch.NewDisposeScope();
        Tensor logits;
        using (torch.no_grad())
        {
            Tensor? labels = model.Conditional ? model.LabelTensor(test.Labels!.Select(l => (int?)l).ToArray()) : null;
            logits = model
                .Logits(model.Network, test.Images.to(model.TorchDevice), labels)
                .reshape(images, 256, 784)
                .to(ScalarType.Float64);
        }

        Tensor targets = test.Images.reshape(images, 784).to(ScalarType.Int64).to(model.TorchDevice);
        double[] nll = Devices.HostTransfer.Download<double>(
            nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.None).sum(dim: 1),
            Devices.HostTransfer.Likelihoods
        );
        double[] at = Devices.HostTransfer.Download<double>(
            logits.index_select(2, torch.tensor(pixels.Select(p => (long)p).ToArray(), device: model.TorchDevice)),
            Devices.HostTransfer.Likelihoods
        );
        for (int i = 0; i < images; i++)
        {
            double theirs = expected.GetProperty("nll")[i].GetDouble();
            Assert.True(Math.Abs(nll[i] - theirs) < 1e-2, $"image {i}: {nll[i]:R} nats here, {theirs:R} in PyTorch");
            for (int j = 0; j < pixels.Length; j++)
            {
                for (int v = 0; v < 256; v++)
                {
                    double ours = at[(((i * 256) + v) * pixels.Length) + j];
                    double pytorch = expected.GetProperty("logits")[i][j][v].GetDouble();
                    Assert.True(
                        Math.Abs(ours - pytorch) < 1e-4,
                        $"image {i}, pixel {pixels[j]}, value {v}: {ours:R} here, {pytorch:R} in PyTorch"
                    );
                }
            }
        }

        AssertWrittenAsRead(file, model);
    }

    /// <summary>The model written again has the file's tensors: the same names, types, shapes and values.</summary>
    private static void AssertWrittenAsRead(string file, PixelCnnModel model)
    {
        byte[] original = File.ReadAllBytes(TestPaths.Data(file));
        byte[] written = CheckpointWriter.Serialize(model, includeOptimizerState: false);
        SafeTensorsFile a = SafeTensorsFile.Parse(file, original),
            b = SafeTensorsFile.Parse(file, written);
        Assert.Equal(a.Entries.Keys.Order(StringComparer.Ordinal), b.Entries.Keys.Order(StringComparer.Ordinal));
        foreach (string name in a.Entries.Keys)
        {
            Assert.Equal(a.Entries[name].DType, b.Entries[name].DType);
            Assert.Equal(a.Entries[name].Shape, b.Entries[name].Shape);
            Assert.True(
                a.GetTensor(name).equal(b.GetTensor(name)).all().item<bool>(),
                $"{name} is written differently"
            );
        }
    }
}
