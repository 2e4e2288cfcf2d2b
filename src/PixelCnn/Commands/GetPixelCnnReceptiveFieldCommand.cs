using PixelCnn.Networks;
using System.Management.Automation;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Shows which input pixels influence the predicted distribution of one pixel, measured with autograd.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnReceptiveField")]
[OutputType(typeof(PixelCnnReceptiveField))]
public sealed class GetPixelCnnReceptiveFieldCommand : PixelCnnCmdlet
{
    /// <summary>Row of the predicted pixel (0 to the model's height - 1: 0-27 for MNIST's size).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, ImageShape.MaxSide - 1)]
    public int Row { get; set; }

    /// <summary>Column of the predicted pixel (0 to the model's width - 1: 0-27 for MNIST's size).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(0, ImageShape.MaxSide - 1)]
    public int Column { get; set; }

    /// <summary>The model to probe.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        this.WriteObject(ReceptiveFieldProbe.Measure(this.Model!, this.Row, this.Column));
    }
}
