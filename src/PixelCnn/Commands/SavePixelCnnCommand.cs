using System;
using System.IO;
using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// The Save-PixelCnn cmdlet. Its help, the one home of what users read about it: module/help/Save-PixelCnn.psd1.
/// </summary>
[Cmdlet(VerbsData.Save, "PixelCnn", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SavePixelCnnCommand : PixelCnnCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(CheckpointPathCompleter))]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    [Parameter]
    public SwitchParameter ExcludeOptimizerState { get; set; }

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

            CheckpointWriter.Save(
                model,
                target,
                overwrite: this.Force,
                includeOptimizerState: !this.ExcludeOptimizerState
            );
            this.WriteFileItem(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            this.ThrowTerminating(
                $"Could not write '{target}': {ErrorRecords.WriteFailureReason(e)}. Any earlier file there is "
                    + "unchanged.",
                "WriteFailed",
                PixelCnnErrorKind.WriteError,
                target,
                e
            );
        }
    }
}
