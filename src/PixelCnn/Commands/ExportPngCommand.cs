using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Likelihood;
using PixelCnn.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Commands;

/// <summary>
/// The Export-Png cmdlet. Its help, the one home of what users read about it: module/help/Export-Png.psd1.
/// </summary>
[Cmdlet(VerbsData.Export, "Png", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPngCommand : PixelCnnCmdlet
{
    /// <summary>The default file name pattern for one file per image ({0} is the image's index).</summary>
    public const string DefaultPattern = "pixelcnn-{0:D4}.png";

    /// <summary>The default file name of a grid.</summary>
    public const string DefaultGridName = "pixelcnn-grid.png";

    private readonly List<IPngSource> pending = new();
    private readonly List<PixelCnnPixelDistribution> distributions = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public SwitchParameter Grid { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Columns { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int Scale { get; set; } = 1;

    [Parameter]
    [ValidateRange(0, 64)]
    public int Padding { get; set; } = 2;

    [Parameter]
    public HeatMapKind Map { get; set; } = HeatMapKind.Entropy;

    [Parameter]
    public SwitchParameter Force { get; set; }

    private bool OneFilePerImage =>
        !this.Grid && (this.Path is null || this.Path.Contains("{0", StringComparison.Ordinal));

    /// <inheritdoc/>
    protected override void Process()
    {
        foreach (object item in ImageInput.Expand(this.InputObject))
        {
            if (item is PixelCnnPixelDistribution distribution)
            {
                // Records of one image arrive together; a new image index completes the previous map.
                if (this.distributions.Count > 0 && this.distributions[0].ImageIndex != distribution.ImageIndex)
                {
                    this.Accept(this.TakeHeatMap());
                }

                this.distributions.Add(distribution);
                continue;
            }

            IPngSource? source = PngSources.From(item);
            if (source is null)
            {
                this.WriteError(
                    $"Export-Png cannot draw a {item.GetType().Name}; it takes images (Import-Mnist, "
                        + "Get-PixelCnnSample) and receptive fields.",
                    "UnsupportedInput",
                    PixelCnnErrorKind.InvalidType,
                    item
                );
                continue;
            }

            this.Accept(source);
        }
    }

    private HeatMap TakeHeatMap()
    {
        HeatMap map = HeatMap.From(this.distributions, this.Map);
        this.distributions.Clear();
        return map;
    }

    private void Accept(IPngSource source)
    {
        if (this.OneFilePerImage)
        {
            string pattern = this.Path ?? DefaultPattern;
            string name;
            try
            {
                name = string.Format(CultureInfo.InvariantCulture, pattern, source.Index);
            }
            catch (FormatException e)
            {
                this.ThrowTerminating(
                    $"Path '{pattern}' is not a valid file name pattern: {e.Message}",
                    "InvalidPathPattern",
                    PixelCnnErrorKind.InvalidArgument,
                    pattern,
                    e
                );
                return;
            }

            using Image<Rgb24> picture = PngWriter.Single(source, this.Scale);
            this.Write(picture, name, source.IsGreyscale);
        }
        else
        {
            this.pending.Add(source);
        }
    }

    /// <inheritdoc/>
    protected override void End()
    {
        if (this.distributions.Count > 0)
        {
            this.Accept(this.TakeHeatMap());
        }

        if (this.OneFilePerImage || this.pending.Count == 0)
        {
            return;
        }

        bool greyscale = this.pending.TrueForAll(p => p.IsGreyscale);
        if (this.Grid)
        {
            int columns = this.Columns > 0 ? this.Columns : (int)Math.Ceiling(Math.Sqrt(this.pending.Count));
            using Image<Rgb24> grid = PngWriter.Grid(
                this.pending,
                Math.Min(columns, this.pending.Count),
                this.Scale,
                this.Padding
            );
            this.Write(grid, this.Path ?? DefaultGridName, greyscale);
            return;
        }

        if (this.pending.Count > 1)
        {
            this.ThrowTerminating(
                $"{this.pending.Count} images would all be written to '{this.Path}'. Put {{0}} in -Path for one file "
                    + "per image (for example 'digit-{0}.png'), or add -Grid for one tiled PNG. Nothing was written.",
                "AmbiguousPath",
                PixelCnnErrorKind.InvalidArgument,
                this.Path
            );
        }

        using Image<Rgb24> single = PngWriter.Single(this.pending[0], this.Scale);
        this.Write(single, this.Path!, this.pending[0].IsGreyscale);
    }

    private void Write(Image<Rgb24> picture, string path, bool greyscale)
    {
        string target = this.ResolveFileSystemPath(path);
        if (!this.ConfirmOutputFile(target, this.Force, "Write PNG", stopOnFailure: false))
        {
            return;
        }

        try
        {
            PngWriter.Save(picture, target, greyscale, this.Force);
            this.WriteFileItem(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            this.WriteError(
                $"Could not write '{target}': {ErrorRecords.WriteFailureReason(e)}.",
                "WriteFailed",
                PixelCnnErrorKind.WriteError,
                target,
                e
            );
        }
    }
}
