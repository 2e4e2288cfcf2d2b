using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Optimization;

/// <summary>
/// Whether a dataset can train or validate a model: images of the model's size and, for a conditional model, labels
/// of its classes. A conditional model whose classes have no names yet takes its training data's names.
/// </summary>
internal static class TrainingData
{
    /// <summary>
    /// Stops with an error naming what differs; adopts the training data's class names where the model has none.
    /// </summary>
    public static void Check(PixelCnnModel model, ImageDataset data, bool validation)
    {
        string role = validation ? "validation" : "training";
        if (data.Shape != model.Shape)
        {
            throw new PixelCnnException(
                $"The {role} images are {data.Shape} and the model is for {model.Shape} images: train a model of " +
                "their size, or load the images at the model's size.",
                "ImageSizeMismatch", PixelCnnErrorKind.InvalidData, data);
        }

        if (!model.Conditional)
        {
            return;
        }

        if (data.Labels is null)
        {
            throw new PixelCnnException(
                $"The model is class-conditional and the {role} images have no labels.",
                "LabelRequired", PixelCnnErrorKind.InvalidData, data);
        }

        if (data.ClassNames.Count != model.Classes)
        {
            throw new PixelCnnException(
                $"The {role} images have {data.ClassNames.Count} classes ({Names(data.ClassNames)}) and the model " +
                $"{model.Classes} ({Names(model.ClassNames)}): create the model with the data's classes.",
                "ClassCountMismatch", PixelCnnErrorKind.InvalidData, data);
        }

        if (ModelClasses.AreIndexNames(data.ClassNames) || data.ClassNames.SequenceEqual(model.ClassNames))
        {
            return;
        }

        if (!validation && ModelClasses.AreIndexNames(model.ClassNames))
        {
            model.ClassNames = data.ClassNames;
            return;
        }

        throw new PixelCnnException(
            $"The {role} images' classes are {Names(data.ClassNames)}, the model's {Names(model.ClassNames)}.",
            "ClassNamesMismatch", PixelCnnErrorKind.InvalidData, data);
    }

    /// <summary>
    /// The labels of a conditional model's data as an int64 tensor on its device (null for an unconditional model).
    /// </summary>
    public static Tensor? Labels(PixelCnnModel model, ImageDataset? data) =>
        model.Conditional && data?.Labels is byte[] labels
            ? model.LabelTensor(labels.Select(l => (int?)l).ToArray(), data)
            : null;

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + ", ...";
}
