using System.Management.Automation;
using PixelCnn.Commands;

namespace PixelCnn.Tests;

/// <summary>The cmdlets' progress bars: throttled, with the time left at the pace so far.</summary>
public sealed class ProgressReporterTests
{
    private readonly List<(string Status, int Percent, int SecondsLeft, ProgressRecordType Type)> written = new();
    private double now;

    [Fact]
    public void TimeLeftFollowsThePaceSoFar()
    {
        ProgressReporter progress = this.Reporter();

        this.now = 0;
        progress.Report(0, "start");
        this.now = 10;
        progress.Report(0.25, "a quarter");
        this.now = 30;
        progress.Report(0.6, "three fifths");

        Assert.Equal(new[] { ("start", 0, -1), ("a quarter", 25, 30), ("three fifths", 60, 20) }, this.Shown());
    }

    [Fact]
    public void UpdatesCloserThanTheIntervalAreSkippedExceptTheFinishedOrForcedOne()
    {
        ProgressReporter progress = this.Reporter();

        this.now = 1;
        progress.Report(0.1, "first"); // the first is always shown
        this.now = 1.1;
        progress.Report(0.2, "too soon");
        this.now = 1.15;
        progress.Report(0.3, "forced", force: true);
        this.now = 1.2;
        progress.Report(0.4, "too soon after the forced one");
        this.now = 1.4;
        progress.Report(0.5, "due");
        this.now = 1.45;
        progress.Report(1, "done");

        Assert.Equal(new[] { "first", "forced", "due", "done" }, this.Shown().ConvertAll(s => s.Status));
        Assert.Equal((100, 0), (this.written[^1].Percent, this.written[^1].SecondsLeft));
    }

    [Fact]
    public void CompleteRemovesTheBarAndFractionsAreClamped()
    {
        ProgressReporter progress = this.Reporter();

        this.now = 2;
        progress.Report(1.5, "past the end");
        progress.Complete();

        Assert.Equal(2, this.written.Count);
        Assert.Equal(
            (100, 0, ProgressRecordType.Processing),
            (this.written[0].Percent, this.written[0].SecondsLeft, this.written[0].Type)
        );
        Assert.Equal(ProgressRecordType.Completed, this.written[1].Type);
    }

    private ProgressReporter Reporter() =>
        new(
            7,
            "Testing",
            r => this.written.Add((r.StatusDescription, r.PercentComplete, r.SecondsRemaining, r.RecordType)),
            () => this.now
        );

    private List<(string Status, int Percent, int SecondsLeft)> Shown() =>
        this.written.ConvertAll(w => (w.Status, w.Percent, w.SecondsLeft));
}
