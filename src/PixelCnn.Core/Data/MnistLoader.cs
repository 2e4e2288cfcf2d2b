using System.IO;
using PixelCnn.Errors;

namespace PixelCnn.Data;

/// <summary>Loads one MNIST split from a folder holding the canonical IDX files (gzip or raw).</summary>
public static class MnistLoader
{
    /// <summary>The image size PixelCNN models here are built for.</summary>
    public const int ImageSize = 28;

    /// <summary>True when <paramref name="folder"/> holds both files of <paramref name="split"/>.</summary>
    public static bool HasSplit(string folder, MnistSplit split) =>
        MnistFiles.Find(folder, MnistFiles.ImagesName(split)) is not null && MnistFiles.Find(folder, MnistFiles.LabelsName(split)) is not null;

    /// <summary>Reads a split. Throws <see cref="PixelCnnException"/> naming the file and the fault.</summary>
    public static MnistDataset Load(string folder, MnistSplit split, int? first = null, int skip = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new PixelCnnException($"MNIST folder '{folder}' does not exist.", "MnistFolderNotFound", PixelCnnErrorKind.ObjectNotFound, folder);
        }

        string imagesPath = MnistFiles.Find(folder, MnistFiles.ImagesName(split)) ?? throw Missing(folder, MnistFiles.ImagesName(split));
        string labelsPath = MnistFiles.Find(folder, MnistFiles.LabelsName(split)) ?? throw Missing(folder, MnistFiles.LabelsName(split));

        var (labels, labelCount) = IdxReader.ReadLabels(labelsPath, first, skip);
        var (pixels, _, rows, columns) = IdxReader.ReadImages(imagesPath, first, skip);
        int imageCount = IdxReader.ReadDeclaredCount(imagesPath);
        if (rows != ImageSize || columns != ImageSize)
        {
            throw new PixelCnnException(
                $"MNIST file '{imagesPath}' has images of {rows}x{columns}; MNIST images are {ImageSize}x{ImageSize}.",
                "MnistBadDimensions", PixelCnnErrorKind.InvalidData, imagesPath);
        }

        if (imageCount != labelCount)
        {
            throw new PixelCnnException(
                $"MNIST files disagree: '{imagesPath}' has {imageCount} images but '{labelsPath}' has {labelCount} labels.",
                "MnistCountMismatch", PixelCnnErrorKind.InvalidData, imagesPath);
        }

        return new MnistDataset(split, Path.GetFullPath(folder), pixels, labels, rows, columns) { Offset = Math.Min(skip, labelCount) };
    }

    private static PixelCnnException Missing(string folder, string baseName) =>
        new($"MNIST file '{Path.Combine(folder, baseName)}.gz' (or '{baseName}') is missing in '{folder}'.",
            "MnistFileNotFound", PixelCnnErrorKind.ObjectNotFound, Path.Combine(folder, baseName + ".gz"));
}
