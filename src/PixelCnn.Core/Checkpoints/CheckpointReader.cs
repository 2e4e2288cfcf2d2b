using System.Globalization;
using PixelCnn.Architectures;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Checkpoints;

/// <summary>The result of reading a checkpoint into a model.</summary>
/// <param name="Model">The model, in evaluation mode.</param>
/// <param name="UnusedTensors">Tensors in the file that the model does not have.</param>
/// <param name="Warnings">Things the user should know (for example a mask that differs from the
/// architecture's).</param>
public sealed record CheckpointLoadResult(
    PixelCnnModel Model,
    IReadOnlyList<string> UnusedTensors,
    IReadOnlyList<string> Warnings
);

/// <summary>
/// Builds a model from a safetensors file with the tutorial's PyTorch state names: the hidden size comes
/// from the tensors' shapes, every tensor is checked, and masks that differ from the architecture's are reported.
/// </summary>
public static class CheckpointReader
{
    /// <summary>
    /// Reads <paramref name="path"/> into a new model on <paramref name="device"/>; with
    /// <paramref name="trainedWeights"/> the trained weights of an averaged run instead of their average.
    /// </summary>
    public static CheckpointLoadResult Load(string path, Device device, bool trainedWeights = false)
    {
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        AutoregressiveNetwork network = CreateNetwork(file, path);
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

        network.to(device);
        var warnings = new List<string>();
        foreach (var (name, layer) in network.MaskedConvolutions())
        {
            // One check per layer where the masks enter: equal to the design, or else whether they open more.
            if (!layer.MatchesDesign())
            {
                layer.WithinDesign = layer.OpensOnlyDesignTaps();
                string kind =
                    layer.Shape == MaskShape.Full
                        ? $"type-{layer.MaskType}"
                        : $"{layer.Shape.ToString().ToLowerInvariant()}-stack type-{layer.MaskType}";
                warnings.Add(
                    $"The mask '{name}.mask' in '{path}' differs from the {kind} mask of the architecture; the model "
                        + "may see pixels it must not."
                );
            }
        }

        var model = new PixelCnnModel(network, device, path);
        try
        {
            CheckpointMetadata.Apply(file, model);
            if (trainedWeights)
            {
                CheckpointMetadata.UseTrainedWeights(file, model);
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new CheckpointLoadResult(model, unused, warnings);
    }

    /// <summary>
    /// The network the file describes: the architecture its metadata names (else the one whose identifying tensor it
    /// holds), the hidden size and classes from the tensors' shapes.
    /// </summary>
    private static AutoregressiveNetwork CreateNetwork(SafeTensorsFile file, string path)
    {
        Architecture architecture = CheckpointArchitecture.Recognise(file, path);
        int hiddenDim = HiddenDimOf(file, path, architecture);
        int classes = ClassesOf(file, path, architecture);
        ImageShape shape = CheckpointMetadata.ShapeOf(file);
        AutoregressiveNetwork network = architecture.CreateNetwork(hiddenDim, classes, shape);
        network.Shape = shape;
        return network;
    }

    /// <summary>
    /// The hidden size the identifying tensor's shape gives, checked against the size the metadata records.
    /// </summary>
    private static int HiddenDimOf(SafeTensorsFile file, string path, Architecture architecture)
    {
        SafeTensorsEntry first = file.Entries[architecture.IdentifyingTensor];
        int hiddenDim = architecture.HiddenDimFrom(first.Shape)
            ?? throw new PixelCnnException(
                $"Checkpoint '{path}' has a '{first.Name}' of shape [{string.Join(", ", first.Shape)}], which no "
                    + $"{architecture.Name} model has.",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                path
            );
        if (
            file.Metadata.TryGetValue(CheckpointRecord.HiddenDimKey, out string? recorded)
            && int.TryParse(recorded, NumberStyles.Integer, CultureInfo.InvariantCulture, out int recordedHidden)
            && recordedHidden != hiddenDim
        )
        {
            throw new PixelCnnException(
                $"Checkpoint '{path}' records hidden_dim {recordedHidden} but its tensors have hidden size "
                    + $"{hiddenDim}.",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                path
            );
        }

        if (hiddenDim < 1 || hiddenDim > PixelCnnFactory.MaxHiddenDim)
        {
            throw new PixelCnnException(
                $"Checkpoint '{path}' has an unsupported hidden size {hiddenDim}.",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                path
            );
        }

        return hiddenDim;
    }

    /// <summary>The number of classes the class embedding holds (0 without one).</summary>
    private static int ClassesOf(SafeTensorsFile file, string path, Architecture architecture)
    {
        int classes = 0;
        if (
            architecture.ClassTensor is string classTensor
            && file.Entries.TryGetValue(classTensor, out SafeTensorsEntry? condition)
        )
        {
            if (condition.Shape.Count != 2 || condition.Shape[0] < 1 || condition.Shape[0] > 1000)
            {
                throw new PixelCnnException(
                    $"Checkpoint '{path}' has a class embedding of unsupported shape "
                        + $"[{string.Join(", ", condition.Shape)}].",
                    "CheckpointMismatch",
                    PixelCnnErrorKind.InvalidData,
                    path
                );
            }

            classes = checked((int)condition.Shape[0]);
        }

        return classes;
    }
}
