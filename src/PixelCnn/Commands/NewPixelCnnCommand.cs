using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Creates a PixelCNN, the tutorial's or the Gated one, with fresh weights.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "PixelCnn")]
[OutputType(typeof(PixelCnnModel))]
public sealed class NewPixelCnnCommand : PixelCnnCmdlet
{
    /// <summary>PixelCnn (default): the tutorial's model; Gated: the Gated PixelCNN, no blind spot, optionally conditional.</summary>
    [Parameter]
    public PixelCnnArchitecture Architecture { get; set; } = PixelCnnArchitecture.PixelCnn;

    /// <summary>A class-conditional Gated model: a learned embedding of the digit's label in every gated block.</summary>
    [Parameter]
    public SwitchParameter Conditional { get; set; }

    /// <summary>Hidden size h (PixelCnn: residual blocks narrow 2h features to h; Gated: channels per stack); default 64.</summary>
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
            PixelCnnModel model = PixelCnnFactory.Create(this.Architecture, this.HiddenDim, this.Conditional, device, this.Seed);
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
