using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Shipped;
using PixelCnn.Devices;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Loads a PixelCNN from a safetensors checkpoint with the tutorial's PyTorch state names.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "PixelCnn", DefaultParameterSetName = "Path")]
[OutputType(typeof(PixelCnnModel))]
public sealed class ImportPixelCnnCommand : PixelCnnCmdlet
{
    /// <summary>The .safetensors file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Path")]
    [ArgumentCompleter(typeof(CheckpointPathCompleter))]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// A model that ships with the module, trained on MNIST: PixelCnn (the tutorial's), Gated, GatedConditional, or
    /// Default (the unconditional one with the lowest test bits/dim).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [ValidateSet(ShippedModels.DefaultName, ShippedModels.PixelCnnName, ShippedModels.GatedName, ShippedModels.GatedConditionalName)]
    public string Name { get; set; } = ShippedModels.DefaultName;

    /// <summary>
    /// Load the weights the optimizer trained instead of their running average, from a checkpoint written during a run
    /// with -AverageWeights (the model then has no average; ValidationBpd is the trained weights' figure). Early in a
    /// run the average lags behind and the trained weights can validate better; a model without an average is loaded
    /// as it is.
    /// </summary>
    [Parameter(ParameterSetName = "Path")]
    public SwitchParameter TrainedWeights { get; set; }

    /// <summary>Auto (CUDA when available), Cpu or Cuda.</summary>
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
            this.WriteVerbose($"The shipped model {this.Name}{(string.Equals(this.Name, ShippedModels.DefaultName, System.StringComparison.OrdinalIgnoreCase) ? $" (the unconditional shipped model with the lowest test bits/dim: {ShippedModels.Catalog.DefaultModel()})" : string.Empty)} is '{path}'.");
        }

        CheckpointLoadResult result = CheckpointReader.Load(path, device, this.TrainedWeights);
        foreach (string warning in result.Warnings)
        {
            this.WriteWarning(warning);
        }

        if (result.UnusedTensors.Count > 0)
        {
            this.WriteVerbose($"Tensors in '{path}' that the model does not use: {string.Join(", ", result.UnusedTensors)}.");
        }

        CurrentModel.Set(result.Model);
        this.WriteObject(result.Model);
    }
}
