using System.IO;
using System.Threading;
using PixelCnn.Errors;
using PixelCnn.Networks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace PixelCnn.Data;

/// <summary>
/// Reads picture files (PNG, JPEG, BMP, GIF) into one <see cref="ImageDataset"/>: each converted to 8-bit greyscale
/// (luma Y = 0.2126 R + 0.7152 G + 0.0722 B, times alpha, so transparent parts are black), optionally inverted and
/// brought to one size. Every file is read before the dataset exists: a fault stops the whole load, naming the file.
/// </summary>
public static class ImageFolderLoader
{
    /// <summary>The file name extensions read from folders (ignoring case).</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".gif" };

    /// <summary>Pictures larger than this many pixels are refused before they are decoded.</summary>
    public const long MaxSourcePixels = 40_000_000;

    /// <summary>
    /// Loads <paramref name="files"/> (full paths, in the order given) from <paramref name="source"/> (shown with the
    /// dataset); <paramref name="progress"/> hears of every file read; <paramref name="cancel"/> is checked between
    /// files.
    /// </summary>
    public static ImageDataset Load(
        IReadOnlyList<string> files,
        string source,
        ImageLoadOptions options,
        Action<int>? progress = null,
        CancellationToken cancel = default
    )
    {
        if (files.Count == 0)
        {
            throw new PixelCnnException(
                $"No pictures were found in '{source}' (files ending in {string.Join(", ", Extensions)}).",
                "NoImages",
                PixelCnnErrorKind.ObjectNotFound,
                source
            );
        }

        var pictures = new List<byte[]>(files.Count);
        ImageShape? shape = options.Size?.Checked();
        string? firstFile = null;
        for (int i = 0; i < files.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            (byte[] pixels, ImageShape size) = Read(files[i], options);
            if (shape is ImageShape expected && size != expected)
            {
                throw new PixelCnnException(
                    $"'{files[i]}' is {size} and '{firstFile}' {expected}: pictures of several sizes need a size to "
                        + "bring them to.",
                    "MixedImageSizes",
                    PixelCnnErrorKind.InvalidData,
                    files[i]
                );
            }

            bool fits = size.Height <= ImageShape.MaxSide && size.Width <= ImageShape.MaxSide;
            shape ??= fits ? size : throw TooLarge(files[i], size);
            firstFile ??= files[i];
            pictures.Add(pixels);
            progress?.Invoke(i + 1);
        }

        (byte[]? labels, IReadOnlyList<string> classes) = options.LabelFromFolder
            ? FolderLabels(files)
            : (null, Array.Empty<string>());
        string name = options.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
        byte[] all = pictures.SelectMany(p => p).ToArray();
        return new ImageDataset(name, source, all, shape!.Value, labels, classes, files.ToArray());
    }

    /// <summary>One picture as greyscale bytes, row-major, and its size (after resizing, if asked).</summary>
    private static (byte[] Pixels, ImageShape Size) Read(string file, ImageLoadOptions options)
    {
        try
        {
            IImageInfo info = Image.Identify(file)
                ?? throw new UnknownImageFormatException("not a picture format ImageSharp reads");
            if ((long)info.Width * info.Height > MaxSourcePixels)
            {
                throw TooLarge(file, new ImageShape(info.Height, info.Width));
            }

            using Image<Rgba32> colour = Image.Load<Rgba32>(file);
            using Image<L8> grey = Greyscale(colour, options.Invert);
            if (options.Size is ImageShape size)
            {
                grey.Mutate(x =>
                    x.Resize(
                        new ResizeOptions
                        {
                            Size = new SixLabors.ImageSharp.Size(size.Width, size.Height),
                            Mode = options.Fit switch
                            {
                                ImageFit.Crop => ResizeMode.Crop,
                                ImageFit.Stretch => ResizeMode.Stretch,
                                _ => ResizeMode.Pad,
                            },
                            Sampler = Sampler(options.Resampling),
                            PadColor = Color.Black,
                        }
                    )
                );
            }

            var pixels = new byte[grey.Width * grey.Height];
            grey.CopyPixelDataTo(pixels);
            return (pixels, new ImageShape(grey.Height, grey.Width));
        }
        catch (Exception e)
            when (e
                    is UnknownImageFormatException
                        or InvalidImageContentException
                        or NotSupportedException
                        or IOException
                        or UnauthorizedAccessException
            )
        {
            throw new PixelCnnException(
                $"'{file}' could not be read as a picture: {e.Message}",
                "ImageUnreadable",
                PixelCnnErrorKind.InvalidData,
                file
            );
        }
    }

    private static Image<L8> Greyscale(Image<Rgba32> colour, bool invert)
    {
        var grey = new Image<L8>(colour.Width, colour.Height);
        for (int y = 0; y < colour.Height; y++)
        {
            for (int x = 0; x < colour.Width; x++)
            {
                Rgba32 c = colour[x, y];
                double luma = ((0.2126 * c.R) + (0.7152 * c.G) + (0.0722 * c.B)) * c.A / 255.0;
                byte value = (byte)Math.Clamp(Math.Round(luma), 0, 255);
                grey[x, y] = new L8(invert ? (byte)(255 - value) : value);
            }
        }

        return grey;
    }

    private static IResampler Sampler(ImageResampling resampling) =>
        resampling switch
        {
            ImageResampling.Bilinear => KnownResamplers.Triangle,
            ImageResampling.NearestNeighbor => KnownResamplers.NearestNeighbor,
            _ => KnownResamplers.Bicubic,
        };

    /// <summary>Labels from the name of each file's folder, classes in ordinal order of their names.</summary>
    private static (byte[] Labels, IReadOnlyList<string> Classes) FolderLabels(IReadOnlyList<string> files)
    {
        string[] folders = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)) ?? string.Empty).ToArray();
        string[] classes = folders
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (classes.Length > Model.ModelClasses.Maximum)
        {
            throw new PixelCnnException(
                $"The pictures are in {classes.Length} folders; a dataset has at most "
                    + $"{Model.ModelClasses.Maximum} classes.",
                "TooManyClasses",
                PixelCnnErrorKind.InvalidData,
                classes.Length
            );
        }

        var index = classes
            .Select((c, i) => (c, i))
            .ToDictionary(p => p.c, p => (byte)p.i, StringComparer.OrdinalIgnoreCase);
        return (folders.Select(f => index[f]).ToArray(), classes);
    }

    private static PixelCnnException TooLarge(string file, ImageShape size) =>
        new(
            $"'{file}' is {size}: too large to model as it is (each side up to {ImageShape.MaxSide}); give a size to "
                + "bring it to.",
            "ImageTooLarge",
            PixelCnnErrorKind.InvalidData,
            file
        );
}
