using System.Diagnostics;
using Gleaner.Fetching;
using Gleaner.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Telemetry;

[Collection(TelemetryRunsAlone.Name)]
public sealed class FetchTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<LoopbackServer> ServerAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/ok", () => Results.Text("<p>72 F</p>", "text/html"));
        app.MapGet("/missing", () => Results.NotFound());
    });

    [Fact]
    public async Task FetchAsync_OkAndNotFound_CountsEachByOutcomeAndStatusClass()
    {
        await using var server = await ServerAsync();
        using var fetcher = new Fetcher();
        using var metrics = new MetricRecorder();

        await fetcher.FetchAsync(server.Url("/ok"), cancellationToken: Ct);
        await fetcher.FetchAsync(server.Url("/ok"), cancellationToken: Ct);
        await fetcher.FetchAsync(server.Url("/missing"), cancellationToken: Ct);

        Assert.Equal(3, metrics.Count("gleaner.fetch.count"));
        Assert.Equal(2, metrics.Sum("gleaner.fetch.count", ("outcome", "ok"), ("status_class", "2xx")));
        Assert.Equal(1, metrics.Sum("gleaner.fetch.count", ("outcome", "http_status"), ("status_class", "4xx")));
    }

    [Fact]
    public async Task FetchAsync_Ok_RecordsEachPhaseThatHappenedOnce()
    {
        await using var server = await ServerAsync();
        using var fetcher = new Fetcher();
        using var metrics = new MetricRecorder();

        await fetcher.FetchAsync(server.Url("/ok"), cancellationToken: Ct);
        await fetcher.FetchAsync(server.Url("/missing"), cancellationToken: Ct);

        Assert.Equal(2, metrics.Count("gleaner.fetch.duration", ("phase", "total")));
        Assert.Equal(2, metrics.Count("gleaner.fetch.duration", ("phase", "headers")));
        // The 404's body is never read; the second fetch reuses the first one's connection.
        Assert.Equal(1, metrics.Count("gleaner.fetch.duration", ("phase", "body"), ("outcome", "ok")));
        Assert.Equal(0, metrics.Count("gleaner.fetch.duration", ("phase", "body"), ("outcome", "http_status")));
        Assert.Equal(1, metrics.Count("gleaner.fetch.duration", ("phase", "connect")));
        // An IP literal needs no name resolution, and plain http no handshake.
        Assert.Equal(0, metrics.Count("gleaner.fetch.duration", ("phase", "dns")));
        Assert.Equal(0, metrics.Count("gleaner.fetch.duration", ("phase", "tls")));
        Assert.All(metrics.Of("gleaner.fetch.duration"), m => Assert.True(m.Value > 0));
    }

    [Fact]
    public async Task FetchAsync_Ended_InFlightBackToZero()
    {
        await using var server = await ServerAsync();
        using var fetcher = new Fetcher();
        using var metrics = new MetricRecorder();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fetcher.FetchAsync(server.Url("/ok"), cancellationToken: Ct)));

        Assert.Equal(4, metrics.Of("gleaner.fetch.active").Count(m => m.Value == 1));
        Assert.Equal(0, metrics.Sum("gleaner.fetch.active"));
    }

    [Fact]
    public async Task FetchAsync_Listened_AnActivityPerFetchWithUrlAndOutcome()
    {
        await using var server = await ServerAsync();
        using var fetcher = new Fetcher();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GleanerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await fetcher.FetchAsync(server.Url("/missing"), cancellationToken: Ct);

        var activity = Assert.Single(stopped, a => a.OperationName == "gleaner.fetch");
        Assert.Equal(server.Url("/missing").AbsoluteUri, activity.GetTagItem("url.full"));
        Assert.Equal("http_status", activity.GetTagItem("gleaner.outcome"));
        Assert.Equal(404, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public async Task FetchAsync_ListenerWantsNoData_NoUrlRecorded()
    {
        await using var server = await ServerAsync();
        using var fetcher = new Fetcher();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GleanerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await fetcher.FetchAsync(server.Url("/ok"), cancellationToken: Ct);

        var activity = Assert.Single(stopped, a => a.OperationName == "gleaner.fetch");
        Assert.Null(activity.GetTagItem("url.full"));
    }
}
