using System.IO;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Data;

/// <summary>
/// Loads one MNIST split from a folder holding the canonical IDX files (gzip or raw): MNIST itself, or any dataset
/// laid out the same way (Fashion-MNIST, KMNIST, EMNIST), at any image size up to <see cref="ImageShape.MaxSide"/>.
/// </summary>
public static class MnistLoader
{
    /// <summary>True when <paramref name="folder"/> holds both files of <paramref name="split"/>.</summary>
    public static bool HasSplit(string folder, MnistSplit split) =>
        MnistFiles.Find(folder, MnistFiles.ImagesName(split)) is not null
        && MnistFiles.Find(folder, MnistFiles.LabelsName(split)) is not null;

    /// <summary>Reads a split. Throws <see cref="PixelCnnException"/> naming the file and the fault.</summary>
    public static ImageDataset Load(string folder, MnistSplit split, int? first = null, int skip = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new PixelCnnException(
                $"MNIST folder '{folder}' does not exist.",
                "MnistFolderNotFound",
                PixelCnnErrorKind.ObjectNotFound,
                folder
            );
        }

        string imagesPath = MnistFiles.Find(folder, MnistFiles.ImagesName(split))
            ?? throw Missing(folder, MnistFiles.ImagesName(split));
        string labelsPath = MnistFiles.Find(folder, MnistFiles.LabelsName(split))
            ?? throw Missing(folder, MnistFiles.LabelsName(split));

        var (labels, labelCount) = IdxReader.ReadLabels(labelsPath, first, skip);
        var (pixels, _, rows, columns) = IdxReader.ReadImages(imagesPath, first, skip);
        int imageCount = IdxReader.ReadDeclaredCount(imagesPath);
        if (rows > ImageShape.MaxSide || columns > ImageShape.MaxSide)
        {
            throw new PixelCnnException(
                $"IDX file '{imagesPath}' has images of {rows}x{columns}; the largest side a model takes is "
                    + $"{ImageShape.MaxSide}.",
                "MnistBadDimensions",
                PixelCnnErrorKind.InvalidData,
                imagesPath
            );
        }

        if (imageCount != labelCount)
        {
            throw new PixelCnnException(
                $"MNIST files disagree: '{imagesPath}' has {imageCount} images but '{labelsPath}' has {labelCount} "
                    + "labels.",
                "MnistCountMismatch",
                PixelCnnErrorKind.InvalidData,
                imagesPath
            );
        }

        // Classes by index: MNIST's ten digits, or as many as the largest label calls for (EMNIST's letters: 1 to 26).
        int classes = Math.Max(10, labels.Length == 0 ? 0 : labels.Max() + 1);
        return new ImageDataset(
            $"MNIST {split}",
            Path.GetFullPath(folder),
            pixels,
            new ImageShape(rows, columns),
            labels,
            ModelClasses.IndexNames(classes)
        )
        {
            Offset = Math.Min(skip, labelCount),
        };
    }

    private static PixelCnnException Missing(string folder, string baseName) =>
        new(
            $"MNIST file '{Path.Combine(folder, baseName)}.gz' (or '{baseName}') is missing in '{folder}'.",
            "MnistFileNotFound",
            PixelCnnErrorKind.ObjectNotFound,
            Path.Combine(folder, baseName + ".gz")
        );
}
