using System.Collections.Concurrent;
using System.Net;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>What a notification says, with which credentials, and where it may go.</summary>
public sealed class NotifierTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly ConcurrentQueue<NotifyFailure> _failures = new();
    private NotifyEndpoint _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _endpoint = await NotifyEndpoint.StartAsync();

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    [Fact]
    public async Task Observe_ChangeFailureRecovery_PostsEachAsItsExactJson()
    {
        using var fetcher = new Fetcher();
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url });
        await using var notifier = Start(fetcher, new NotifierOptions { Concurrency = 1 });

        notifier.Observe(target, Watched.Ok("67.1", changed: true), Watched.State("66.9", 0), Watched.State("67.1", 0));
        notifier.Observe(target, Watched.Failed("HTTP 503 Service Unavailable \"busy\""), Watched.State("67.1", 0), Watched.State("67.1", 1));
        notifier.Observe(target, Watched.Ok("67.1", changed: false), Watched.State("67.1", 1), Watched.State("67.1", 0));
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(3, 0, 0, 0), counts);
        Assert.Equal(
            [
                """{"target":"nyc","url":"https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059","kind":"change","at":"2026-01-02T03:04:05Z","from":"66.9","to":"67.1","unit":"F","outcome":"ok","message":null,"failures_in_a_row":0}""",
                """{"target":"nyc","url":"https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059","kind":"failure","at":"2026-01-02T03:04:05Z","from":"67.1","to":null,"unit":"F","outcome":"http_status","message":"HTTP 503 Service Unavailable \"busy\"","failures_in_a_row":1}""",
                """{"target":"nyc","url":"https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059","kind":"recovery","at":"2026-01-02T03:04:05Z","from":"67.1","to":"67.1","unit":"F","outcome":"ok","message":null,"failures_in_a_row":0}""",
            ],
            _endpoint.All.Select(r => r.Body));
        Assert.All(_endpoint.All, r => Assert.Equal(("application/json", "Gleaner/0.1.0 (+https://github.com/gleaner/gleaner)", (string?)null), (r.ContentType, r.UserAgent, r.Authorization)));
    }

    [Fact]
    public async Task Observe_RuleWithBearerEnv_SendsTheTokenAndNoFailureEverShowsIt()
    {
        // The endpoint refuses and echoes what it was sent, as some APIs do.
        _endpoint.Then(c => Task.FromResult(Results.Text($"refused {c.Request.Headers.Authorization}", statusCode: 401)));
        using var fetcher = new Fetcher();
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url, BearerEnv = "HOOK_TOKEN" });
        await using var notifier = Start(fetcher, environment: new() { ["HOOK_TOKEN"] = "s3cr3t-t0ken" });

        notifier.Change(target, "67.1");
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Equal("Bearer s3cr3t-t0ken", Assert.Single(_endpoint.All).Authorization);
        var failure = Assert.Single(_failures);
        Assert.Equal(
            $"notify change of nyc to http://127.0.0.1:{_endpoint.Url.Port}: http_status: HTTP 401 Unauthorized: refused [redacted] (gave up after 1 attempt)",
            failure.Message);
        foreach (var text in new[] { failure.Message, failure.Error, failure.ToString(), failure.Result!.Error!, failure.Result.Exception?.ToString() ?? "" })
        {
            Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Observe_BearerEnvUnsetWhenSending_GivesUpWithoutSending()
    {
        using var fetcher = new Fetcher();
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url, BearerEnv = "HOOK_TOKEN" });
        await using var notifier = Start(fetcher);

        notifier.Change(target, "67.1");
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Empty(_endpoint.All);
        Assert.Equal(
            $"notify change of nyc to http://127.0.0.1:{_endpoint.Url.Port}: the environment variable HOOK_TOKEN that holds its bearer token is not set",
            Assert.Single(_failures).Message);
    }

    [Fact]
    public async Task Settled_DeliveredAndGivenUp_AreEventsNamingTheKindTheOriginAndWhy()
    {
        _endpoint.Then(_ => Task.FromResult(Results.StatusCode(204)));
        _endpoint.Then(_ => Task.FromResult(Results.Text("gone", statusCode: 410)));
        using var fetcher = new Fetcher();
        var settled = new ConcurrentQueue<WatchEvent>();
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url });
        await using (var notifier = new Notifier(fetcher, new SignallingClock(), FetchLimits.Default, _ => null, _failures.Enqueue,
            new NotifierOptions { Concurrency = 1 }) { Settled = settled.Enqueue })
        {
            notifier.Change(target, "67.1");
            notifier.Change(target, "67.4");
            await notifier.DrainAsync();
        }

        var origin = $"http://127.0.0.1:{_endpoint.Url.Port}";
        var at = new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new WatchEvent { Target = "nyc", At = at, Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = $"change sent to {origin} (HTTP 204)" },
                new WatchEvent
                {
                    Target = "nyc", At = at, Kind = WatchEventKind.NotifyFailed, Outcome = Outcome.HttpStatus,
                    Message = $"notify change of nyc to {origin}: http_status: HTTP 410 Gone: gone (gave up after 1 attempt)",
                },
            ],
            settled);
    }

    [Fact]
    public void Check_RulesWhoseBearerEnvIsUnsetOrEmpty_AreEachListedWithTheirTarget()
    {
        var hook = new Uri("https://hooks.example/");
        Target[] targets =
        [
            Watched.Target(new NotifyRule { Url = hook, BearerEnv = "SET" }, new NotifyRule { Url = hook, BearerEnv = "UNSET" }) with { Name = "a" },
            Watched.Target(new NotifyRule { Url = hook }, new NotifyRule { Url = hook, BearerEnv = "EMPTY" }) with { Name = "b" },
            Watched.Target() with { Name = "c", Watch = null },
        ];
        var environment = new Dictionary<string, string?> { ["SET"] = "t", ["EMPTY"] = "" };

        var missing = Notifier.Check(targets, v => environment.GetValueOrDefault(v));

        Assert.Equal([new MissingBearer("a", "UNSET"), new MissingBearer("b", "EMPTY")], missing);
    }

    [Fact]
    public async Task Observe_NotifyHostResolvesToAPrivateAddress_IsBlockedAndNeverSent()
    {
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
        var url = new Uri($"http://hooks.example:{_endpoint.Url.Port}/hook");
        await using var notifier = Start(fetcher);

        notifier.Change(Watched.Target(new NotifyRule { Url = url }), "67.1");
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Empty(_endpoint.All);
        Assert.Equal(
            $"notify change of nyc to http://hooks.example:{url.Port}: blocked: hooks.example is 127.0.0.1 (loopback), which the address policy blocks "
            + "(name it with allow_private to reach it) (gave up after 1 attempt)",
            Assert.Single(_failures).Message);
    }

    [Fact]
    public async Task Observe_EndpointRedirects_IsNotFollowedNorRetried()
    {
        _endpoint.Then(_ => Task.FromResult(Results.Redirect("/elsewhere")));
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Single(_endpoint.All);
        Assert.Equal((Outcome.HttpStatus, 302), (_failures.Single().Result!.Outcome, _failures.Single().Result!.Status));
    }

    private Notifier Start(Fetcher fetcher, NotifierOptions? options = null, Dictionary<string, string?>? environment = null)
    {
        environment ??= NoEnvironment;
        return new Notifier(fetcher, new SignallingClock(), FetchLimits.Default, v => environment.GetValueOrDefault(v), _failures.Enqueue, options);
    }
}
