using System;
using System.Diagnostics;
using System.Management.Automation;

namespace PixelCnn.Commands;

/// <summary>
/// One progress bar of a long cmdlet step: at most five updates a second (the first and the finished one always), the
/// percentage done and the seconds left at the pace so far. Each update is a new record: a host that keeps them (the
/// progress stream of a job or of the PowerShell API) keeps what each one said.
/// </summary>
internal sealed class ProgressReporter
{
    /// <summary>The shortest time between two updates, in seconds.</summary>
    internal const double MinimumIntervalSeconds = 0.2;

    private readonly int activityId;
    private readonly string activity;
    private readonly Action<ProgressRecord> write;
    private readonly Func<double> elapsedSeconds;
    private double? lastWritten;

    /// <summary>A progress bar.</summary>
    /// <param name="activityId">The bar's id (one per cmdlet, so that nested pipelines show several).</param>
    /// <param name="activity">The bar's title.</param>
    /// <param name="write">Shows a record (a cmdlet's WriteProgress).</param>
    /// <param name="elapsedSeconds">The clock (seconds since the step started); default a stopwatch started
    /// now.</param>
    public ProgressReporter(
        int activityId,
        string activity,
        Action<ProgressRecord> write,
        Func<double>? elapsedSeconds = null
    )
    {
        this.activityId = activityId;
        this.activity = activity;
        this.write = write;
        if (elapsedSeconds is null)
        {
            var watch = Stopwatch.StartNew();
            elapsedSeconds = () => watch.Elapsed.TotalSeconds;
        }

        this.elapsedSeconds = elapsedSeconds;
    }

    /// <summary>
    /// Reports that <paramref name="fraction"/> (0 to 1) of the step is done; skipped when the last update was less
    /// than
    /// <see cref="MinimumIntervalSeconds"/> ago, unless the step is finished or <paramref name="force"/> is set (the
    /// last update before a pause in the reports, such as an epoch's validation).
    /// </summary>
    public void Report(double fraction, string status, bool force = false)
    {
        double now = this.elapsedSeconds();
        if (fraction < 1 && !force && this.lastWritten is double last && now - last < MinimumIntervalSeconds)
        {
            return;
        }

        this.lastWritten = now;
        fraction = Math.Clamp(fraction, 0, 1);
        this.write(
            new ProgressRecord(this.activityId, this.activity, status)
            {
                PercentComplete = (int)(fraction * 100),
                SecondsRemaining = fraction > 0 ? (int)Math.Round(now * (1 - fraction) / fraction) : -1,
            }
        );
    }

    /// <summary>Removes the bar.</summary>
    public void Complete()
    {
        this.write(
            new ProgressRecord(this.activityId, this.activity, "Done") { RecordType = ProgressRecordType.Completed }
        );
    }
}
