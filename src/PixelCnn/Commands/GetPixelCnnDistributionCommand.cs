using System.Collections.Generic;
using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Likelihood;

namespace PixelCnn.Commands;

/// <summary>
/// The Get-PixelCnnDistribution cmdlet. Its help, the one home of what users read about it:
/// module/help/Get-PixelCnnDistribution.psd1.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnDistribution")]
[OutputType(typeof(PixelCnnPixelDistribution))]
public sealed class GetPixelCnnDistributionCommand : ImageInputCmdlet
{
    private readonly List<PixelCnnImage> pending = new();

    [Parameter]
    [ValidateRange(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <inheritdoc/>
    protected override void ProcessImage(PixelCnnImage image)
    {
        try
        {
            // Checked as each image arrives, so one bad image is an error of its own and the others are kept.
            this.ResolvedModel.CheckLabels(new[] { image.Label }, image);
        }
        catch (PixelCnnException e)
        {
            this.WriteError(e.ToErrorRecord());
            return;
        }

        if (this.pending.Count > 0 && (this.pending[0].Height != image.Height || this.pending[0].Width != image.Width))
        {
            this.Flush();
        }

        this.pending.Add(image);
        if (this.pending.Count >= this.BatchSize)
        {
            this.Flush();
        }
    }

    /// <inheritdoc/>
    protected override void End() => this.Flush();

    private void Flush()
    {
        if (this.pending.Count == 0)
        {
            return;
        }

        IReadOnlyList<PixelCnnPixelDistribution>[] records;
        try
        {
            records = PixelDistributionCalculator.Compute(this.ResolvedModel, this.pending.ToArray());
        }
        catch (PixelCnnException e)
        {
            this.pending.Clear();
            this.WriteError(e.ToErrorRecord());
            return;
        }

        this.pending.Clear();
        foreach (IReadOnlyList<PixelCnnPixelDistribution> image in records)
        {
            foreach (PixelCnnPixelDistribution record in image)
            {
                this.WriteObject(record);
            }
        }
    }
}
