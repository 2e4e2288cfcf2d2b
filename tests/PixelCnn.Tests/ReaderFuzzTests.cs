using System;
using System.IO;
using PixelCnn.Checkpoints;
using PixelCnn.Data;
using PixelCnn.Errors;
using Xunit;

namespace PixelCnn.Tests;

/// <summary>
/// Random and mutated files never crash the IDX and safetensors readers: each either reads or fails with a
/// <see cref="PixelCnnException"/> (a clear error), never another exception, and every case finishes.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Cases = 300;

    [Fact]
    public void MutatedAndRandomIdxFilesGiveClearErrors()
    {
        var random = new Random(20261128);
        string folder = Directory.CreateTempSubdirectory("pixelcnn-fuzz-").FullName;
        try
        {
            byte[] labels = File.ReadAllBytes(Path.Combine(TestPaths.Mnist, "t10k-labels-idx1-ubyte.gz"));
            byte[] images = IdxReader.ReadAll(Path.Combine(TestPaths.Mnist, "t10k-images-idx3-ubyte.gz"));
            byte[] smallImages = images.AsSpan(0, 16 + (20 * 784)).ToArray();
            smallImages[7] = 20; // 20 images
            smallImages[4] = smallImages[5] = smallImages[6] = 0;
            string path = Path.Combine(folder, "fuzz");
            for (int i = 0; i < Cases; i++)
            {
                byte[] source = (i % 3) switch { 0 => labels, 1 => smallImages, _ => Array.Empty<byte>() };
                byte[] bytes = Mutate(random, source);
                File.WriteAllBytes(path, bytes);
                AssertClear(() => IdxReader.ReadImages(path, null, random.Next(0, 3)));
                AssertClear(() => IdxReader.ReadLabels(path, random.Next(0, 2) == 0 ? null : random.Next(1, 50)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MutatedAndRandomSafeTensorsFilesGiveClearErrors()
    {
        var random = new Random(11282026);
        byte[] golden = File.ReadAllBytes(GoldenModelTests.GoldenPath);
        for (int i = 0; i < Cases; i++)
        {
            byte[] bytes = (i % 4) switch
            {
                3 => RandomHeaderFile(random),
                _ => Mutate(random, golden.AsSpan(0, Math.Min(golden.Length, 4096 + random.Next(0, 30000))).ToArray()),
            };
            AssertClear(() =>
            {
                SafeTensorsFile file = SafeTensorsFile.Parse("fuzz.safetensors", bytes);
                foreach (string name in file.Entries.Keys)
                {
                    file.GetTensor(name).Dispose();
                }
            });
        }
    }

    private static void AssertClear(Action read)
    {
        try
        {
            read();
        }
        catch (PixelCnnException)
        {
        }
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        byte[] bytes = (byte[])source.Clone();
        switch (random.Next(0, 5))
        {
            case 0: // flip bytes
                for (int k = 0; k < 1 + random.Next(0, 8) && bytes.Length > 0; k++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1: // truncate
                return bytes.AsSpan(0, random.Next(0, bytes.Length + 1)).ToArray();
            case 2: // random bytes of a random length
                byte[] noise = new byte[random.Next(0, 2048)];
                random.NextBytes(noise);
                return noise;
            case 3: // header bytes overwritten
                for (int k = 0; k < Math.Min(16, bytes.Length); k++)
                {
                    if (random.Next(0, 3) == 0)
                    {
                        bytes[k] = (byte)random.Next(0, 256);
                    }
                }

                return bytes;
            default: // append garbage
                byte[] tail = new byte[random.Next(1, 512)];
                random.NextBytes(tail);
                return [.. bytes, .. tail];
        }
    }

    private static byte[] RandomHeaderFile(Random random)
    {
        string[] dtypes = { "F32", "I64", "U8", "F16", "BOOL", "X9", string.Empty };
        string header = $"{{\"t\":{{\"dtype\":\"{dtypes[random.Next(dtypes.Length)]}\",\"shape\":[{random.Next(-2, 5)},{random.Next(0, 1 << 20)}],\"data_offsets\":[{random.Next(-5, 50)},{random.Next(-5, 5000)}]}}}}";
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
        byte[] data = new byte[random.Next(0, 200)];
        byte[] file = new byte[8 + json.Length + data.Length];
        BitConverter.GetBytes((ulong)(random.Next(0, 10) == 0 ? random.Next() : json.Length)).CopyTo(file, 0);
        json.CopyTo(file, 8);
        return file;
    }
}
