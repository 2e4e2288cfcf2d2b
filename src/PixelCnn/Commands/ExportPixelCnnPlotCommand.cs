using PixelCnn.Errors;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Training;
using PixelCnn.Rendering;

namespace PixelCnn.Commands;

/// <summary>
/// <para type="synopsis">Draws training histories (train and validation bits per dimension per epoch) as a PNG chart with a title, axis titles and a legend.</para>
/// <para type="description">Takes models (their history), epoch records from Start-PixelCnnTraining, or rows of a metrics CSV. Each model is one run in the legend, named by -Name or by the file it was imported from; records and rows belong to the run named by their Run property, else by -Name. Several runs go into one chart.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "PixelCnnPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPixelCnnPlotCommand : PixelCnnCmdlet
{
    private readonly List<HistorySeries> runs = new();

    /// <summary>A model (its history), epoch records from Start-PixelCnnTraining, or rows of a metrics CSV.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The legend name of input that does not name its run (no Run property, a model not imported from a file).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The chart's title (default "Bits per dimension per epoch").</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = HistoryPlot.DefaultTitle;

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
    protected override void Process()
    {
        object value = this.InputObject is PSObject pso ? pso.BaseObject : this.InputObject!;
        switch (value)
        {
            case PixelCnnModel model:
                // Every model is a run of its own, even when two share a name.
                var series = new HistorySeries(this.Name ?? ModelName(model), new List<HistoryPoint>());
                series.Points.AddRange(model.History.Select(h => new HistoryPoint(h.Epoch, h.TrainBpd, h.ValidationBpd)));
                this.runs.Add(series);
                break;
            case PixelCnnEpochRecord record:
                this.Run(this.Name ?? string.Empty).Points.Add(new HistoryPoint(record.Epoch, record.TrainBpd, record.ValidationBpd));
                break;
            default:
                var row = PSObject.AsPSObject(this.InputObject);
                if (TryNumber(row, "Epoch", out double epoch) && TryNumber(row, "TrainBpd", out double train))
                {
                    string run = row.Properties["Run"]?.Value?.ToString() is { Length: > 0 } named ? named : this.Name ?? string.Empty;
                    this.Run(run).Points.Add(new HistoryPoint((int)epoch, train, TryNumber(row, "ValidationBpd", out double validation) ? validation : null));
                }
                else
                {
                    this.WriteError("Export-PixelCnnPlot takes a model, epoch records or metrics CSV rows with Epoch and TrainBpd.", "UnsupportedInput", PixelCnnErrorKind.InvalidType, value);
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void End()
    {
        this.runs.RemoveAll(r => r.Points.Count == 0);
        if (this.runs.Count == 0)
        {
            this.ThrowTerminating("There is no training history to draw: train the model first, or pipe epoch records or metrics CSV rows.", "NoHistory", PixelCnnErrorKind.InvalidData, null);
        }

        string target = this.ResolveFileSystemPath(this.Path);
        if (!this.ConfirmOutputFile(target, this.Force, "Write training-history chart"))
        {
            return;
        }

        byte[] png = HistoryPlot.Png(this.runs, this.Title, this.Width, this.Height);
        PngWriter.WriteAtomically(target, this.Force, stream => stream.Write(png));
        this.WriteFileItem(target);
    }

    private HistorySeries Run(string name)
    {
        HistorySeries? run = this.runs.LastOrDefault(r => r.Name == name);
        if (run is null)
        {
            run = new HistorySeries(name, new List<HistoryPoint>());
            this.runs.Add(run);
        }

        return run;
    }

    private static string ModelName(PixelCnnModel model) =>
        model.Source is string source ? System.IO.Path.GetFileNameWithoutExtension(source) : $"{model.Architecture} h{model.HiddenDim}";

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
