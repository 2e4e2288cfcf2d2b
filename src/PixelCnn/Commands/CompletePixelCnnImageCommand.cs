using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Sampling;

namespace PixelCnn.Commands;

/// <summary>
/// The Complete-PixelCnnImage cmdlet. Its help, the one home of what users read about it:
/// module/help/Complete-PixelCnnImage.psd1.
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "PixelCnnImage", DefaultParameterSetName = RowsSet)]
[OutputType(typeof(PixelCnnImage))]
public sealed class CompletePixelCnnImageCommand : SamplingCmdlet
{
    private const string RowsSet = "Rows";
    private const string KnownSet = "Known";
    private bool[]? known;
    private int emitted;
    private PixelCnnModel? model;
    private SamplingOptions? options;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter]
    public PixelCnnModel? Model { get; set; }

    [Parameter(ParameterSetName = RowsSet)]
    [ValidateRange(0, ImageShape.MaxSide - 1)]
    public int? Rows { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = KnownSet)]
    [ValidateNotNull]
    public object? Known { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Count { get; set; } = 1;

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClassNameCompleter))]
    public string? Label { get; set; }

    [Parameter]
    public SwitchParameter IncludeInput { get; set; }

    /// <inheritdoc/>
    protected override void Begin()
    {
        this.model = this.Use(CurrentModel.ResolveOrDefault(this.Model, this.WriteVerbose));
        ImageShape shape = this.model.Shape;
        this.known =
            this.ParameterSetName == KnownSet
                ? ReadMask(this.Known!, shape)
                : RowsKnown(this.Rows ?? (shape.Height / 2), shape);
        this.options = this.ResolveOptions(this.model);

        this.WriteVerbose(
            $"Completing with {this.known!.Count(k => k)} known pixels, {this.Count} completions per image, seed "
                + $"{this.options!.Seed}, sampler {this.options.Kind}."
        );
    }

    /// <inheritdoc/>
    protected override void Process() => ImageInput.Route(this, this.InputObject, this.CompleteEach, this.Complete);

    private void CompleteEach(ImageDataset dataset)
    {
        foreach (PixelCnnImage image in dataset)
        {
            this.Complete(image);
        }
    }

    private void Complete(PixelCnnImage image)
    {
        PixelCnnModel model = this.model!;
        if (!this.CanComplete(image, out int? modelLabel))
        {
            return;
        }

        if (this.IncludeInput)
        {
            this.WriteInput(image);
        }

        var requests = Enumerable
            .Range(0, this.Count)
            .Select(i => new SampleRequest(this.emitted + i, modelLabel, image, this.known))
            .ToArray();
        this.emitted += this.Count;
        var progress = new ProgressReporter(3, $"Completing image {image.Index}", this.WriteProgress);
        foreach (
            PixelCnnImage completion in RasterSampler.Run(
                model,
                requests,
                this.options!,
                this.StopToken,
                (done, total) =>
                    progress.Report(
                        (double)done / total,
                        $"{done / model.Shape.Pixels} of {this.Count} completions' pixels drawn"
                    )
            )
        )
        {
            this.WriteObject(completion);
        }

        progress.Complete();
    }

    /// <summary>
    /// The model's label for completing <paramref name="image"/> (-Label, else the image's; null for an
    /// unconditional model, and for an image without one that a model trained with label dropout completes), or false
    /// after reporting why this image cannot be completed.
    /// </summary>
    private bool CanComplete(PixelCnnImage image, out int? label)
    {
        PixelCnnModel model = this.model!;
        label = null;
        if (image.Height != model.Shape.Height || image.Width != model.Shape.Width)
        {
            this.WriteError(
                $"Image {image.Index} is {image.Height}x{image.Width}; the model completes {model.Shape} images.",
                "ImageSizeMismatch",
                PixelCnnErrorKind.InvalidData,
                image
            );
            return false;
        }

        if (model.Conditional && image.Label is null && this.Label is null)
        {
            if (model.KnowsNoLabel)
            {
                return true; // completed without a label, as the unconditional model it also is
            }

            this.WriteError(
                $"This model is class-conditional and image {image.Index} has no label; pass -Label (only a model "
                    + "trained with label dropout completes an image without one).",
                "LabelRequired",
                PixelCnnErrorKind.InvalidArgument,
                image
            );
            return false;
        }

        try
        {
            // The same checks as Get-PixelCnnSample -Label: a label needs a conditional model and is one of its
            // classes.
            label = this.Label is string asked
                ? SampleLabels.Expand(model, new[] { asked }, 1)?[0]
                : SampleLabels.Expand(model, model.Conditional ? new[] { image.Label!.Value } : null, 1)?[0];
        }
        catch (PixelCnnException e)
        {
            this.WriteError(e.ToErrorRecord()); // this image only; the next may have a label of the model's classes
            return false;
        }

        return true;
    }

    /// <summary>-IncludeInput: the image, then what the model is given of it (unknown pixels marked).</summary>
    private void WriteInput(PixelCnnImage image)
    {
        this.WriteObject(image);
        this.WriteObject(
            new PixelCnnImage(
                image.Index,
                image.Pixels.Select((v, p) => this.known![p] ? v : (byte)0).ToArray(),
                image.Height,
                image.Width
            )
            {
                Source = "Known",
                Label = image.Label,
                Known = this.known,
                MarksUnknown = true,
            }
        );
    }

    /// <summary>Known flags for the top <paramref name="rows"/> rows of an image of <paramref name="shape"/>.</summary>
    private static bool[] RowsKnown(int rows, ImageShape shape) =>
        rows < shape.Height
            ? Enumerable.Range(0, shape.Pixels).Select(p => p < rows * shape.Width).ToArray()
            : throw new PixelCnnException(
                $"-Rows {rows} keeps the whole {shape} image: there is nothing to complete (the model's images have "
                    + $"{shape.Height} rows).",
                "NothingToComplete",
                PixelCnnErrorKind.InvalidArgument,
                rows
            );

    /// <summary>
    /// Known flags, one per pixel of <paramref name="shape"/>, from values in raster order or rows (true, 1: known).
    /// </summary>
    private static bool[] ReadMask(object value, ImageShape shape)
    {
        var flat = new List<bool>();
        try
        {
            Flatten(value, flat);
        }
        catch (PSInvalidCastException e)
        {
            throw new PixelCnnException(
                $"-Known takes true/false or 1/0 values: {e.Message}",
                "KnownMaskInvalid",
                PixelCnnErrorKind.InvalidArgument,
                value
            );
        }

        if (flat.Count != shape.Pixels)
        {
            throw new PixelCnnException(
                $"-Known needs {shape.Pixels} values ({shape.Height} rows of {shape.Width}), not {flat.Count}.",
                "KnownMaskSize",
                PixelCnnErrorKind.InvalidArgument,
                value
            );
        }

        if (flat.All(k => k))
        {
            throw new PixelCnnException(
                "-Known marks every pixel as known: there is nothing to complete.",
                "NothingToComplete",
                PixelCnnErrorKind.InvalidArgument,
                value
            );
        }

        return flat.ToArray();
    }

    /// <summary>Adds the flags of a value, a list or nested lists (rows) to <paramref name="flat"/>.</summary>
    private static void Flatten(object? item, List<bool> flat)
    {
        item = item is PSObject pso ? pso.BaseObject : item;
        if (item is IEnumerable nested and not string)
        {
            foreach (object? inner in nested)
            {
                Flatten(inner, flat);
            }

            return;
        }

        flat.Add(
            item switch
            {
                bool b => b,
                null => false,
                _ => LanguagePrimitives.ConvertTo<double>(item) != 0,
            }
        );
    }
}
