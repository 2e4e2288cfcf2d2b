using System.Management.Automation;
using PixelCnn.Architectures;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Initialization;
using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Commands;

/// <summary>
/// The New-PixelCnn cmdlet. Its help, the one home of what users read about it: module/help/New-PixelCnn.psd1.
/// </summary>
[Cmdlet(VerbsCommon.New, "PixelCnn", DefaultParameterSetName = "Fresh")]
[OutputType(typeof(PixelCnnModel))]
public sealed class NewPixelCnnCommand : PixelCnnCmdlet
{
    [Parameter(ParameterSetName = "Fresh")]
    [ValidateArchitecture]
    [ArgumentCompleter(typeof(ArchitectureNameCompleter))]
    public string Architecture { get; set; } = PixelCnnArchitecture.PixelCnn;

    [Parameter]
    public SwitchParameter Conditional { get; set; }

    [Parameter]
    [ValidateCount(ModelClasses.Minimum, ModelClasses.Maximum)]
    public string[]? ClassName { get; set; }

    [Parameter(ParameterSetName = "Fresh")]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Height { get; set; }

    [Parameter(ParameterSetName = "Fresh")]
    [ValidateRange(1, ImageShape.MaxSide)]
    public int? Width { get; set; }

    [Parameter(Position = 0, ParameterSetName = "Fresh")]
    [ValidateRange(1, PixelCnnFactory.MaxHiddenDim)]
    public int HiddenDim { get; set; } = 64;

    [Parameter]
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    [Parameter(ParameterSetName = "Fresh")]
    public int? Seed { get; set; }

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
            var device = this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Device))
                ? ComputeDeviceResolver.Resolve(this.Device)
                : source.TorchDevice;
            bool conditional =
                this.ClassName is not null
                || (
                    this.MyInvocation.BoundParameters.ContainsKey(nameof(this.Conditional))
                        ? this.Conditional.IsPresent
                        : source.Conditional
                );
            model = WarmStart.From(source, conditional, device, this.ClassName);
            string embeddings =
                model.Conditional && !source.Conditional ? "; the class embeddings start at zero" : string.Empty;
            this.WriteVerbose($"Started from {model.InitializedFrom}{embeddings}.");
        }
        else
        {
            ImageShape? shape = (this.Height ?? this.Width) is int side
                ? new ImageShape(this.Height ?? side, this.Width ?? side)
                : null;
            model = PixelCnnFactory.Create(
                this.Architecture,
                this.HiddenDim,
                this.Conditional || this.ClassName is not null,
                ComputeDeviceResolver.Resolve(this.Device),
                this.Seed,
                shape,
                this.ClassName
            );
        }

        CurrentModel.Set(model);
        this.WriteVerbose($"Created {model}; it is now the session's current model.");
        this.WriteObject(model);
    }
}
