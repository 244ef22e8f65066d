using Gleaner.Cli.Run;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Cli;

public class RunReportTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Summarize_CountsByOutcomeRateAndSlowestHosts()
    {
        var tally = new RunTally(5, _time);
        tally.Add(Record(0, "http://fast.test/a", Outcome.Ok, TimeSpan.FromMilliseconds(1)));
        tally.Add(Record(1, "http://fast.test/b", Outcome.Ok, TimeSpan.FromMilliseconds(2)));
        tally.Add(Record(2, "http://slow.test:8080/a", Outcome.Deadline, TimeSpan.FromSeconds(10)));
        tally.Add(Record(3, "http://slow.test:8080/b", Outcome.Deadline, TimeSpan.FromSeconds(10)));
        tally.Add(Record(4, "http://mid.test/", Outcome.Ok, TimeSpan.FromSeconds(1.5)));
        _time.Advance(TimeSpan.FromSeconds(2));
        var summary = new StringWriter { NewLine = "\n" };

        RunReport.Summarize(tally, interrupted: false, summary);

        Assert.Equal(
            """
            done: 5/5 targets in 2.0s (2.5/s)
              ok                          3
              deadline                    2
            slowest hosts: slow.test:8080 10s mean over 2, mid.test 1.5s mean over 1, fast.test 1.5ms mean over 2

            """,
            summary.ToString());
    }

    [Fact]
    public void Summarize_Interrupted_SaysSo()
    {
        var tally = new RunTally(4, _time);
        tally.Add(Record(0, "http://fast.test/a", Outcome.Ok, TimeSpan.FromMilliseconds(250)));
        _time.Advance(TimeSpan.FromSeconds(1));
        var summary = new StringWriter { NewLine = "\n" };

        RunReport.Summarize(tally, interrupted: true, summary);

        Assert.StartsWith("interrupted: 1/4 targets in 1.0s (1/s)\n", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Line_DoneTotalRateEtaAndFailures()
    {
        var tally = new RunTally(10, _time);
        tally.Add(Record(0, "http://a.test/", Outcome.Ok, TimeSpan.FromMilliseconds(5)));
        tally.Add(Record(1, "http://a.test/1", Outcome.Stalled, TimeSpan.FromSeconds(3)));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("2/10 2/s eta 4s stalled=1", RunReport.Line(tally));
    }

    private static RunRecord Record(int index, string url, Outcome outcome, TimeSpan total)
    {
        var target = new Target { Name = $"t{index}", Url = new Uri(url) };
        var fetch = new FetchResult { Url = target.Url, FinalUrl = target.Url, Outcome = outcome, Timings = new PhaseTimings { Total = total } };
        return new RunRecord(index, RunRecord.KeyFor(index, target), new TargetResult { Target = target, Fetch = fetch, Outcome = outcome }, 1);
    }
}
