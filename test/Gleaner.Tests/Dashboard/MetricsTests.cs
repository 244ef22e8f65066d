using System.Net;
using Gleaner.Watching;
using static Gleaner.Tests.Dashboard.DashboardHarness;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// <c>/metrics</c>: each target's last numeric value as <c>gleaner_watch_value</c>. Other dashboards in this test
/// process publish under the same meter name, so the assertions look at this class's own targets' lines.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Nyc = "metrics-nyc";
    private const string Quoted = "metrics \"quoted\" \\ name";

    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(async store =>
    {
        TargetState[] states =
        [
            new() { Target = Nyc, LastDue = Due(0), LastAt = Due(0), Outcome = Outcome.Ok, Value = "66.9", Number = 66.9, Unit = "F" },
            new() { Target = Quoted, LastDue = Due(0), LastAt = Due(0), Outcome = Outcome.Dns, Value = "-3", Number = -3, FailuresInARow = 1 },
            new() { Target = "metrics-text", LastDue = Due(0), LastAt = Due(0), Outcome = Outcome.Ok, Value = "calm" },
            new() { Target = "metrics-pending", Unit = "F" },
        ];
        await WriteAsync(store, [], [], states);
    });

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    [Fact]
    public async Task Metrics_EachTargetsLastNumber_IsAGaugeLabelledByTargetAndUnit()
    {
        var lines = await ScrapeAsync();

        Assert.Equal(["gleaner_watch_value{otel_scope_name=\"Gleaner\",target=\"metrics-nyc\",unit=\"F\"} 66.9"], Own(lines, Nyc));
        // Prometheus label escaping: a quote and a backslash in a name stay inside its label.
        Assert.Equal(["gleaner_watch_value{otel_scope_name=\"Gleaner\",target=\"metrics \\\"quoted\\\" \\\\ name\",unit=\"\"} -3"], Own(lines, "metrics \\\"quoted"));
        Assert.Empty(Own(lines, "metrics-text"));
        Assert.Empty(Own(lines, "metrics-pending"));
        Assert.Contains("# TYPE gleaner_watch_value gauge", lines);
    }

    [Fact]
    public async Task Metrics_AfterALiveSample_ShowTheNewValue()
    {
        _dashboard.Board.Apply(
            new TargetState { Target = Nyc, LastDue = Due(1), LastAt = Due(1), Outcome = Outcome.Ok, Value = "67.25", Number = 67.25, Unit = "F" },
            Ok(Nyc, Due(1), "67.25"));

        var lines = await ScrapeAsync();

        Assert.Equal(["gleaner_watch_value{otel_scope_name=\"Gleaner\",target=\"metrics-nyc\",unit=\"F\"} 67.25"], Own(lines, Nyc));
    }

    [Fact]
    public async Task Metrics_ThousandsOfTargets_EachHasItsSeries_NoneFoldedIntoOverflow()
    {
        const int Count = 3_000;
        for (var i = 0; i < Count; i++)
        {
            var name = $"metrics-many-{i:D4}";
            _dashboard.Board.Apply(new TargetState { Target = name, LastDue = Due(1), LastAt = Due(1), Outcome = Outcome.Ok, Value = $"{i}", Number = i, Unit = "C" }, null);
        }

        var lines = await ScrapeAsync();

        Assert.Equal(Count, Own(lines, "metrics-many-").Length);
        Assert.Equal("gleaner_watch_value{otel_scope_name=\"Gleaner\",target=\"metrics-many-2999\",unit=\"C\"} 2999", Own(lines, "metrics-many-2999").Single());
        Assert.DoesNotContain(lines, l => l.Contains("otel_metric_overflow", StringComparison.Ordinal));
    }

    private async Task<string[]> ScrapeAsync()
    {
        using var response = await _dashboard.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n');
    }

    // The value lines of one target, exactly as printed.
    private static string[] Own(string[] lines, string target) =>
        [.. lines.Where(l => l.StartsWith("gleaner_watch_value{", StringComparison.Ordinal) && l.Contains($"target=\"{target}", StringComparison.Ordinal))];
}
