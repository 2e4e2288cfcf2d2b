using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Networks;

namespace PixelCnn.Commands;

/// <summary>
/// The Import-PixelCnnDataset cmdlet. Its help, the one home of what users read about it:
/// module/help/Import-PixelCnnDataset.psd1.
/// </summary>
[Cmdlet(VerbsData.Import, "PixelCnnDataset", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImageDataset))]
public sealed class ImportPixelCnnDatasetCommand : PixelCnnCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private readonly List<string> files = new();
    private readonly List<string> roots = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    [Parameter]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Width { get; set; }

    [Parameter]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Height { get; set; }

    [Parameter]
    public ImageFit Fit { get; set; } = ImageFit.Pad;

    [Parameter]
    public ImageResampling Resampling { get; set; } = ImageResampling.Bicubic;

    [Parameter]
    public SwitchParameter LabelFromFolder { get; set; }

    [Parameter]
    public SwitchParameter Invert { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        bool literal = this.ParameterSetName == LiteralSet;
        foreach (string given in (literal ? this.LiteralPath : this.Path) ?? Array.Empty<string>())
        {
            foreach (string path in this.Resolve(given, literal))
            {
                this.roots.Add(path);
                this.files.AddRange(Directory.Exists(path) ? PicturesIn(path) : new[] { path });
            }
        }
    }

    /// <inheritdoc/>
    protected override void End()
    {
        if (this.roots.Count == 0)
        {
            return;
        }

        var options = new ImageLoadOptions
        {
            Size = (this.Height ?? this.Width) is int side
                ? new ImageShape(this.Height ?? side, this.Width ?? side)
                : null,
            Fit = this.Fit,
            Resampling = this.Resampling,
            LabelFromFolder = this.LabelFromFolder,
            Invert = this.Invert,
            Name = this.Name ?? DefaultName(this.roots[0]),
        };
        string source = this.roots.Count == 1 ? this.roots[0] : string.Join(", ", this.roots);
        var progress = new ProgressReporter(5, "Importing pictures", this.WriteProgress);
        int total = this.files.Count;
        ImageDataset dataset = ImageFolderLoader.Load(
            this.files,
            source,
            options,
            done => progress.Report((double)done / total, $"{done} of {total} pictures"),
            this.StopToken
        );
        progress.Complete();
        this.WriteVerbose($"Loaded {dataset}.");
        this.WriteObject(dataset);
    }

    private IEnumerable<string> Resolve(string given, bool literal)
    {
        if (literal)
        {
            string path = this.ResolveFileSystemPath(given);
            return File.Exists(path) || Directory.Exists(path) ? new[] { path } : throw NotFound(given);
        }

        try
        {
            var found = this.SessionState.Path.GetResolvedProviderPathFromPSPath(given, out ProviderInfo provider);
            if (provider.Name != "FileSystem")
            {
                throw new PixelCnnException(
                    $"'{given}' is not a file-system path (provider {provider.Name}).",
                    "NotFileSystemPath",
                    PixelCnnErrorKind.InvalidArgument,
                    given
                );
            }

            return found.Count > 0 ? found : throw NotFound(given);
        }
        catch (ItemNotFoundException)
        {
            throw NotFound(given);
        }
    }

    /// <summary>A dataset's name: its folder's, or the folder of its first file.</summary>
    private static string DefaultName(string root) =>
        System.IO.Path.GetFileName(
            Directory.Exists(root)
                ? System.IO.Path.TrimEndingDirectorySeparator(root)
                : System.IO.Path.GetDirectoryName(root)
        ) ?? root;

    /// <summary>The pictures in a folder and its sub-folders, in ordinal order of their paths.</summary>
    private static IEnumerable<string> PicturesIn(string folder) =>
        Directory
            .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f =>
                ImageFolderLoader.Extensions.Contains(System.IO.Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)
            )
            .Order(StringComparer.Ordinal);

    private static PixelCnnException NotFound(string given) =>
        new($"'{given}' was not found.", "PathNotFound", PixelCnnErrorKind.ObjectNotFound, given);
}
