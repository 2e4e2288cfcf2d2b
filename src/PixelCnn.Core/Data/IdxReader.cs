using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using PixelCnn.Errors;

namespace PixelCnn.Data;

/// <summary>
/// Reads IDX files (the MNIST format: big-endian magic 0x00000803 for images with count, rows and columns,
/// 0x00000801 for labels with a count, then one byte per value), gzip-compressed or raw.
/// Every fault is a <see cref="PixelCnnException"/> that names the file.
/// </summary>
public static class IdxReader
{
    /// <summary>The magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file: returns the pixels (count x rows x columns, row-major) and the sizes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="first">Read only this many images (all when null or larger than what is left).</param>
    /// <param name="skip">Leave out this many images at the start.</param>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(
        string path,
        int? first = null,
        int skip = 0
    )
    {
        byte[] data = ReadAll(path);
        RequireLength(path, data, 16, "the 16-byte images header");
        CheckMagic(path, data, ImagesMagic, "images");
        int count = ReadCount(path, data, 4, "image count");
        int rows = ReadCount(path, data, 8, "row count");
        int columns = ReadCount(path, data, 12, "column count");
        if (rows == 0 || columns == 0)
        {
            throw Fault(path, $"has bad image dimensions {rows}x{columns}", "IdxBadDimensions");
        }

        long expected = 16L + ((long)count * rows * columns);
        if (data.LongLength < expected)
        {
            throw Fault(
                path,
                $"is truncated: {count} images of {rows}x{columns} need {expected} bytes, the file has "
                    + $"{data.LongLength}",
                "IdxTruncated"
            );
        }

        int available = Math.Max(0, count - skip);
        int take = first is int n && n < available ? n : available;
        byte[] pixels = new byte[(long)take * rows * columns];
        Buffer.BlockCopy(data, (int)(16L + ((long)Math.Min(skip, count) * rows * columns)), pixels, 0, pixels.Length);
        return (pixels, take, rows, columns);
    }

    /// <summary>Reads a labels file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="first">Read only this many labels (all when null or larger than what is left).</param>
    /// <param name="skip">Leave out this many labels at the start.</param>
    public static (byte[] Labels, int Count) ReadLabels(string path, int? first = null, int skip = 0)
    {
        byte[] data = ReadAll(path);
        RequireLength(path, data, 8, "the 8-byte labels header");
        CheckMagic(path, data, LabelsMagic, "labels");
        int count = ReadCount(path, data, 4, "label count");
        if (data.LongLength < 8L + count)
        {
            throw Fault(
                path,
                $"is truncated: {count} labels need {8L + count} bytes, the file has {data.LongLength}",
                "IdxTruncated"
            );
        }

        int available = Math.Max(0, count - skip);
        int take = first is int n && n < available ? n : available;
        byte[] labels = new byte[take];
        Buffer.BlockCopy(data, 8 + Math.Min(skip, count), labels, 0, take);
        return (labels, count);
    }

    /// <summary>The number of items an IDX file's header declares, without reading the data.</summary>
    public static int ReadDeclaredCount(string path)
    {
        byte[] data = ReadAll(path);
        RequireLength(path, data, 8, "the IDX header");
        return ReadCount(path, data, 4, "item count");
    }

    /// <summary>Reads a whole file, decompressing it when it starts with the gzip signature.</summary>
    public static byte[] ReadAll(string path)
    {
        byte[] raw = FileBytes.Read(path, "MNIST file", "IdxFileNotFound", "IdxReadFailed");
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        return Gunzip(path, raw);
    }

    private static byte[] Gunzip(string path, byte[] raw)
    {
        try
        {
            using var input = new MemoryStream(raw, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 5);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException)
        {
            throw new PixelCnnException(
                $"MNIST file '{path}' is not a valid gzip file: {e.Message}",
                "IdxCorruptGzip",
                PixelCnnErrorKind.InvalidData,
                path,
                e
            );
        }
    }

    private static void RequireLength(string path, byte[] data, int length, string what)
    {
        if (data.Length < length)
        {
            throw Fault(path, $"is truncated: it has {data.Length} bytes, fewer than {what}", "IdxTruncated");
        }
    }

    private static void CheckMagic(string path, byte[] data, int expected, string kind)
    {
        int magic = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(0, 4));
        if (magic != expected)
        {
            throw Fault(
                path,
                $"has magic number 0x{magic:X8}; an IDX {kind} file starts with 0x{expected:X8}",
                "IdxWrongMagic"
            );
        }
    }

    private static int ReadCount(string path, byte[] data, int offset, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset, 4));
        if (value < 0)
        {
            throw Fault(path, $"has a negative {what} ({value})", "IdxBadDimensions");
        }

        return value;
    }

    private static PixelCnnException Fault(string path, string what, string id) =>
        new($"MNIST file '{path}' {what}.", id, PixelCnnErrorKind.InvalidData, path);
}
