using System;
using System.IO;
using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Saves a PixelCNN as a safetensors checkpoint that PyTorch's model loads with load_state_dict.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "PixelCnn", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SavePixelCnnCommand : PixelCnnCmdlet
{
    /// <summary>The .safetensors file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(CheckpointPathCompleter))]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The model (default: the session's current model).</summary>
    [Parameter(ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    /// <summary>Leave Adam's state out (a smaller file for sharing a trained model; training can still continue, with a fresh optimizer).</summary>
    [Parameter]
    public SwitchParameter ExcludeOptimizerState { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        string target = this.ResolveFileSystemPath(this.Path);
        try
        {
            PixelCnnModel model = CurrentModel.Resolve(this.Model);
            if (!this.ConfirmOutputFile(target, this.Force, "Save PixelCNN checkpoint"))
            {
                return;
            }

            CheckpointWriter.Save(model, target, overwrite: this.Force, includeOptimizerState: !this.ExcludeOptimizerState);
            this.WriteFileItem(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            this.ThrowTerminating($"Could not write '{target}': {ErrorRecords.WriteFailureReason(e)}. Any earlier file there is unchanged.", "WriteFailed", PixelCnnErrorKind.WriteError, target, e);
        }
    }
}
