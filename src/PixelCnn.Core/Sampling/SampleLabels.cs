using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Sampling;

/// <summary>The class labels of a sampling run: checked against the model and expanded to one per image.</summary>
public static class SampleLabels
{
    /// <summary>
    /// One class index per image for a conditional model, from labels given by class name or index
    /// (<see cref="ModelClasses.Resolve"/>); otherwise as <see cref="Expand(PixelCnnModel, IReadOnlyList{int}?,
    /// int)"/>.
    /// </summary>
    public static IReadOnlyList<int>? Expand(PixelCnnModel model, IReadOnlyList<string>? labels, int count) =>
        Expand(
            model,
            labels is null ? null
                : model.Conditional ? labels.Select(l => ModelClasses.Resolve(model.ClassNames, l)).ToArray()
                : labels.Select(_ => 0).ToArray(),
            count
        );

    /// <summary>
    /// One label per image for a conditional model: none given cycles through the classes (0,1,...,9,0,...); one label
    /// is used for every image; otherwise there must be one per image. An unconditional model takes no labels.
    /// </summary>
    public static IReadOnlyList<int>? Expand(PixelCnnModel model, IReadOnlyList<int>? labels, int count)
    {
        if (!model.Conditional)
        {
            if (labels is { Count: > 0 })
            {
                throw new PixelCnnException(
                    $"Labels need a class-conditional model; {model} is not conditional.",
                    "LabelNeedsConditionalModel",
                    PixelCnnErrorKind.InvalidArgument,
                    labels
                );
            }

            return null;
        }

        if (labels is null || labels.Count == 0)
        {
            return Enumerable.Range(0, count).Select(i => i % model.Classes).ToArray();
        }

        foreach (int label in labels)
        {
            if (label < 0 || label >= model.Classes)
            {
                throw new PixelCnnException(
                    $"Label {label} is outside 0..{model.Classes - 1}, the classes of this model.",
                    "LabelOutOfRange",
                    PixelCnnErrorKind.InvalidArgument,
                    label
                );
            }
        }

        if (labels.Count == 1)
        {
            return Enumerable.Repeat(labels[0], count).ToArray();
        }

        if (labels.Count != count)
        {
            throw new PixelCnnException(
                $"Labels are one for every image or one per image: {labels.Count} labels for {count} images.",
                "LabelCountMismatch",
                PixelCnnErrorKind.InvalidArgument,
                labels
            );
        }

        return labels;
    }
}
