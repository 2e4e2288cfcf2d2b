using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixelCnn.Imaging;

/// <summary>One point of a training history: an epoch and its bits per dimension.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="TrainBpd">Training bits per dimension.</param>
/// <param name="ValidationBpd">Validation bits per dimension, if measured.</param>
internal readonly record struct HistoryPoint(int Epoch, double TrainBpd, double? ValidationBpd);

/// <summary>
/// Draws a training history as a line chart: epochs across, bits per dimension up; training in blue, validation in
/// orange, a square at every epoch; grid lines labelled with their bpd and the epochs labelled along the bottom.
/// </summary>
internal static class HistoryChart
{
    /// <summary>The colour of the training line.</summary>
    public static readonly Rgb24 TrainColour = new(31, 119, 180);

    /// <summary>The colour of the validation line.</summary>
    public static readonly Rgb24 ValidationColour = new(255, 127, 14);

    private static readonly Rgb24 Background = new(255, 255, 255);
    private static readonly Rgb24 Axis = new(40, 40, 40);
    private static readonly Rgb24 Grid = new(225, 225, 225);

    /// <summary>Plot margins in pixels (left, right, top, bottom).</summary>
    public const int Left = 56, Right = 20, Top = 20, Bottom = 36;

    /// <summary>Renders the chart.</summary>
    public static Image<Rgb24> Render(IReadOnlyList<HistoryPoint> points, int width, int height)
    {
        var ordered = points.OrderBy(p => p.Epoch).ToList();
        var values = ordered.Select(p => p.TrainBpd).Concat(ordered.Where(p => p.ValidationBpd is not null).Select(p => p.ValidationBpd!.Value)).ToList();
        double low = values.Min(), high = values.Max();
        double pad = Math.Max((high - low) * 0.08, 0.01);
        low -= pad;
        high += pad;
        int firstEpoch = ordered[0].Epoch, lastEpoch = ordered[^1].Epoch;
        if (lastEpoch == firstEpoch)
        {
            firstEpoch -= 1;
            lastEpoch += 1;
        }

        int plotWidth = width - Left - Right, plotHeight = height - Top - Bottom;
        int X(double epoch) => Left + (int)Math.Round((epoch - firstEpoch) / (lastEpoch - firstEpoch) * plotWidth);
        int Y(double bpd) => Top + (int)Math.Round((high - bpd) / (high - low) * plotHeight);

        var image = new Image<Rgb24>(width, height, Background);
        for (int g = 0; g <= 4; g++)
        {
            double bpd = low + ((high - low) * g / 4);
            int y = Y(bpd);
            Line(image, Left, y, Left + plotWidth, y, Grid, 1);
            string label = bpd.ToString("F2", CultureInfo.InvariantCulture);
            TinyFont.Draw(image, label, Left - 6 - TinyFont.Measure(label, 2), y - 5, 2, Axis);
        }

        int step = Math.Max(1, (int)Math.Ceiling((lastEpoch - firstEpoch) / 10.0));
        for (int e = firstEpoch; e <= lastEpoch; e += step)
        {
            int x = X(e);
            Line(image, x, Top + plotHeight, x, Top + plotHeight + 4, Axis, 1);
            string label = e.ToString(CultureInfo.InvariantCulture);
            TinyFont.Draw(image, label, x - (TinyFont.Measure(label, 2) / 2), Top + plotHeight + 8, 2, Axis);
        }

        Line(image, Left, Top, Left, Top + plotHeight, Axis, 1);
        Line(image, Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, Axis, 1);
        Series(image, ordered.Select(p => (X(p.Epoch), Y(p.TrainBpd))).ToList(), TrainColour);
        Series(image, ordered.Where(p => p.ValidationBpd is not null).Select(p => (X(p.Epoch), Y(p.ValidationBpd!.Value))).ToList(), ValidationColour);
        return image;
    }

    private static void Series(Image<Rgb24> image, List<(int X, int Y)> points, Rgb24 colour)
    {
        for (int i = 1; i < points.Count; i++)
        {
            Line(image, points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, colour, 2);
        }

        foreach (var (x, y) in points)
        {
            Fill(image, x - 3, y - 3, 7, 7, colour);
        }
    }

    private static void Line(Image<Rgb24> image, int x0, int y0, int x1, int y1, Rgb24 colour, int thickness)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        while (true)
        {
            Fill(image, x0 - (thickness / 2), y0 - (thickness / 2), thickness, thickness, colour);
            if (x0 == x1 && y0 == y1)
            {
                break;
            }

            int e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    private static void Fill(Image<Rgb24> image, int x, int y, int w, int h, Rgb24 colour)
    {
        for (int py = Math.Max(0, y); py < Math.Min(image.Height, y + h); py++)
        {
            for (int px = Math.Max(0, x); px < Math.Min(image.Width, x + w); px++)
            {
                image[px, py] = colour;
            }
        }
    }
}
