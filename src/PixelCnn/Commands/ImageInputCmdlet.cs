using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// A cmdlet that scores images from the pipeline with a model: resolves the model once (explicit -Model, else the
/// session's current model) and hands each dataset or image to the derived cmdlet.
/// </summary>
public abstract class ImageInputCmdlet : PixelCnnCmdlet
{
    private PixelCnnModel? resolved;

    /// <summary>Images (from Import-Mnist or Get-PixelCnnSample) or a whole dataset.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The model (default: the session's current model).</summary>
    [Parameter]
    public PixelCnnModel? Model { get; set; }

    /// <summary>The model in use.</summary>
    protected PixelCnnModel ResolvedModel => this.resolved!;

    /// <summary>True for a cmdlet that samples: with no model in the session it uses the shipped default model.</summary>
    protected virtual bool FallsBackToShippedModel => false;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        try
        {
            this.resolved = this.Use(this.FallsBackToShippedModel ? CurrentModel.ResolveOrDefault(this.Model, this.WriteVerbose) : CurrentModel.Resolve(this.Model));
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
        switch (value)
        {
            case MnistDataset dataset:
                this.ProcessDataset(dataset);
                break;
            case PixelCnnImage image:
                this.ProcessImage(image);
                break;
            default:
                this.WriteError($"{this.MyInvocation.MyCommand.Name} takes images (Import-Mnist, Get-PixelCnnSample) or datasets, not a {value.GetType().Name}.",
                    "UnsupportedInput", PixelCnnErrorKind.InvalidType, value);
                break;
        }
    }

    /// <summary>Handles a whole dataset (by default, image by image).</summary>
    protected virtual void ProcessDataset(MnistDataset dataset)
    {
        foreach (PixelCnnImage image in dataset)
        {
            this.ProcessImage(image);
        }
    }

    /// <summary>Handles one image.</summary>
    protected abstract void ProcessImage(PixelCnnImage image);
}
