using System.Management.Automation;
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
        foreach (PixelCnnPixelDistribution record in PixelDistributionCalculator.Compute(this.ResolvedModel, image))
        {
            this.WriteObject(record);
        }
    }
}
