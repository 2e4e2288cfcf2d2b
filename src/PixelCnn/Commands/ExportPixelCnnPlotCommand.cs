using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PixelCnn.Errors;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Rendering;
using PixelCnn.Training;

namespace PixelCnn.Commands;

/// <summary>
/// The Export-PixelCnnPlot cmdlet. Its help, the one home of what users read about it:
/// module/help/Export-PixelCnnPlot.psd1.
/// </summary>
[Cmdlet(VerbsData.Export, "PixelCnnPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPixelCnnPlotCommand : PixelCnnCmdlet
{
    private readonly List<HistorySeries> runs = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = HistoryPlot.DefaultTitle;

    [Parameter]
    [ValidateRange(200, 4000)]
    public int Width { get; set; } = 640;

    [Parameter]
    [ValidateRange(150, 3000)]
    public int Height { get; set; } = 400;

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
                series.Points.AddRange(
                    model.TrainingState.History.Select(h => new HistoryPoint(h.Epoch, h.TrainBpd, h.ValidationBpd))
                );
                this.runs.Add(series);
                break;
            case PixelCnnEpochRecord record:
                this.Run(this.Name ?? string.Empty)
                    .Points.Add(new HistoryPoint(record.Epoch, record.TrainBpd, record.ValidationBpd));
                break;
            default:
                var row = PSObject.AsPSObject(this.InputObject);
                if (TryNumber(row, "Epoch", out double epoch) && TryNumber(row, "TrainBpd", out double train))
                {
                    string run = row.Properties["Run"]?.Value?.ToString() is { Length: > 0 } named
                        ? named
                        : this.Name ?? string.Empty;
                    this.Run(run)
                        .Points.Add(
                            new HistoryPoint(
                                (int)epoch,
                                train,
                                TryNumber(row, "ValidationBpd", out double validation) ? validation : null
                            )
                        );
                }
                else
                {
                    this.WriteError(
                        "Export-PixelCnnPlot takes a model, epoch records or metrics CSV rows with Epoch and TrainBpd.",
                        "UnsupportedInput",
                        PixelCnnErrorKind.InvalidType,
                        value
                    );
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
            this.ThrowTerminating(
                "There is no training history to draw: train the model first, or pipe epoch records or metrics CSV "
                    + "rows.",
                "NoHistory",
                PixelCnnErrorKind.InvalidData,
                null
            );
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
        model.Source is string source
            ? System.IO.Path.GetFileNameWithoutExtension(source)
            : $"{model.Architecture} h{model.HiddenDim}";

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
        return !string.IsNullOrWhiteSpace(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
