using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PixelCnn.Errors;

namespace PixelCnn.Checkpoints;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header mapping each tensor's name
/// to its dtype, shape and byte range, optional string metadata under <c>__metadata__</c>, then the raw
/// little-endian tensor data. Every structural fault is a <see cref="PixelCnnException"/> naming the file.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Upper bound on the header size, as in the reference implementation (100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private static readonly Dictionary<string, (int Size, ScalarType Type)> DTypes = new(StringComparer.Ordinal)
    {
        ["F64"] = (8, ScalarType.Float64),
        ["F32"] = (4, ScalarType.Float32),
        ["F16"] = (2, ScalarType.Float16),
        ["BF16"] = (2, ScalarType.BFloat16),
        ["I64"] = (8, ScalarType.Int64),
        ["I32"] = (4, ScalarType.Int32),
        ["I16"] = (2, ScalarType.Int16),
        ["I8"] = (1, ScalarType.Int8),
        ["U8"] = (1, ScalarType.Byte),
        ["BOOL"] = (1, ScalarType.Bool),
    };

    private readonly byte[] data;
    private readonly long dataStart;

    private SafeTensorsFile(
        string path,
        byte[] data,
        long dataStart,
        IReadOnlyDictionary<string, SafeTensorsEntry> entries,
        IReadOnlyDictionary<string, string> metadata
    )
    {
        this.Path = path;
        this.data = data;
        this.dataStart = dataStart;
        this.Entries = entries;
        this.Metadata = metadata;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The tensors' header entries by name, in file order.</summary>
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates the whole file.</summary>
    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes = FileBytes.Read(path, "Checkpoint", "CheckpointNotFound", "CheckpointReadFailed");
        return Parse(path, bytes);
    }

    /// <summary>Parses and validates safetensors bytes.</summary>
    public static SafeTensorsFile Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw Fault(path, $"is truncated: {bytes.Length} bytes, fewer than the 8-byte header length");
        }

        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        if (headerLength > MaxHeaderLength || headerLength > (ulong)(bytes.Length - 8))
        {
            throw Fault(
                path,
                $"declares a {headerLength}-byte header but has only {bytes.Length - 8} bytes after the length: "
                    + "truncated or not a safetensors file"
            );
        }

        long dataStart = 8 + (long)headerLength;
        var (entries, metadata) = ReadHeader(
            path,
            new ReadOnlyMemory<byte>(bytes, 8, (int)headerLength),
            bytes.LongLength - dataStart
        );

        // Byte ranges must not overlap (the format also wants them to cover the data section).
        long previousEnd = -1;
        foreach (SafeTensorsEntry entry in entries.Values.OrderBy(e => e.Begin))
        {
            if (entry.Begin < previousEnd && entry.End > entry.Begin)
            {
                throw Fault(path, $"has tensor '{entry.Name}' overlapping another tensor's bytes");
            }

            previousEnd = Math.Max(previousEnd, entry.End);
        }

        return new SafeTensorsFile(path, bytes, dataStart, entries, metadata);
    }

    /// <summary>True when the file has a tensor of that name.</summary>
    public bool Contains(string name) => this.Entries.ContainsKey(name);

    /// <summary>Creates a CPU tensor holding a copy of one tensor's data.</summary>
    public Tensor GetTensor(string name)
    {
        if (!this.Entries.TryGetValue(name, out SafeTensorsEntry? entry))
        {
            throw new PixelCnnException(
                $"Checkpoint '{this.Path}' has no tensor '{name}'.",
                "CheckpointTensorMissing",
                PixelCnnErrorKind.InvalidData,
                this.Path
            );
        }

        long[] shape = entry.Shape.ToArray();
        Span<byte> bytes = this.data.AsSpan((int)(this.dataStart + entry.Begin), (int)(entry.End - entry.Begin));
        ScalarType type = DTypes[entry.DType].Type;
        Tensor result = torch.empty(shape, type);
        if (bytes.Length > 0)
        {
            result.bytes = bytes;
        }

        return result;
    }

    /// <summary>
    /// The tensors and metadata a header declares; every malformed part stops with a checkpoint error naming it.
    /// </summary>
    private static (Dictionary<string, SafeTensorsEntry> Entries, Dictionary<string, string> Metadata) ReadHeader(
        string path,
        ReadOnlyMemory<byte> header,
        long dataLength
    )
    {
        var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using JsonDocument document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Fault(path, "has a header that is not a JSON object");
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                entries.Add(property.Name, ParseEntry(path, property, dataLength));
            }
        }
        catch (JsonException e)
        {
            throw Fault(path, $"has a header that is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            // A name or string of invalid UTF-8 (System.Text.Json checks the encoding only when it is read).
            throw Fault(path, $"has a header that is not valid UTF-8 JSON ({e.Message})");
        }
        catch (OverflowException)
        {
            throw Fault(path, "has a tensor shape too large to hold");
        }
        catch (ArgumentException e)
        {
            throw Fault(path, $"has a header with a repeated tensor name ({e.Message})");
        }

        return (entries, metadata);
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fault(path, "has __metadata__ that is not an object of strings");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            metadata[item.Name] =
                item.Value.ValueKind == JsonValueKind.String
                    ? item.Value.GetString()!
                    : throw Fault(path, $"has metadata '{item.Name}' that is not a string");
        }
    }

    private static SafeTensorsEntry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        JsonElement value = property.Value;
        if (
            value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out JsonElement dtypeElement)
            || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out JsonElement shapeElement)
            || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out JsonElement offsetsElement)
            || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2
        )
        {
            throw Fault(
                path,
                $"has a malformed header entry for '{property.Name}' (needs dtype, shape and two data_offsets)"
            );
        }

        string dtype = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtype, out var info))
        {
            throw Fault(path, $"has tensor '{property.Name}' of unsupported dtype '{dtype}'");
        }

        List<long> shape = ParseShape(path, property.Name, shapeElement);
        long count = shape.Aggregate(1L, (product, d) => checked(product * d));

        long begin = offsetsElement[0].TryGetInt64(out long b) ? b : -1;
        long end = offsetsElement[1].TryGetInt64(out long e) ? e : -1;
        if (begin < 0 || end < begin || end > dataLength)
        {
            throw Fault(
                path,
                $"has tensor '{property.Name}' with byte range [{begin}, {end}) outside the {dataLength}-byte data "
                    + "section: truncated or corrupt"
            );
        }

        if (end - begin != count * info.Size)
        {
            throw Fault(
                path,
                $"has tensor '{property.Name}' whose {end - begin} bytes do not match its {dtype} shape "
                    + $"[{string.Join(", ", shape)}] ({count * info.Size} bytes)"
            );
        }

        return new SafeTensorsEntry(property.Name, dtype, shape, begin, end);
    }

    private static List<long> ParseShape(string path, string name, JsonElement shapeElement)
    {
        var shape = new List<long>();
        foreach (JsonElement dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0 || d > int.MaxValue)
            {
                throw Fault(path, $"has tensor '{name}' with an invalid shape");
            }

            shape.Add(d);
        }

        return shape;
    }

    private static PixelCnnException Fault(string path, string what) =>
        new($"Checkpoint '{path}' {what}.", "CheckpointCorrupt", PixelCnnErrorKind.InvalidData, path);
}
