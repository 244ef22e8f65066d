using Gleaner.Fetching;
using Gleaner.Tests.Watching.Notifications;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Telemetry;

[Collection(TelemetryRunsAlone.Name)]
public sealed class NotifyTelemetryTests
{
    [Fact]
    public async Task Observe_SentGivenUpAndDropped_EachCountedAndTheGivenUpOneLogged()
    {
        await using var endpoint = await NotifyEndpoint.StartAsync();
        using var fetcher = new Fetcher();
        var log = new RecordingLogger();
        using var metrics = new MetricRecorder();
        var notifier = new Notifier(fetcher, new SignallingClock(), FetchLimits.Default, _ => null, log: log.CreateLogger("Gleaner.Watching"));

        notifier.Change(Watched.Target(new NotifyRule { Url = endpoint.Url }), "67.1");
        notifier.Change(Watched.Target(new NotifyRule { Url = endpoint.Url, BearerEnv = "HOOK_TOKEN" }), "67.2");
        await notifier.DrainAsync();
        // Stopped: a later event has nowhere to go.
        notifier.Change(Watched.Target(new NotifyRule { Url = endpoint.Url }), "67.3");
        await notifier.DisposeAsync();

        Assert.Equal(1, metrics.Sum("gleaner.watch.notifications", ("result", "sent")));
        Assert.Equal(1, metrics.Sum("gleaner.watch.notifications", ("result", "failed")));
        Assert.Equal(1, metrics.Sum("gleaner.watch.notifications", ("result", "dropped")));
        var line = Assert.Single(log.Lines);
        Assert.Equal((LogLevel.Warning, 2003), (line.Level, line.Id.Id));
        Assert.Equal(
            $"Notification given up: notify change of nyc to http://127.0.0.1:{endpoint.Url.Port}: the environment variable HOOK_TOKEN that holds its bearer token is not set",
            line.Message);
    }
}
