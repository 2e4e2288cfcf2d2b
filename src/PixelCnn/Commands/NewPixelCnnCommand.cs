using System.Management.Automation;
using PixelCnn.Architectures;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Devices;
using PixelCnn.Initialization;
using PixelCnn.Networks;

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

    /// <summary>A class-conditional Gated model: a learned embedding of the image's class in every gated block.</summary>
    [Parameter]
    public SwitchParameter Conditional { get; set; }

    /// <summary>
    /// The classes of a conditional model, by name (implies -Conditional): for example $data.ClassNames of
    /// Import-PixelCnnDataset -LabelFromFolder. Default: the ten digits 0-9.
    /// </summary>
    [Parameter]
    [ValidateCount(ModelClasses.Minimum, ModelClasses.Maximum)]
    public string[]? ClassName { get; set; }

    /// <summary>Rows of the images the model is for (default 28; with -Width alone, the same as -Width).</summary>
    [Parameter(ParameterSetName = "Fresh")]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Height { get; set; }

    /// <summary>Columns of the images the model is for (default 28; with -Height alone, the same as -Height).</summary>
    [Parameter(ParameterSetName = "Fresh")]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Width { get; set; }

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
            bool conditional = this.ClassName is not null
                || (this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Conditional)) ? this.Conditional.IsPresent : source.Conditional);
            model = WarmStart.From(source, conditional, device, this.ClassName);
            this.WriteVerbose($"Started from {model.InitializedFrom}{(model.Conditional && !source.Conditional ? "; the class embeddings start at zero" : string.Empty)}.");
        }
        else
        {
            ImageShape? shape = (this.Height ?? this.Width) is int side ? new ImageShape(this.Height ?? side, this.Width ?? side) : null;
            model = PixelCnnFactory.Create(
                this.Architecture, this.HiddenDim, this.Conditional || this.ClassName is not null,
                ComputeDeviceResolver.Resolve(this.Device), this.Seed, shape, this.ClassName);
        }

        CurrentModel.Set(model);
        this.WriteVerbose($"Created {model}; it is now the session's current model.");
        this.WriteObject(model);
    }
}
