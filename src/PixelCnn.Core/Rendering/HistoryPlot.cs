using ScottPlot;

namespace PixelCnn.Rendering;

/// <summary>
/// Draws training histories with ScottPlot: epochs across, bits per dimension up, a line with a marker per epoch for
/// the training bpd and one for the validation bpd of every run, a legend naming each line, a title and axis titles.
/// Lines take the colours of <see cref="Palette"/> in order: the first run's training line, its validation line, the
/// next run's training line, and so on.
/// </summary>
internal static class HistoryPlot
{
    /// <summary>The title when none is given.</summary>
    public const string DefaultTitle = "Bits per dimension per epoch";

    /// <summary>The line colours (matplotlib's tab10), as RGB triples.</summary>
    public static readonly (byte R, byte G, byte B)[] Palette =
    {
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
    };

    /// <summary>Builds the chart of <paramref name="runs"/>.</summary>
    public static Plot Create(IReadOnlyList<HistorySeries> runs, string title)
    {
        var plot = new Plot();
        int line = 0;
        foreach (HistorySeries run in runs)
        {
            var ordered = run.Points.OrderBy(p => p.Epoch).ToList();
            string prefix = run.Name.Length == 0 ? string.Empty : run.Name + ": ";
            AddLine(
                plot,
                ordered.Select(p => (double)p.Epoch).ToArray(),
                ordered.Select(p => p.TrainBpd).ToArray(),
                prefix + "train",
                line++
            );
            var validated = ordered.Where(p => p.ValidationBpd is not null).ToList();
            if (validated.Count > 0)
            {
                AddLine(
                    plot,
                    validated.Select(p => (double)p.Epoch).ToArray(),
                    validated.Select(p => p.ValidationBpd!.Value).ToArray(),
                    prefix + "validation",
                    line
                );
            }

            line++;
        }

        plot.Title(title);
        plot.XLabel("Epoch");
        plot.YLabel("Bits per dimension");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        ChartFont.Apply(plot);
        return plot;
    }

    /// <summary>The chart as PNG bytes of the given size.</summary>
    public static byte[] Png(IReadOnlyList<HistorySeries> runs, string title, int width, int height)
    {
        Plot plot = Create(runs, title);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void AddLine(Plot plot, double[] epochs, double[] bpd, string legend, int index)
    {
        var (r, g, b) = Palette[index % Palette.Length];
        var scatter = plot.Add.Scatter(epochs, bpd);
        scatter.Color = new Color(r, g, b);
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        scatter.LegendText = legend;
    }
}
