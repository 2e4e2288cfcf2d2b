using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Sampling;

namespace PixelCnn.Commands;

/// <summary>
/// The Get-PixelCnnSample cmdlet. Its help, the one home of what users read about it:
/// module/help/Get-PixelCnnSample.psd1.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnSample")]
[OutputType(typeof(PixelCnnImage))]
public sealed class GetPixelCnnSampleCommand : SamplingCmdlet
{
    [Parameter(Position = 0)]
    [ValidateRange(1, 1_000_000)]
    public int Count { get; set; } = 16;

    [Parameter(ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClassNameCompleter))]
    public string[]? Label { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        PixelCnnModel model = this.Use(CurrentModel.ResolveOrDefault(this.Model, this.WriteVerbose));
        if (this.Label is { Length: > 1 } && !this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Count)))
        {
            this.Count = this.Label.Length;
        }

        IReadOnlyList<int>? labels = SampleLabels.Expand(model, this.Label, this.Count);
        SamplingOptions options = this.ResolveOptions(model);
        this.WriteVerbose(
            $"Sampling {this.Count} images from {model} with the {options.Kind} sampler, seed {options.Seed}, "
                + $"temperature {options.Temperature}, batches of {options.BatchSize}"
                + (labels is null ? string.Empty : ", labels " + string.Join(",", labels.Distinct()))
                + "."
        );
        var progress = new ProgressReporter(2, $"Sampling {this.Count} PixelCNN images", this.WriteProgress);
        Action<long, long> report = (done, total) =>
            progress.Report((double)done / total, $"{done / model.Shape.Pixels} of {this.Count} images' pixels drawn");
        IEnumerable<PixelCnnImage> images = RasterSampler.Sample(
            model,
            this.Count,
            labels,
            options,
            this.StopToken,
            report
        );
        foreach (PixelCnnImage image in images)
        {
            this.WriteObject(image);
        }

        progress.Complete();
    }
}
