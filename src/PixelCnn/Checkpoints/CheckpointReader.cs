using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Checkpoints;

/// <summary>The result of reading a checkpoint into a model.</summary>
/// <param name="Model">The model, in evaluation mode.</param>
/// <param name="UnusedTensors">Tensors in the file that the model does not have.</param>
/// <param name="Warnings">Things the user should know (for example a mask that differs from the architecture's).</param>
public sealed record CheckpointLoadResult(PixelCnnModel Model, IReadOnlyList<string> UnusedTensors, IReadOnlyList<string> Warnings);

/// <summary>
/// Builds a model from a safetensors file with the tutorial's PyTorch state names: the hidden size comes
/// from the tensors' shapes, every tensor is checked, and masks that differ from the architecture's are reported.
/// </summary>
public static class CheckpointReader
{
    private const string FirstBlockKey = "layers.3.block.0.weight";

    /// <summary>Reads <paramref name="path"/> into a new model on <paramref name="device"/>.</summary>
    public static CheckpointLoadResult Load(string path, Device device)
    {
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        if (!file.Entries.TryGetValue(FirstBlockKey, out SafeTensorsEntry? first) || first.Shape.Count != 4)
        {
            throw new PixelCnnException(
                $"Checkpoint '{path}' is not a PixelCNN checkpoint: it has no '{FirstBlockKey}' tensor of rank 4.",
                "CheckpointMismatch", ErrorCategory.InvalidData, path);
        }

        int hiddenDim = checked((int)first.Shape[0]);
        if (file.Metadata.TryGetValue(CheckpointMetadata.HiddenDim, out string? recorded)
            && int.TryParse(recorded, NumberStyles.Integer, CultureInfo.InvariantCulture, out int recordedHidden)
            && recordedHidden != hiddenDim)
        {
            throw new PixelCnnException(
                $"Checkpoint '{path}' records hidden_dim {recordedHidden} but its tensors have hidden size {hiddenDim}.",
                "CheckpointMismatch", ErrorCategory.InvalidData, path);
        }

        if (hiddenDim < 1 || hiddenDim > PixelCnnFactory.MaxHiddenDim)
        {
            throw new PixelCnnException($"Checkpoint '{path}' has an unsupported hidden size {hiddenDim}.", "CheckpointMismatch", ErrorCategory.InvalidData, path);
        }

        var network = new PixelCnnNetwork(hiddenDim);
        IReadOnlyList<string> unused;
        try
        {
            unused = StateLoader.Load(network, file);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        var warnings = new List<string>();
        foreach (var (name, layer) in network.MaskedConvolutions())
        {
            using Tensor expected = ConvolutionMask.CreateTensor(layer.MaskType, layer.KernelSize, layer.KernelSize);
            if (!layer.Mask.allclose(expected, 0, 0))
            {
                warnings.Add($"The mask '{name}.mask' in '{path}' differs from the type-{layer.MaskType} mask of the architecture; the model may see pixels it must not.");
            }
        }

        network.to(device);
        var model = new PixelCnnModel(network, device, path);
        try
        {
            CheckpointMetadata.Apply(file, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new CheckpointLoadResult(model, unused, warnings);
    }
}
