using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Likelihood;
using PixelCnn.Model;
using PixelCnn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Commands;

/// <summary>
/// The Measure-PixelCnnLikelihood cmdlet. Its help, the one home of what users read about it:
/// module/help/Measure-PixelCnnLikelihood.psd1.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "PixelCnnLikelihood")]
[OutputType(typeof(PixelCnnLikelihood))]
public sealed class MeasurePixelCnnLikelihoodCommand : ImageInputCmdlet
{
    private readonly List<PixelCnnImage> pending = new();
    private int images;
    private double totalNats;
    private long totalPixels;

    [Parameter]
    public SwitchParameter PerImage { get; set; }

    [Parameter]
    [ValidateRange(1, 65_536)]
    public int? BatchSize { get; set; }

    private int Batch => this.BatchSize ?? DeviceDefaults.MeasuringBatchSize(this.ResolvedModel.TorchDevice);

    /// <inheritdoc/>
    protected override void ProcessDataset(ImageDataset dataset)
    {
        this.Flush();
        this.Measure(
            dataset.Images,
            Enumerable.Range(0, dataset.Count).Select(i => (dataset.Offset + i, dataset.LabelOf(i))).ToList(),
            dataset.Rows * dataset.Columns
        );
    }

    /// <inheritdoc/>
    protected override void ProcessImage(PixelCnnImage image)
    {
        this.pending.Add(image);
        if (this.pending.Count >= this.Batch)
        {
            this.Flush();
        }
    }

    /// <inheritdoc/>
    protected override void End()
    {
        this.Flush();
        if (!this.PerImage && this.images > 0)
        {
            double natsPerPixel = this.totalNats / this.totalPixels;
            this.WriteObject(
                new PixelCnnLikelihood
                {
                    Scope = "Dataset",
                    Images = this.images,
                    NegativeLogLikelihood = this.totalNats / this.images,
                    NatsPerPixel = natsPerPixel,
                    BitsPerDim = BitsPerDimension.FromNatsPerPixel(natsPerPixel),
                }
            );
        }
    }

    private void Flush()
    {
        if (this.pending.Count == 0)
        {
            return;
        }

        PixelCnnImage first = this.pending[0];
        if (this.pending.Any(p => p.Height != first.Height || p.Width != first.Width))
        {
            this.ThrowTerminating(
                "All images measured together must have the same size.",
                "MixedImageSizes",
                PixelCnnErrorKind.InvalidData,
                first
            );
        }

        byte[] pixels = this.pending.SelectMany(p => p.Pixels).ToArray();
        using Tensor batch = torch.tensor(
            pixels,
            new long[] { this.pending.Count, 1, first.Height, first.Width },
            ScalarType.Byte,
            this.ResolvedModel.TorchDevice
        );
        var ids = this.pending.Select(p => (p.Index, p.Label)).ToList();
        this.pending.Clear();
        this.Measure(batch, ids, first.Height * first.Width);
    }

    private void Measure(Tensor batch, IReadOnlyList<(int Index, int? Label)> ids, int pixelsPerImage)
    {
        var progress = new ProgressReporter(3, "Measuring PixelCNN likelihood", this.WriteProgress);
        using Tensor? labels = this.ResolvedModel.LabelTensor(
            ids.Select(i => i.Label).ToList(),
            ids.Count > 0 ? ids[0].Index : null
        );
        double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(
            this.ResolvedModel,
            batch,
            labels,
            this.Batch,
            done => progress.Report((double)done / ids.Count, $"{done} of {ids.Count} images"),
            this.StopToken
        );

        progress.Complete();
        for (int i = 0; i < nll.Length; i++)
        {
            this.images++;
            this.totalNats += nll[i];
            this.totalPixels += pixelsPerImage;
            if (this.PerImage)
            {
                double natsPerPixel = nll[i] / pixelsPerImage;
                this.WriteObject(
                    new PixelCnnLikelihood
                    {
                        Scope = "Image",
                        Index = ids[i].Index,
                        Label = ids[i].Label,
                        Images = 1,
                        NegativeLogLikelihood = nll[i],
                        NatsPerPixel = natsPerPixel,
                        BitsPerDim = BitsPerDimension.FromNatsPerPixel(natsPerPixel),
                    }
                );
            }
        }
    }
}
