using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Creates a PixelCNN with fresh weights.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "PixelCnn")]
[OutputType(typeof(PixelCnnModel))]
public sealed class NewPixelCnnCommand : PixelCnnCmdlet
{
    /// <summary>h: the residual blocks narrow 2h features to h (default 64).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, PixelCnnFactory.MaxHiddenDim)]
    public int HiddenDim { get; set; } = 64;

    /// <summary>Auto (CUDA when available), Cpu or Cuda.</summary>
    [Parameter]
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>Seed of the random initial weights, for a reproducible model.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        try
        {
            var device = ComputeDeviceResolver.Resolve(this.Device);
            PixelCnnModel model = PixelCnnFactory.Create(this.HiddenDim, device, this.Seed);
            CurrentModel.Set(model);
            this.WriteVerbose($"Created {model}; it is now the session's current model.");
            this.WriteObject(model);
        }
        catch (PixelCnnException e)
        {
            this.ThrowTerminating(e);
        }
    }
}
