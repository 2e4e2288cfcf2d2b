using System.Collections.Generic;
using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Likelihood;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Shows the model's predicted distribution of every pixel of each image: 784 records per image.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnDistribution")]
[OutputType(typeof(PixelCnnPixelDistribution))]
public sealed class GetPixelCnnDistributionCommand : ImageInputCmdlet
{
    /// <inheritdoc/>
    protected override void ProcessImage(PixelCnnImage image)
    {
        IReadOnlyList<PixelCnnPixelDistribution> records;
        try
        {
            records = PixelDistributionCalculator.Compute(this.ResolvedModel, image);
        }
        catch (PixelCnnException e)
        {
            this.WriteError(e.ToErrorRecord());
            return;
        }

        foreach (PixelCnnPixelDistribution record in records)
        {
            this.WriteObject(record);
        }
    }
}
