using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Sampling;
using PixelCnn.Networks;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Draws new images from a PixelCNN, pixel by pixel in raster order.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnSample")]
[OutputType(typeof(PixelCnnImage))]
public sealed class GetPixelCnnSampleCommand : PixelCnnCmdlet
{

    /// <summary>Images to draw (default 16).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 1_000_000)]
    public int Count { get; set; } = 16;

    /// <summary>The model (default: the session's current model).</summary>
    [Parameter(ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    /// <summary>Seed of the run: the same seed gives the same images (default: random, reported on each image).</summary>
    [Parameter]
    public long? Seed { get; set; }

    /// <summary>Logits are divided by this before sampling: below 1 sharper, above 1 more varied (default 1).</summary>
    [Parameter]
    [ValidateRange(0.01, 100.0)]
    public double Temperature { get; set; } = 1.0;

    /// <summary>Images sampled at once; bounds memory for large counts (default 64 on the CPU, 256 on CUDA).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int? BatchSize { get; set; }

    /// <summary>
    /// Class labels for a conditional model: one label for every image, or one per image (then -Count defaults to their
    /// number). Without it a conditional model cycles through its classes 0,1,...,9.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, 999)]
    public int[]? Label { get; set; }

    /// <summary>
    /// Classifier-free guidance weight w for a conditional model: each pixel is drawn from c + w (c - u), c the
    /// conditional model's logits and u the unconditional ones: -UnconditionalModel's, else the model's own without a
    /// label when it was trained with -LabelDropout, else the shipped default model's. 0 is plain conditional sampling;
    /// larger follows the label more closely and varies less.
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double? Guidance { get; set; }

    /// <summary>
    /// The unconditional model -Guidance compares with (default: the model itself without a label when it was trained
    /// with -LabelDropout, else the shipped default model).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public PixelCnnModel? UnconditionalModel { get; set; }

    /// <summary>Cached (default): exact fast sampling; Naive: the whole network runs for every pixel.</summary>
    [Parameter]
    public SamplerKind Sampler { get; set; } = SamplerKind.Cached;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        try
        {
            PixelCnnModel model = this.Use(CurrentModel.ResolveOrDefault(this.Model, this.WriteVerbose));
            if (this.Label is { Length: > 1 } && !this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Count)))
            {
                this.Count = this.Label.Length;
            }

            IReadOnlyList<int>? labels = SampleLabels.Expand(model, this.Label, this.Count);
            long seed = this.Seed ?? Random.Shared.NextInt64(0, int.MaxValue);
            int batchSize = this.BatchSize ?? DeviceDefaults.SamplingBatchSize(model.TorchDevice);
            this.WriteVerbose($"Sampling {this.Count} images from {model} with the {this.Sampler} sampler, seed {seed}, temperature {this.Temperature}, batches of {batchSize}{(labels is null ? string.Empty : ", labels " + string.Join(",", labels.Distinct()))}.");
            var progress = new ProgressReporter(2, $"Sampling {this.Count} PixelCNN images", this.WriteProgress);
            Action<long, long> report = (done, total) => progress.Report((double)done / total, $"{done / ImageShape.Pixels} of {this.Count} images' pixels drawn");
            SamplerKind sampler = RasterSampler.Choose(model, this.Sampler, out string? warning);
            if (warning is not null)
            {
                this.WriteWarning(warning);
            }

            Guidance? guidance = this.ResolveGuidance(model, this.Guidance, this.UnconditionalModel);
            var options = new SamplingOptions { Kind = sampler, BatchSize = batchSize, Seed = seed, Temperature = this.Temperature, Guidance = guidance };
            IEnumerable<PixelCnnImage> images = RasterSampler.Sample(model, this.Count, labels, options, this.StopToken, report);
            foreach (PixelCnnImage image in images)
            {
                this.WriteObject(image);
            }

            progress.Complete();
        }
        catch (PixelCnnException e)
        {
            this.ThrowTerminating(e);
        }
    }

}
