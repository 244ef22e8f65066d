using System.Text.RegularExpressions;
using Gleaner.Jobs;
using Gleaner.Scheduling;

namespace Gleaner.Tests.Jobs;

/// <summary>The examples of docs/job-files.md's Watching section do what the page says.</summary>
public partial class JobFileDocsTests
{
    private static readonly Lazy<string[]> WatchingBlocks = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "docs", "job-files.md")))
        {
            dir = dir.Parent ?? throw new DirectoryNotFoundException("no docs/job-files.md above the tests");
        }

        var page = File.ReadAllText(Path.Combine(dir.FullName, "docs", "job-files.md"));
        var section = page[page.IndexOf("\n## Watching\n", StringComparison.Ordinal)..page.IndexOf("\n## URL list\n", StringComparison.Ordinal)];
        return [.. CodeBlock().Matches(section).Select(m => m.Groups[1].Value)];
    });

    [Fact]
    public void WatchingExample_ParsesAsDescribed()
    {
        var job = JobFileParser.Parse(WatchingBlocks.Value[0], "weather.yaml");
        var targets = job.Targets.ToDictionary(t => t.Name);

        Assert.Equal(TimeSpan.FromDays(90), job.DefaultKeep);
        Assert.Equal(0.5, targets["nyc"].Watch!.Threshold);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<EverySchedule>(targets["nyc"].Watch!.Schedule).Interval);
        Assert.Equal(3, Assert.Single(targets["nyc"].Watch!.Notify).FailuresInARow);
        Assert.Equal("HOOK_TOKEN", targets["nyc"].Watch!.Notify[0].BearerEnv);
        Assert.Equal("cron 0 9 * * MON-FRI in Europe/Paris", targets["paris-opening"].Watch!.Schedule.ToString());
        Assert.Equal(TimeSpan.FromDays(365), targets["paris-opening"].Watch!.Keep);
        Assert.Empty(targets["status"].Watch!.Notify);
    }

    [Fact]
    public void WatchingErrorExample_GivesTheErrorsShown()
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(WatchingBlocks.Value[1], "weather.yaml"));

        Assert.Equal(WatchingBlocks.Value[2].TrimEnd('\n').Split('\n'), e.Errors.Select(error => error.ToString()));
    }

    [GeneratedRegex(@"```(?:yaml)?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
