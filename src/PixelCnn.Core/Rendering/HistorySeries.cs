namespace PixelCnn.Rendering;

/// <summary>The history of one run or model, as one chart draws it: a name for the legend and its epochs.</summary>
/// <param name="Name">The run's name in the legend (empty when the chart has one unnamed run).</param>
/// <param name="Points">Its epochs, in the order they arrived.</param>
internal sealed record HistorySeries(string Name, List<HistoryPoint> Points);
