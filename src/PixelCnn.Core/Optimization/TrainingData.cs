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
    /// Stops with an error naming what differs in the training or the validation data; only when both fit, adopts the
    /// training data's class names where the model has none (a refused run leaves the model as it was).
    /// </summary>
    public static void Check(PixelCnnModel model, ImageDataset data, ImageDataset? validation)
    {
        IReadOnlyList<string>? adopted = Check(model, data, "training", model.ClassNames);
        if (validation is not null)
        {
            Check(model, validation, "validation", adopted ?? model.ClassNames);
        }

        if (adopted is not null)
        {
            model.ClassNames = adopted;
        }
    }

    /// <summary>
    /// Checks one dataset against the model and the class names it has (or is about to take); returns the data's
    /// class names when the model should take them (training data only), else null.
    /// </summary>
    private static IReadOnlyList<string>? Check(
        PixelCnnModel model,
        ImageDataset data,
        string role,
        IReadOnlyList<string> classNames
    )
    {
        if (data.Shape != model.Shape)
        {
            throw Invalid(
                $"The {role} images are {data.Shape} and the model is for {model.Shape} images: train a model of "
                    + "their size, or load the images at the model's size.",
                "ImageSizeMismatch",
                data
            );
        }

        if (!model.Conditional)
        {
            return null;
        }

        if (data.Labels is null)
        {
            throw Invalid(
                $"The model is class-conditional and the {role} images have no labels.",
                "LabelRequired",
                data
            );
        }

        if (data.ClassNames.Count != model.Classes)
        {
            throw Invalid(
                $"The {role} images have {data.ClassNames.Count} classes ({Names(data.ClassNames)}) and the model "
                    + $"{model.Classes} ({Names(classNames)}): create the model with the data's classes.",
                "ClassCountMismatch",
                data
            );
        }

        if (ModelClasses.AreIndexNames(data.ClassNames) || data.ClassNames.SequenceEqual(classNames))
        {
            return null;
        }

        if (role == "training" && ModelClasses.AreIndexNames(classNames))
        {
            return data.ClassNames;
        }

        throw Invalid(
            $"The {role} images' classes are {Names(data.ClassNames)}, the model's {Names(classNames)}.",
            "ClassNamesMismatch",
            data
        );
    }

    /// <summary>
    /// The labels of a conditional model's data as an int64 tensor on its device (null for an unconditional model).
    /// </summary>
    public static Tensor? Labels(PixelCnnModel model, ImageDataset? data) =>
        model.Conditional && data?.Labels is byte[] labels
            ? model.LabelTensor(labels.Select(l => (int?)l).ToArray(), data)
            : null;

    private static PixelCnnException Invalid(string message, string id, ImageDataset data) =>
        new(message, id, PixelCnnErrorKind.InvalidData, data);

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + ", ...";
}
