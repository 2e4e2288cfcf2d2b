using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Draws a training history (train and validation bits per dimension per epoch) as a PNG line chart.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "PixelCnnPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPixelCnnPlotCommand : PixelCnnCmdlet
{
    private readonly List<HistoryPoint> points = new();

    /// <summary>A model (its history), epoch records from Start-PixelCnnTraining, or rows of a metrics CSV.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Chart width in pixels (default 640).</summary>
    [Parameter]
    [ValidateRange(200, 4000)]
    public int Width { get; set; } = 640;

    /// <summary>Chart height in pixels (default 400).</summary>
    [Parameter]
    [ValidateRange(150, 3000)]
    public int Height { get; set; } = 400;

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        object value = this.InputObject is PSObject pso ? pso.BaseObject : this.InputObject!;
        switch (value)
        {
            case PixelCnnModel model:
                this.points.AddRange(model.History.Select(h => new HistoryPoint(h.Epoch, h.TrainBpd, h.ValidationBpd)));
                break;
            case PixelCnnEpochRecord record:
                this.points.Add(new HistoryPoint(record.Epoch, record.TrainBpd, record.ValidationBpd));
                break;
            default:
                var row = PSObject.AsPSObject(this.InputObject);
                if (TryNumber(row, "Epoch", out double epoch) && TryNumber(row, "TrainBpd", out double train))
                {
                    this.points.Add(new HistoryPoint((int)epoch, train, TryNumber(row, "ValidationBpd", out double validation) ? validation : null));
                }
                else
                {
                    this.WriteError("Export-PixelCnnPlot takes a model, epoch records or metrics CSV rows with Epoch and TrainBpd.", "UnsupportedInput", ErrorCategory.InvalidType, value);
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (this.points.Count == 0)
        {
            this.ThrowTerminating("There is no training history to draw: train the model first, or pipe epoch records or metrics CSV rows.", "NoHistory", ErrorCategory.InvalidData, null);
        }

        string target = this.ResolveFileSystemPath(this.Path);
        if (!this.ConfirmOutputFile(target, this.Force, "Write training-history chart"))
        {
            return;
        }

        using Image<Rgb24> chart = HistoryChart.Render(this.points, this.Width, this.Height);
        PngWriter.Save(chart, target, greyscale: false, overwrite: this.Force);
        this.WriteFileItem(target);
    }

    private static bool TryNumber(PSObject row, string name, out double value)
    {
        value = 0;
        object? raw = row.Properties[name]?.Value;
        if (raw is double number)
        {
            value = number;
            return true;
        }

        string? text = raw as string ?? Convert.ToString(raw, CultureInfo.InvariantCulture);
        return !string.IsNullOrWhiteSpace(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
