using System.IO;

namespace PixelCnn.Data;

/// <summary>The canonical MNIST file names and their SHA-256 checksums (of the gzip files).</summary>
public static class MnistFiles
{
    /// <summary>SHA-256 of each canonical gzip file, lower-case hex.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["train-images-idx3-ubyte.gz"] = "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ["train-labels-idx1-ubyte.gz"] = "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ["t10k-images-idx3-ubyte.gz"] = "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ["t10k-labels-idx1-ubyte.gz"] = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    };

    /// <summary>The canonical download mirrors, tried in order.</summary>
    public static readonly IReadOnlyList<Uri> Mirrors = new[]
    {
        new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new Uri("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        new Uri("http://yann.lecun.com/exdb/mnist/"),
    };

    /// <summary>The images file name of a split, without the .gz extension.</summary>
    public static string ImagesName(MnistSplit split) =>
        split == MnistSplit.Train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte";

    /// <summary>The labels file name of a split, without the .gz extension.</summary>
    public static string LabelsName(MnistSplit split) =>
        split == MnistSplit.Train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte";

    /// <summary>
    /// The file of <paramref name="baseName"/> in <paramref name="folder"/>, gzip preferred, or null.
    /// </summary>
    public static string? Find(string folder, string baseName)
    {
        foreach (string candidate in new[] { baseName + ".gz", baseName })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
