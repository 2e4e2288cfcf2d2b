using System.Globalization;
using PixelCnn.Errors;

namespace PixelCnn.Model;

/// <summary>
/// A conditional model's class names and how a label given by name or index becomes a class index: one home for the
/// rules New-PixelCnn, training, checkpoints and the -Label parameters share.
/// </summary>
public static class ModelClasses
{
    /// <summary>The fewest classes a conditional model has.</summary>
    public const int Minimum = 2;

    /// <summary>The most classes a conditional model has (labels are stored as bytes).</summary>
    public const int Maximum = 256;

    /// <summary>The names of classes without names of their own: "0", "1", ... (MNIST's digits).</summary>
    public static IReadOnlyList<string> IndexNames(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>True when <paramref name="names"/> are the indices themselves (no names given).</summary>
    public static bool AreIndexNames(IReadOnlyList<string> names) => names.SequenceEqual(IndexNames(names.Count));

    /// <summary>
    /// <paramref name="names"/>, when there is one per class, none empty and none twice (ignoring case).
    /// </summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> names, int count)
    {
        if (names.Count != count)
        {
            throw new PixelCnnException(
                $"{names.Count} class names were given for a model of {count} classes.",
                "ClassNamesMismatch",
                PixelCnnErrorKind.InvalidArgument,
                names
            );
        }

        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new PixelCnnException(
                "A class name is empty.",
                "InvalidClassName",
                PixelCnnErrorKind.InvalidArgument,
                names
            );
        }

        string? repeated = names
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1)
            ?.Key;
        return repeated is null
            ? names.ToArray()
            : throw new PixelCnnException(
                $"The class name '{repeated}' is given twice (names are compared ignoring case).",
                "InvalidClassName",
                PixelCnnErrorKind.InvalidArgument,
                names
            );
    }

    /// <summary>
    /// The class index of <paramref name="label"/>: a class name (ignoring case), else an index 0..N-1. An unknown
    /// name or an index out of range is an error that lists the classes.
    /// </summary>
    public static int Resolve(IReadOnlyList<string> names, object label)
    {
        string text = Convert.ToString(label, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            && index >= 0
            && index < names.Count
        )
        {
            return index;
        }

        string known = AreIndexNames(names) ? $"0..{names.Count - 1}" : string.Join(", ", names);
        throw new PixelCnnException(
            $"The label '{text}' is not one of the model's classes: {known}.",
            "LabelOutOfRange",
            PixelCnnErrorKind.InvalidArgument,
            label
        );
    }
}
