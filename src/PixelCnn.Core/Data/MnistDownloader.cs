using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using PixelCnn.Errors;

namespace PixelCnn.Data;

/// <summary>
/// Downloads the canonical MNIST gzip files into a folder, verifying each file's SHA-256 before it is used.
/// A file is first written under a temporary name; a checksum mismatch deletes it and says so.
/// </summary>
public sealed class MnistDownloader
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly IReadOnlyList<Uri> mirrors;
    private readonly Action<string> log;

    /// <summary>Creates a downloader for the given mirrors (each a base URI ending in '/').</summary>
    public MnistDownloader(IReadOnlyList<Uri> mirrors, Action<string> log)
    {
        this.mirrors = mirrors;
        this.log = log;
    }

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds both files of the split, downloading what is missing.
    /// </summary>
    public void EnsureSplit(string folder, MnistSplit split, CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        foreach (string baseName in new[] { MnistFiles.ImagesName(split), MnistFiles.LabelsName(split) })
        {
            if (MnistFiles.Find(folder, baseName) is null)
            {
                this.Download(folder, baseName + ".gz", cancel);
            }
        }
    }

    /// <summary>Downloads one canonical file, trying each mirror until one gives the right bytes.</summary>
    public string Download(string folder, string fileName, CancellationToken cancel)
    {
        if (!MnistFiles.Sha256.TryGetValue(fileName, out string? expected))
        {
            throw new ArgumentException($"'{fileName}' is not a canonical MNIST file.", nameof(fileName));
        }

        string target = Path.Combine(folder, fileName);
        var failures = new List<string>();
        foreach (Uri mirror in this.mirrors)
        {
            Uri source = new(mirror, fileName);
            string temporary = target + ".download-" + Guid.NewGuid().ToString("N");
            try
            {
                this.log($"Downloading {source}");
                Fetch(source, temporary, cancel);
                string actual = Verify(temporary, expected, fileName, source);
                File.Move(temporary, target, overwrite: true);
                this.log($"Verified {fileName} (SHA-256 {actual})");
                return target;
            }
            catch (PixelCnnException)
            {
                throw;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
                when (e is HttpRequestException or IOException or System.Threading.Tasks.TaskCanceledException)
            {
                failures.Add($"{source}: {e.Message}");
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        throw new PixelCnnException(
            $"Could not download '{fileName}' from any mirror: {string.Join("; ", failures)}",
            "MnistDownloadFailed",
            PixelCnnErrorKind.ConnectionError,
            fileName
        );
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="temporary"/> (a new file).</summary>
    private static void Fetch(Uri source, string temporary, CancellationToken cancel)
    {
        using (
            HttpResponseMessage response = Http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancel)
                .GetAwaiter()
                .GetResult()
        )
        {
            response.EnsureSuccessStatusCode();
            using Stream body = response.Content.ReadAsStream(cancel);
            using FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write);
            body.CopyTo(file);
        }
    }

    /// <summary>
    /// The SHA-256 of the downloaded file when it is the canonical one; otherwise deletes it and stops.
    /// </summary>
    private static string Verify(string temporary, string expected, string fileName, Uri source)
    {
        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temporary)));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            File.Delete(temporary);
            throw new PixelCnnException(
                $"The download of '{fileName}' from {source} has SHA-256 {actual}, not the canonical "
                    + $"{expected}; the file was deleted.",
                "MnistChecksumMismatch",
                PixelCnnErrorKind.InvalidData,
                source.ToString()
            );
        }

        return actual;
    }
}
