using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Likelihood;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Shows the model's predicted distribution of every pixel of each image: 784 records per image.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnDistribution")]
[OutputType(typeof(PixelCnnPixelDistribution))]
public sealed class GetPixelCnnDistributionCommand : PixelCnnCmdlet
{
    private PixelCnnModel? model;

    /// <summary>Images (from Import-Mnist or Get-PixelCnnSample); a dataset is expanded into its images.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The model (default: the session's current model).</summary>
    [Parameter]
    public PixelCnnModel? Model { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        try
        {
            this.model = CurrentModel.Resolve(this.Model);
        }
        catch (PixelCnnException e)
        {
            this.ThrowTerminating(e);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        object value = this.InputObject is PSObject pso ? pso.BaseObject : this.InputObject!;
        if (value is MnistDataset dataset)
        {
            foreach (PixelCnnImage image in dataset)
            {
                this.Emit(image);
            }
        }
        else if (value is PixelCnnImage image)
        {
            this.Emit(image);
        }
        else
        {
            this.WriteError($"Get-PixelCnnDistribution takes images (Import-Mnist, Get-PixelCnnSample), not a {value.GetType().Name}.", "UnsupportedInput", ErrorCategory.InvalidType, value);
        }
    }

    private void Emit(PixelCnnImage image)
    {
        foreach (PixelCnnPixelDistribution record in PixelDistributionCalculator.Compute(this.model!, image))
        {
            this.WriteObject(record);
        }
    }
}
