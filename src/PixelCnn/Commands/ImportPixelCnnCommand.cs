using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Shipped;

namespace PixelCnn.Commands;

/// <summary>
/// The Import-PixelCnn cmdlet. Its help, the one home of what users read about it: module/help/Import-PixelCnn.psd1.
/// </summary>
[Cmdlet(VerbsData.Import, "PixelCnn", DefaultParameterSetName = "Path")]
[OutputType(typeof(PixelCnnModel))]
public sealed class ImportPixelCnnCommand : PixelCnnCmdlet
{
    [Parameter(
        Mandatory = true,
        Position = 0,
        ValueFromPipeline = true,
        ValueFromPipelineByPropertyName = true,
        ParameterSetName = "Path"
    )]
    [ArgumentCompleter(typeof(CheckpointPathCompleter))]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [ValidateSet(
        ShippedModels.DefaultName,
        ShippedModels.PixelCnnName,
        ShippedModels.GatedName,
        ShippedModels.GatedConditionalName
    )]
    public string Name { get; set; } = ShippedModels.DefaultName;

    [Parameter(ParameterSetName = "Path")]
    public SwitchParameter TrainedWeights { get; set; }

    [Parameter]
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <inheritdoc/>
    protected override void Process()
    {
        string path = this.ParameterSetName == "Name" ? this.Name : this.ResolveFileSystemPath(this.Path);
        var device = ComputeDeviceResolver.Resolve(this.Device);
        if (this.ParameterSetName == "Name")
        {
            path = ShippedModels.CheckpointOf(this.Name);
            string which = string.Equals(
                this.Name,
                ShippedModels.DefaultName,
                System.StringComparison.OrdinalIgnoreCase
            )
                ? " (the unconditional shipped model with the lowest test bits/dim: "
                    + $"{ShippedModels.Catalog.DefaultModel()})"
                : string.Empty;
            this.WriteVerbose($"The shipped model {this.Name}{which} is '{path}'.");
        }

        CheckpointLoadResult result = CheckpointReader.Load(path, device, this.TrainedWeights);
        foreach (string warning in result.Warnings)
        {
            this.WriteWarning(warning);
        }

        if (result.UnusedTensors.Count > 0)
        {
            this.WriteVerbose(
                $"Tensors in '{path}' that the model does not use: {string.Join(", ", result.UnusedTensors)}."
            );
        }

        CurrentModel.Set(result.Model);
        this.WriteObject(result.Model);
    }
}
