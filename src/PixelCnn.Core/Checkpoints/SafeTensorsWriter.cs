using System.IO;
using System.Text;
using System.Text.Json;
using PixelCnn.Numerics;

namespace PixelCnn.Checkpoints;

/// <summary>
/// Writes safetensors files (the format <see cref="SafeTensorsFile"/> reads and PyTorch's safetensors package
/// loads): tensors in the given order, string metadata, header padded to 8 bytes. The file is written to a
/// temporary name in the target folder and renamed over the target only when complete.
/// </summary>
public static class SafeTensorsWriter
{
    private static readonly Dictionary<ScalarType, string> DTypes = new()
    {
        [ScalarType.Float64] = "F64",
        [ScalarType.Float32] = "F32",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16",
        [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8",
        [ScalarType.Bool] = "BOOL",
    };

    /// <summary>The bytes of a safetensors file holding the tensors (copied to the CPU) and metadata.</summary>
    public static byte[] Serialize(
        IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string> metadata
    )
    {
        var blobs = new List<byte[]>();
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                using Tensor detached = tensor.detach();
                using Tensor onHost = detached.cpu();
                using Tensor cpu = onHost.contiguous();
                byte[] bytes = cpu.bytes.ToArray();
                WriteEntry(json, name, cpu, offset, bytes.Length);
                blobs.Add(bytes);
                offset += bytes.Length;
            }

            json.WriteEndObject();
        }

        return Assemble(headerStream.ToArray(), blobs);
    }

    /// <summary>One tensor's header entry: dtype, shape and its byte range in the data section.</summary>
    private static void WriteEntry(Utf8JsonWriter json, string name, Tensor cpu, long offset, long length)
    {
        json.WriteStartObject(name);
        json.WriteString(
            "dtype",
            DTypes.TryGetValue(cpu.dtype, out string? dtype)
                ? dtype
                : throw new NotSupportedException(
                    $"Tensor '{name}' has type {cpu.dtype}, which safetensors files here do not store."
                )
        );
        json.WriteStartArray("shape");
        foreach (long dim in cpu.shape)
        {
            json.WriteNumberValue(dim);
        }

        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(offset);
        json.WriteNumberValue(offset + length);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The file: header length, header padded with spaces to 8 bytes, then the tensors' bytes.</summary>
    private static byte[] Assemble(byte[] header, List<byte[]> blobs)
    {
        int padding = (8 - (header.Length % 8)) % 8;
        long total = 8 + header.Length + padding + blobs.Sum(b => (long)b.Length);
        byte[] file = new byte[total];
        BitConverter.GetBytes((ulong)(header.Length + padding)).CopyTo(file, 0);
        header.CopyTo(file, 8);
        for (int i = 0; i < padding; i++)
        {
            file[8 + header.Length + i] = (byte)' ';
        }

        long position = 8 + header.Length + padding;
        foreach (byte[] blob in blobs)
        {
            blob.CopyTo(file, position);
            position += blob.Length;
        }

        return file;
    }

    /// <summary>
    /// Writes the file atomically: a temporary file in the same folder, flushed, then renamed over the target.
    /// </summary>
    public static void Write(string path, byte[] contents, bool overwrite)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
