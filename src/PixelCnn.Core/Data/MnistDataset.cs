using System.Collections;
using PixelCnn.Imaging;

namespace PixelCnn.Data;

/// <summary>
/// MNIST images and labels of one split, loaded whole. Enumerating it yields one <see cref="PixelCnnImage"/>
/// per image, so <c>$data | Select-Object -First 4 | Export-Png</c> streams images.
/// </summary>
public sealed class MnistDataset : IEnumerable<PixelCnnImage>
{
    private readonly byte[] pixels;
    private Tensor? images;

    /// <summary>Creates a dataset from row-major pixels (count x 28 x 28) and labels.</summary>
    public MnistDataset(MnistSplit split, string source, byte[] pixels, byte[] labels, int rows = 28, int columns = 28)
    {
        if (pixels.LongLength != (long)labels.Length * rows * columns)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * rows * columns} pixels, not {pixels.LongLength}.", nameof(pixels));
        }

        this.Split = split;
        this.Source = source;
        this.pixels = pixels;
        this.Labels = labels;
        this.Rows = rows;
        this.Columns = columns;
    }

    /// <summary>Train or Test.</summary>
    public MnistSplit Split { get; }

    /// <summary>The folder (or file) the data was read from.</summary>
    public string Source { get; }

    /// <summary>Position in the split's files of the first image (non-zero after Import-Mnist -Skip).</summary>
    public int Offset { get; init; }

    /// <summary>Number of images.</summary>
    public int Count => this.Labels.Length;

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Columns { get; }

    /// <summary>The digit of each image, 0-9.</summary>
    public byte[] Labels { get; }

    /// <summary>All images as one uint8 tensor of shape [Count, 1, Rows, Columns] on the CPU.</summary>
    public Tensor Images => this.images ??= torch.tensor(this.pixels, new long[] { this.Count, 1, this.Rows, this.Columns }, ScalarType.Byte);

    /// <summary>How many images of each digit (index = digit).</summary>
    public int[] LabelCounts
    {
        get
        {
            int[] counts = new int[10];
            foreach (byte label in this.Labels)
            {
                if (label < counts.Length)
                {
                    counts[label]++;
                }
            }

            return counts;
        }
    }

    /// <summary>Mean pixel value divided by 255 over the whole dataset.</summary>
    public double MeanPixel
    {
        get
        {
            if (this.pixels.Length == 0)
            {
                return 0;
            }

            long sum = 0;
            foreach (byte p in this.pixels)
            {
                sum += p;
            }

            return sum / 255.0 / this.pixels.LongLength;
        }
    }

    /// <summary>The raw pixels, row-major, for the training loop and tests.</summary>
    internal ReadOnlyMemory<byte> PixelMemory => this.pixels;

    /// <summary>One image.</summary>
    public PixelCnnImage this[int index] => this.GetImage(index);

    /// <summary>One image as an object for the pipeline.</summary>
    public PixelCnnImage GetImage(int index)
    {
        if (index < 0 || index >= this.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset has {this.Count} images.");
        }

        int size = this.Rows * this.Columns;
        byte[] copy = this.pixels.AsSpan(index * size, size).ToArray();
        return new PixelCnnImage(this.Offset + index, copy, this.Rows, this.Columns) { Label = this.Labels[index], Source = $"MNIST {this.Split}" };
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
        $"MNIST {this.Split}: {this.Count} images of {this.Rows}x{this.Columns}{(this.Offset > 0 ? $" from image {this.Offset}" : string.Empty)} in {this.Source}";
}
