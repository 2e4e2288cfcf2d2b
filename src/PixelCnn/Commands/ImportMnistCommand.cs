using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using PixelCnn.Data;
using PixelCnn.Errors;

namespace PixelCnn.Commands;

/// <summary>
/// The Import-Mnist cmdlet. Its help, the one home of what users read about it: module/help/Import-Mnist.psd1.
/// </summary>
[Cmdlet(VerbsData.Import, "Mnist")]
[OutputType(typeof(ImageDataset))]
public sealed class ImportMnistCommand : PixelCnnCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public MnistSplit Split { get; set; } = MnistSplit.Train;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Skip { get; set; }

    [Parameter]
    public SwitchParameter Download { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[]? MirrorUri { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        string folder = this.ResolveFolder();
        var watch = Stopwatch.StartNew();
        ImageDataset dataset = MnistLoader.Load(folder, this.Split, this.First > 0 ? this.First : null, this.Skip);
        this.WriteVerbose(
            $"Loaded {dataset.Count} {this.Split} images from '{folder}' in {watch.ElapsedMilliseconds} ms."
        );
        this.WriteObject(dataset);
    }

    private string ResolveFolder()
    {
        if (this.Path is not null)
        {
            string folder = this.ResolveFileSystemPath(this.Path);
            if (this.Download && !MnistLoader.HasSplit(folder, this.Split))
            {
                this.Downloader().EnsureSplit(folder, this.Split, this.StopToken);
            }

            return folder;
        }

        string? found = MnistLocator.Find(this.Split);
        if (found is not null)
        {
            this.WriteVerbose($"Using MNIST files in '{found}'.");
            return found;
        }

        string cache = MnistLocator.CacheFolder;
        if (this.Download)
        {
            this.Downloader().EnsureSplit(cache, this.Split, this.StopToken);
            return cache;
        }

        string searched = string.Join("; ", MnistLocator.Candidates().Select(c => $"{c.Origin} '{c.Folder}'"));
        throw new PixelCnnException(
            $"MNIST {this.Split} files were not found (searched {searched}). Use -Path <folder>, set "
                + $"$env:{MnistLocator.DataVariable}, or add -Download to fetch them into '{cache}'.",
            "MnistNotFound",
            PixelCnnErrorKind.ObjectNotFound,
            this.Split
        );
    }

    private MnistDownloader Downloader() =>
        new(
            this.MirrorUri is { Length: > 0 } ? this.MirrorUri.Select(EnsureSlash).ToArray() : MnistFiles.Mirrors,
            this.WriteVerbose
        );

    private static Uri EnsureSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
