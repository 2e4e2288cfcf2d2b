using PixelCnn.Rendering;
using ScottPlot.Plottables;

namespace PixelCnn.Tests;

/// <summary>The training-history chart: its lines, their data, colours and legend, the titles.</summary>
public sealed class HistoryPlotTests
{
    [Fact]
    public void EveryRunGetsATrainAndAValidationLineWithItsDataAndLegend()
    {
        var runs = new List<HistorySeries>
        {
            new("gated", new List<HistoryPoint> { new(2, 1.1, 1.05), new(1, 1.3, null), new(3, 1.0, 0.98) }),
            new("tutorial", new List<HistoryPoint> { new(1, 1.4, 1.2) }),
        };

        ScottPlot.Plot plot = HistoryPlot.Create(runs, "Shipped");
        var lines = plot.GetPlottables().OfType<Scatter>().ToList();

        Assert.Equal(
            new[] { "gated: train", "gated: validation", "tutorial: train", "tutorial: validation" },
            lines.Select(l => l.LegendText)
        );
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, lines[0].Data.GetScatterPoints().Select(p => p.X)); // sorted by epoch
        Assert.Equal(new[] { 1.3, 1.1, 1.0 }, lines[0].Data.GetScatterPoints().Select(p => p.Y));
        // epochs with validation only
        Assert.Equal(new[] { 2.0, 3.0 }, lines[1].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(new[] { 1.05, 0.98 }, lines[1].Data.GetScatterPoints().Select(p => p.Y));
        for (int i = 0; i < lines.Count; i++)
        {
            var (r, g, b) = HistoryPlot.Palette[i];
            Assert.Equal(new ScottPlot.Color(r, g, b), lines[i].Color);
        }

        Assert.Equal("Shipped", plot.Axes.Title.Label.Text);
        Assert.Equal("Epoch", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Bits per dimension", plot.Axes.Left.Label.Text);
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void AnUnnamedRunIsLabelledTrainAndValidationAndARunWithoutValidationHasOneLine()
    {
        ScottPlot.Plot plot = HistoryPlot.Create(
            new[] { new HistorySeries(string.Empty, new List<HistoryPoint> { new(1, 2.0, null), new(2, 1.5, null) }) },
            HistoryPlot.DefaultTitle
        );
        Assert.Equal(new[] { "train" }, plot.GetPlottables().OfType<Scatter>().Select(l => l.LegendText));

        plot = HistoryPlot.Create(
            new[] { new HistorySeries(string.Empty, new List<HistoryPoint> { new(1, 2.0, 1.9) }) },
            HistoryPlot.DefaultTitle
        );
        Assert.Equal(new[] { "train", "validation" }, plot.GetPlottables().OfType<Scatter>().Select(l => l.LegendText));
    }

    [Fact]
    public void ThePngHasTheAskedSize()
    {
        byte[] png = HistoryPlot.Png(
            new[] { new HistorySeries("x", new List<HistoryPoint> { new(1, 2.0, 1.9), new(2, 1.8, 1.7) }) },
            "t",
            321,
            234
        );
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.Equal((321, 234), (width, height));
    }
}
