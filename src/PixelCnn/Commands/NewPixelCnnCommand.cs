using System.Management.Automation;
using PixelCnn.Architectures;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Devices;
using PixelCnn.Initialization;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Creates a PixelCNN, the tutorial's or the Gated one, with fresh weights or a trained model's.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "PixelCnn", DefaultParameterSetName = "Fresh")]
[OutputType(typeof(PixelCnnModel))]
public sealed class NewPixelCnnCommand : PixelCnnCmdlet
{
    /// <summary>PixelCnn (default): the tutorial's model; Gated: the Gated PixelCNN, no blind spot, optionally conditional.</summary>
    [Parameter(ParameterSetName = "Fresh")]
    [ValidateArchitecture]
    [ArgumentCompleter(typeof(ArchitectureNameCompleter))]
    public string Architecture { get; set; } = PixelCnnArchitecture.PixelCnn;

    /// <summary>A class-conditional Gated model: a learned embedding of the digit's label in every gated block.</summary>
    [Parameter]
    public SwitchParameter Conditional { get; set; }

    /// <summary>Hidden size h (PixelCnn: residual blocks narrow 2h features to h; Gated: channels per stack); default 64.</summary>
    [Parameter(Position = 0, ParameterSetName = "Fresh")]
    [ValidateRange(1, PixelCnnFactory.MaxHiddenDim)]
    public int HiddenDim { get; set; } = 64;

    /// <summary>Auto (CUDA when available), Cpu or Cuda.</summary>
    [Parameter]
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>Seed of the random initial weights, for a reproducible model.</summary>
    [Parameter(ParameterSetName = "Fresh")]
    public int? Seed { get; set; }

    /// <summary>
    /// A trained model to start from: the new model has its architecture, hidden size and weights (a conditional one's
    /// class embeddings start at zero, so it computes what the source computes until it is trained).
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InitializeFrom")]
    [ValidateNotNull]
    public PixelCnnModel? InitializeFrom { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        PixelCnnModel model;
        if (this.InitializeFrom is PixelCnnModel source)
        {
            this.Use(source);
            var device = this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Device)) ? ComputeDeviceResolver.Resolve(this.Device) : source.TorchDevice;
            bool conditional = this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Conditional)) ? this.Conditional.IsPresent : source.Conditional;
            model = WarmStart.From(source, conditional, device);
            this.WriteVerbose($"Started from {model.InitializedFrom}{(model.Conditional && !source.Conditional ? "; the class embeddings start at zero" : string.Empty)}.");
        }
        else
        {
            model = PixelCnnFactory.Create(this.Architecture, this.HiddenDim, this.Conditional, ComputeDeviceResolver.Resolve(this.Device), this.Seed);
        }

        CurrentModel.Set(model);
        this.WriteVerbose($"Created {model}; it is now the session's current model.");
        this.WriteObject(model);
    }
}
