using System.Text;
using System.Threading.Tasks;

namespace PixelCnn.Tests;

/// <summary>
/// Random and mutated files against the IDX and safetensors readers. Every case finishes within a time limit and
/// fails, if it fails, only with a <see cref="PixelCnnException"/> (a clear error). Files that cannot be valid (cut
/// short, random bytes, a count beyond the data, a header entry that breaks the format) must be rejected; files that
/// are valid (changed tensor or pixel bytes, random headers that happen to be consistent) must be read. So a reader
/// that accepts garbage fails these tests as surely as one that crashes.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Cases = 300;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public void IdxFilesCutShortOrRandomAreRejectedAndChangedPixelsAreRead()
    {
        var random = new Random(20261128);
        string folder = Directory.CreateTempSubdirectory("pixelcnn-fuzz-").FullName;
        try
        {
            byte[] images = FirstTwenty("t10k-images-idx3-ubyte.gz", 16, 784);
            byte[] labels = FirstTwenty("t10k-labels-idx1-ubyte.gz", 8, 1);
            string path = Path.Combine(folder, "fuzz");
            int rejected = 0,
                read = 0;
            for (int i = 0; i < Cases; i++)
            {
                bool isImages = i % 2 == 0;
                byte[] source = isImages ? images : labels;
                int header = isImages ? 16 : 8;
                Action readFile = isImages ? () => IdxReader.ReadImages(path) : () => IdxReader.ReadLabels(path);
                if (FuzzOnce(random, i, source, header, path, readFile))
                {
                    rejected++;
                }
                else
                {
                    read++;
                }
            }

            Assert.True(rejected > 100 && read > 30, $"{rejected} rejected, {read} read");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The header and first twenty items of a shipped IDX file (items of <paramref name="size"/> bytes), its count
    /// set to 20.
    /// </summary>
    private static byte[] FirstTwenty(string name, int header, int size)
    {
        byte[] bytes = IdxReader.ReadAll(Path.Combine(TestPaths.Mnist, name)).AsSpan(0, header + (20 * size)).ToArray();
        bytes[4] = bytes[5] = bytes[6] = 0;
        bytes[7] = 20;
        return bytes;
    }

    /// <summary>
    /// Writes one damaged or changed copy of <paramref name="source"/> and reads it: true when the damage was
    /// rejected as it must be, false when a changed but valid file was read in time.
    /// </summary>
    private static bool FuzzOnce(Random random, int i, byte[] source, int header, string path, Action readFile)
    {
        switch (random.Next(0, 4))
        {
            case 0: // cut short: the declared items no longer fit
                File.WriteAllBytes(path, source.AsSpan(0, random.Next(0, source.Length)).ToArray());
                AssertRejected(readFile, $"case {i}: cut short");
                return true;
            case 1: // random bytes: the magic number cannot match
                File.WriteAllBytes(path, Noise(random, random.Next(0, 2048)));
                AssertRejected(readFile, $"case {i}: random bytes");
                return true;
            case 2: // the count raised beyond the data
                byte[] more = (byte[])source.Clone();
                more[7] = (byte)random.Next(21, 256);
                File.WriteAllBytes(path, more);
                AssertRejected(readFile, $"case {i}: count {more[7]} of 20");
                return true;
            default: // changed pixels or labels: still a valid file
                byte[] changed = (byte[])source.Clone();
                for (int k = 0; k < 1 + random.Next(0, 8); k++)
                {
                    changed[random.Next(header, changed.Length)] ^= (byte)random.Next(1, 256);
                }

                File.WriteAllBytes(path, changed);
                WithinTimeLimit(readFile);
                return false;
        }
    }

    [Fact]
    public void SafeTensorsFilesCutShortOrRandomAreRejected()
    {
        var random = new Random(11282026);
        byte[] golden = File.ReadAllBytes(GoldenModelTests.GoldenPath);
        for (int i = 0; i < Cases; i++)
        {
            // Any prefix of the file leaves at least one tensor's bytes outside the data, however it is then mutated
            // (flips, appended bytes under 512: far less than the 1.7 MB cut off).
            byte[] bytes = (i % 3) switch
            {
                0 => Noise(random, random.Next(0, 4096)),
                1 => golden.AsSpan(0, random.Next(0, golden.Length - 1024)).ToArray(),
                _ => Mutate(random, golden.AsSpan(0, random.Next(0, golden.Length - 1024)).ToArray()),
            };
            AssertRejected(() => ReadEveryTensor(bytes), $"case {i}: {bytes.Length} bytes");
        }
    }

    [Fact]
    public void RandomSafeTensorsHeadersAreRejectedExactlyWhenTheyBreakTheFormat()
    {
        var random = new Random(2611);
        var sizes = new Dictionary<string, int>
        {
            ["F32"] = 4,
            ["I64"] = 8,
            ["U8"] = 1,
            ["F16"] = 2,
            ["BOOL"] = 1,
        };
        string[] dtypes = { "F32", "I64", "U8", "F16", "BOOL", "X9", string.Empty };
        int valid = 0,
            invalid = 0;
        for (int i = 0; i < Cases; i++)
        {
            string dtype = dtypes[random.Next(dtypes.Length)];
            long rows = random.Next(-1, 4),
                columns = random.Next(0, 6);
            int dataLength = random.Next(0, 64);
            long begin = random.Next(-2, 8);
            long end =
                random.Next(0, 2) == 0 && sizes.TryGetValue(dtype, out int size)
                    ? begin + (rows * columns * size)
                    : random.Next(-2, 72);
            string json =
                $"{{\"t\":{{\"dtype\":\"{dtype}\",\"shape\":[{rows},{columns}],\"data_offsets\":[{begin},{end}]}}}}";
            byte[] header = Encoding.UTF8.GetBytes(json);
            ulong declared = random.Next(0, 10) == 0 ? (ulong)random.Next(0, 4096) : (ulong)header.Length;
            byte[] file = new byte[8 + header.Length + dataLength];
            BitConverter.GetBytes(declared).CopyTo(file, 0);
            header.CopyTo(file, 8);
            random.NextBytes(file.AsSpan(8 + header.Length));

            bool isValid =
                declared == (ulong)header.Length
                && sizes.ContainsKey(dtype)
                && rows >= 0
                && begin >= 0
                && end >= begin
                && end <= dataLength
                && end - begin == rows * columns * sizes[dtype];
            if (isValid)
            {
                WithinTimeLimit(() => ReadEveryTensor(file));
                valid++;
            }
            else
            {
                AssertRejected(
                    () => ReadEveryTensor(file),
                    $"case {i}: declared {declared} of {header.Length}, {json}, {dataLength} data bytes"
                );
                invalid++;
            }
        }

        Assert.True(valid > 20 && invalid > 100, $"{valid} valid, {invalid} invalid");
    }

    [Fact]
    public void ChangedTensorBytesStillRead()
    {
        var random = new Random(7);
        byte[] golden = File.ReadAllBytes(GoldenModelTests.GoldenPath);
        int dataStart = 8 + (int)BitConverter.ToUInt64(golden, 0);
        for (int i = 0; i < 20; i++)
        {
            byte[] bytes = (byte[])golden.Clone();
            for (int k = 0; k < 1 + random.Next(0, 64); k++)
            {
                bytes[random.Next(dataStart, bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            WithinTimeLimit(() => ReadEveryTensor(bytes));
        }
    }

    private static void ReadEveryTensor(byte[] bytes)
    {
        SafeTensorsFile file = SafeTensorsFile.Parse("fuzz.safetensors", bytes);
        foreach (string name in file.Entries.Keys)
        {
            file.GetTensor(name).Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/>: it must finish within the time limit; its exception, if any, is rethrown.
    /// </summary>
    private static void WithinTimeLimit(Action read)
    {
        Task task = Task.Run(read);
        Assert.True(task.Wait(TimeLimit) || task.IsCompleted, $"a read took longer than {TimeLimit.TotalSeconds} s");
    }

    private static void AssertRejected(Action read, string what)
    {
        try
        {
            WithinTimeLimit(read);
        }
        catch (AggregateException e) when (e.InnerException is PixelCnnException)
        {
            return;
        }

        Assert.Fail($"accepted a file that cannot be valid ({what})");
    }

    private static byte[] Noise(Random random, int length)
    {
        byte[] noise = new byte[length];
        random.NextBytes(noise);
        return noise;
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        byte[] bytes = (byte[])source.Clone();
        switch (random.Next(0, 3))
        {
            case 0: // flip bytes
                for (int k = 0; k < 1 + random.Next(0, 8) && bytes.Length > 0; k++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1: // header bytes overwritten
                for (int k = 0; k < Math.Min(16, bytes.Length); k++)
                {
                    if (random.Next(0, 3) == 0)
                    {
                        bytes[k] = (byte)random.Next(0, 256);
                    }
                }

                return bytes;
            default: // append garbage
                return [.. bytes, .. Noise(random, random.Next(1, 512))];
        }
    }
}
