using System.Management.Automation;
using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Commands;

/// <summary>
/// The Get-PixelCnnReceptiveField cmdlet. Its help, the one home of what users read about it:
/// module/help/Get-PixelCnnReceptiveField.psd1.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixelCnnReceptiveField")]
[OutputType(typeof(PixelCnnReceptiveField))]
public sealed class GetPixelCnnReceptiveFieldCommand : PixelCnnCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, ImageShape.MaxSide - 1)]
    public int Row { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(0, ImageShape.MaxSide - 1)]
    public int Column { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PixelCnnModel? Model { get; set; }

    /// <inheritdoc/>
    protected override void Process()
    {
        this.WriteObject(ReceptiveFieldProbe.Measure(this.Model!, this.Row, this.Column));
    }
}
