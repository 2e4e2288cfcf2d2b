using System.Globalization;
using System.IO;
using PixelCnn.Checkpoints;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Initialization;

/// <summary>
/// A new model that starts from a trained one's weights (New-PixelCnn -InitializeFrom): same architecture and hidden
/// size, every parameter and buffer of the source copied by state name, and the tensors only the new model has (the
/// class embeddings of a conditional Gated model started from an unconditional one) set to zero. Those embeddings are
/// added to features, so at zero the new model computes exactly what the source computes, for every label; training
/// then teaches them the classes. Tensors of the source that the new model lacks are refused: dropping them would
/// change what the model computes.
/// </summary>
public static class WarmStart
{
    /// <summary>
    /// A new model, conditional or not, on <paramref name="device"/> with <paramref name="source"/>'s weights and image
    /// size; a conditional one has <paramref name="classNames"/> (default: the source's classes, or the ten digits).
    /// </summary>
    public static PixelCnnModel From(
        PixelCnnModel source,
        bool conditional,
        Device device,
        IReadOnlyList<string>? classNames = null
    )
    {
        IReadOnlyList<string>? names = classNames ?? (source.Conditional ? source.ClassNames : null);
        if (conditional && source.Conditional && names!.Count != source.Classes)
        {
            throw new PixelCnnException(
                $"A model of {names.Count} classes cannot start from {source}, whose class embeddings hold "
                    + $"{source.Classes}.",
                "InitializeFromMismatch",
                PixelCnnErrorKind.InvalidArgument,
                source
            );
        }

        PixelCnnModel model = PixelCnnFactory.Create(
            source.Network.Architecture,
            source.HiddenDim,
            conditional,
            device,
            shape: source.Shape,
            classNames: names
        );
        try
        {
            CopyWeights(source, model);
            var checkedMasks = source.Network.MaskedConvolutions().ToDictionary(m => m.Name, m => m.Layer.WithinDesign);
            foreach (var (name, layer) in model.Network.MaskedConvolutions())
            {
                layer.WithinDesign = checkedMasks[name]; // the masks were copied too
            }

            model.InitializedFrom = Provenance(source);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies every tensor of <paramref name="source"/> into the same tensor of <paramref name="model"/> and zeroes
    /// the model's tensors the source lacks (a conditional model's class embeddings); stops when the model has no
    /// place for a tensor of the source.
    /// </summary>
    private static void CopyWeights(PixelCnnModel source, PixelCnnModel model)
    {
        IReadOnlyDictionary<string, Tensor> from = StateLoader.StateTensors(source.Network);
        IReadOnlyDictionary<string, Tensor> to = StateLoader.StateTensors(model.Network);
        var dropped = from.Keys.Where(k => !to.ContainsKey(k)).ToList();
        if (dropped.Count > 0)
        {
            throw new PixelCnnException(
                $"A {Describe(model)} model cannot start from {source}: it has no place for {dropped.Count} of "
                    + "the source's tensors "
                    + $"({string.Join(", ", dropped.Take(4))}{(dropped.Count > 4 ? ", ..." : string.Empty)}), so "
                    + "it would not compute what the source computes. Start a conditional model from an "
                    + "unconditional one, or a model from one of its own kind.",
                "InitializeFromMismatch",
                PixelCnnErrorKind.InvalidArgument,
                source
            );
        }

        using (no_grad())
        {
            foreach (var (name, target) in to)
            {
                if (from.TryGetValue(name, out Tensor? tensor))
                {
                    target.copy_(tensor);
                }
                else
                {
                    target.zero_();
                }
            }
        }
    }

    /// <summary>What a model started from, in one line: architecture, epoch, validation bpd and file.</summary>
    public static string Provenance(PixelCnnModel source)
    {
        string weights = source.TrainingState.HoldsTrainedWeights ? ", trained weights" : string.Empty;
        string validation = source.TrainingState.ValidationBpd is double v
            ? string.Create(CultureInfo.InvariantCulture, $", validation {v:F4} bpd")
            : string.Empty;
        string file = source.Source is string path ? $", '{Path.GetFileName(path)}'" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Describe(source)}, epoch {source.TrainingState.Epoch}{weights}{validation}{file}"
        );
    }

    private static string Describe(PixelCnnModel model) =>
        $"{model.Architecture}{(model.Conditional ? " conditional" : string.Empty)} hidden {model.HiddenDim}";
}
