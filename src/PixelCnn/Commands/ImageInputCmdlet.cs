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

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter]
    public PixelCnnModel? Model { get; set; }

    /// <summary>The model in use.</summary>
    protected PixelCnnModel ResolvedModel => this.resolved!;

    /// <inheritdoc/>
    protected override void Begin()
    {
        this.resolved = this.Use(CurrentModel.Resolve(this.Model));
    }

    /// <inheritdoc/>
    protected override void Process() =>
        ImageInput.Route(this, this.InputObject, this.ProcessDataset, this.ProcessImage);

    /// <summary>Handles a whole dataset (by default, image by image).</summary>
    protected virtual void ProcessDataset(ImageDataset dataset)
    {
        foreach (PixelCnnImage image in dataset)
        {
            this.ProcessImage(image);
        }
    }

    /// <summary>Handles one image.</summary>
    protected abstract void ProcessImage(PixelCnnImage image);
}
