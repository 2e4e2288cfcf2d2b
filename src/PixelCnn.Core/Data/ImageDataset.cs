using System.Collections;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Data;

/// <summary>
/// Greyscale images of one size, loaded whole, with their labels and class names where they have them: an MNIST split
/// (Import-Mnist) or a folder of pictures (Import-PixelCnnDataset). Enumerating it yields one
/// <see cref="PixelCnnImage"/> per image, so <c>$data | Select-Object -First 4 | Export-Png</c> streams images.
/// </summary>
public sealed class ImageDataset : IEnumerable<PixelCnnImage>
{
    private readonly byte[] pixels;
    private readonly IReadOnlyList<string>? files;
    private readonly bool namedClasses;
    private Tensor? images;

    /// <summary>An MNIST split from row-major pixels (count x rows x columns) and digit labels.</summary>
    public ImageDataset(MnistSplit split, string source, byte[] pixels, byte[] labels, int rows = 28, int columns = 28)
        : this($"MNIST {split}", source, pixels, new ImageShape(rows, columns), labels, ModelClasses.IndexNames(10)) { }

    /// <summary>
    /// Images of <paramref name="shape"/> from row-major pixels; <paramref name="labels"/> (one per image, each below
    /// the number of <paramref name="classNames"/>) or null for unlabelled images; <paramref name="files"/> the file of
    /// each image, if they came from files.
    /// </summary>
    public ImageDataset(
        string name,
        string source,
        byte[] pixels,
        ImageShape shape,
        byte[]? labels,
        IReadOnlyList<string> classNames,
        IReadOnlyList<string>? files = null
    )
    {
        long count = shape.Pixels == 0 ? 0 : pixels.LongLength / shape.Pixels;
        if (
            pixels.LongLength != count * shape.Pixels
            || (labels is not null && labels.Length != count)
            || (files is not null && files.Count != count)
        )
        {
            throw new ArgumentException(
                $"{pixels.LongLength} pixels, {labels?.Length} labels and {files?.Count} files do not make images of "
                    + $"{shape}.",
                nameof(pixels)
            );
        }

        if (labels is not null && labels.Any(l => l >= classNames.Count))
        {
            throw new ArgumentException($"A label is outside the {classNames.Count} classes.", nameof(labels));
        }

        this.Name = name;
        this.Source = source;
        this.pixels = pixels;
        this.Count = (int)count;
        this.Shape = shape;
        this.Labels = labels;
        this.ClassNames = labels is null ? Array.Empty<string>() : classNames.ToArray();
        this.files = files;
        this.namedClasses = labels is not null && !ModelClasses.AreIndexNames(this.ClassNames);
    }

    /// <summary>What the images are: "MNIST Train", "MNIST Test", or the name of the folder they came from.</summary>
    public string Name { get; }

    /// <summary>The folder (or file) the data was read from.</summary>
    public string Source { get; }

    /// <summary>Position in the source of the first image (non-zero after Import-Mnist -Skip).</summary>
    public int Offset { get; init; }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>The size of every image (rows x columns).</summary>
    public ImageShape Shape { get; }

    /// <summary>Image height.</summary>
    public int Rows => this.Shape.Height;

    /// <summary>Image width.</summary>
    public int Columns => this.Shape.Width;

    /// <summary>The class index of each image (MNIST: the digit), or null when the images have no labels.</summary>
    public byte[]? Labels { get; }

    /// <summary>
    /// The name of each class by index (MNIST: "0" to "9"; folders: their names); none without labels.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The file each image was read from, by index (null for MNIST's IDX files).</summary>
    public IReadOnlyList<string>? Files => this.files;

    /// <summary>All images as one uint8 tensor of shape [Count, 1, Rows, Columns] on the CPU.</summary>
    public Tensor Images =>
        this.images ??= torch.tensor(
            this.pixels,
            new long[] { this.Count, 1, this.Rows, this.Columns },
            ScalarType.Byte
        );

    /// <summary>How many images of each class (index = class); none without labels.</summary>
    public int[] LabelCounts
    {
        get
        {
            int[] counts = new int[this.ClassNames.Count];
            foreach (byte label in this.Labels ?? Array.Empty<byte>())
            {
                counts[label]++;
            }

            return counts;
        }
    }

    /// <summary>Mean pixel value divided by 255 over the whole dataset.</summary>
    public double MeanPixel =>
        this.pixels.Length == 0 ? 0 : this.pixels.Sum(static p => (long)p) / 255.0 / this.pixels.LongLength;

    /// <summary>The raw pixels, row-major, for the training loop and tests.</summary>
    internal ReadOnlyMemory<byte> PixelMemory => this.pixels;

    /// <summary>One image.</summary>
    public PixelCnnImage this[int index] => this.GetImage(index);

    /// <summary>The label of image <paramref name="index"/>, if the images have labels.</summary>
    public int? LabelOf(int index) => this.Labels is byte[] labels ? labels[index] : null;

    /// <summary>One image as an object for the pipeline.</summary>
    public PixelCnnImage GetImage(int index)
    {
        if (index < 0 || index >= this.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset has {this.Count} images.");
        }

        int size = this.Shape.Pixels;
        byte[] copy = this.pixels.AsSpan(index * size, size).ToArray();
        int? label = this.LabelOf(index);
        return new PixelCnnImage(this.Offset + index, copy, this.Rows, this.Columns)
        {
            Label = label,
            ClassName = label is int l && this.namedClasses ? this.ClassNames[l] : null,
            Source = this.Name,
            File = this.files?[index],
        };
    }

    /// <inheritdoc/>
    public IEnumerator<PixelCnnImage> GetEnumerator()
    {
        for (int i = 0; i < this.Count; i++)
        {
            yield return this.GetImage(i);
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() =>
        $"{this.Name}: {this.Count} images of "
        + $"{this.Shape}{(this.Offset > 0 ? $" from image {this.Offset}" : string.Empty)}"
        + $"{(this.Labels is null ? string.Empty : $" in {this.ClassNames.Count} classes")} in {this.Source}";
}
