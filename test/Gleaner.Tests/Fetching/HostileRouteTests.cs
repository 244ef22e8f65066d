using Gleaner.Cli.Commands;
using Gleaner.Fetching;
using Gleaner.Simulator;
using Gleaner.Simulator.Hosting;
using Gleaner.Targets;

namespace Gleaner.Tests.Fetching;

/// <summary>
/// Every route of the hostile simulator, sampled through the whole pipeline: each ends with the failure name the
/// simulator documents for it (or a value), and within its deadline. Bombs are the real ~1 GiB ones.
/// </summary>
public sealed class HostileRouteTests(HostileRouteTests.SimulatorFixture sim) : IClassFixture<HostileRouteTests.SimulatorFixture>
{
    // Short limits so slow routes end quickly; the outcome each route gets is the same as under the defaults.
    private static readonly FetchLimits Limits = new()
    {
        TotalTimeout = TimeSpan.FromSeconds(1.5),
        Stall = new StallRule(1024, TimeSpan.FromMilliseconds(500)),
    };

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    // Timers may fire a few milliseconds before a stopwatch started a little earlier says they should.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(25);

    public static TheoryData<string> Routes() =>
        [.. RouteCatalog.Build().Entries.Where(e => e.Listed && e.Path != "/").Select(e => e.Path)];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Sample_HostileRoute_EndsWithItsNamedOutcomeWithinDeadline(string path)
    {
        var route = sim.Simulator.Routes.Single(r => r.Path == path);
        var demo = DemoTargets.For(sim.Simulator).Single(t => t.Target.Url == route.Url);
        var target = demo.Target with { Limits = Limits };

        var result = await new TargetRunner(sim.Fetcher).RunAsync(target, TestContext.Current.CancellationToken);

        Assert.True(route.ExpectedOutcome == result.Outcome.ToName(), $"{path}: expected {route.ExpectedOutcome}, got {result.Outcome.ToName()}: {result.Error}");
        Assert.InRange(result.Fetch.Timings.Total, TimeSpan.Zero, Limits.TotalTimeout + Margin);
        Assert.InRange(result.Fetch.DecodedBytes, 0, Limits.MaxBodyBytes);
        if (result.Outcome != Outcome.Ok)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
            Assert.Null(result.Value);
        }
    }

    [Theory]
    [InlineData("/compression/gzip-bomb")]
    [InlineData("/compression/brotli-bomb")]
    [InlineData("/compression/deflate-bomb")]
    public async Task Fetch_Bomb_StopsAtTheDecodedCapWithLittleOnTheWire(string path)
    {
        // The simulator compresses each bomb once, on its first request, which on a busy machine can take longer
        // than the class's short deadline; what is tested here is the cap, so time is not allowed to decide.
        var limits = Limits with { TotalTimeout = TimeSpan.FromSeconds(60), Stall = StallRule.Off };

        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url(path), limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.DecompressionLimit, result.Outcome);
        Assert.Equal(Limits.MaxBodyBytes, result.DecodedBytes);
        Assert.InRange(result.WireBytes, 1, Limits.MaxBodyBytes / 100);
    }

    [Fact]
    public async Task Fetch_ServerNeverAnswers_HeadersTimeoutFiresBeforeTheTotalDeadline()
    {
        var limits = Limits with { HeadersTimeout = TimeSpan.FromMilliseconds(400) };

        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url("/slow/never"), limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.HeadersTimeout, result.Outcome);
        Assert.Equal("no response headers within 400ms", result.Error);
        Assert.InRange(result.Timings.Total, limits.HeadersTimeout - TimerSlack, limits.HeadersTimeout + Margin);
    }

    [Fact]
    public async Task Fetch_CallerCancels_ThrowsOperationCanceledPromptly()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = TimeProvider.System.GetTimestamp();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Fetcher.FetchAsync(sim.Simulator.Url("/slow/never"), Limits, caller.Token));

        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.Zero, Margin);
    }

    [Fact]
    public async Task Fetch_HugeContentLength_FailsBeforeReadingTheBody()
    {
        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url("/size/huge-content-length"), Limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.TooLarge, result.Outcome);
        Assert.Equal(0, result.WireBytes);
        Assert.StartsWith("Content-Length 67108864 is over the cap of 2MiB", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectChain_RecordsEveryHopAndTheFinalUrl()
    {
        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url("/redirect/chain-3"), Limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(3, result.Redirects.Count);
        Assert.Equal("/weather/nyc.html", result.FinalUrl.AbsolutePath);
        Assert.Equal(result.FinalUrl, result.Redirects[^1]);
    }

    [Theory]
    [InlineData("/redirect/to-metadata", ": 169.254.169.254 is link-local (cloud metadata), which the address policy blocks")]
    [InlineData("/redirect/to-localhost", "localhost is 127.0.0.1 (loopback)")]
    [InlineData("/redirect/to-raw-port", ": 127.0.0.1 is loopback, which the address policy blocks")]
    [InlineData("/redirect/to-ipv6-loopback", ": ::1 is loopback")]
    [InlineData("/redirect/to-file", "redirect to a file: URL")]
    public async Task Fetch_RedirectToForbiddenPlace_IsBlockedAndSaysWhere(string path, string expected)
    {
        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url(path), Limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Blocked, result.Outcome);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("redirect", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_Status503_RecordsRetryAfter()
    {
        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url("/status/503"), Limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.HttpStatus, result.Outcome);
        Assert.Equal(503, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task Fetch_InvalidUtf8AroundValue_FlagsReplacedBytes()
    {
        var result = await sim.Fetcher.FetchAsync(sim.Simulator.Url("/content/invalid-utf8"), Limits, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.True(result.HadInvalidBytes);
        Assert.Equal("utf-8", result.Charset);
    }

    public sealed class SimulatorFixture : IAsyncLifetime
    {
        public HostileSimulator Simulator { get; private set; } = null!;

        public Fetcher Fetcher { get; } = new();

        public async ValueTask InitializeAsync()
        {
            Simulator = await HostileSimulator.StartAsync(new SimulatorOptions { TrickleInterval = TimeSpan.FromMilliseconds(200) });
            // The simulator compresses each bomb on its first request, which on a busy machine takes longer than the
            // tests' short deadline: done here, untimed, so the tests time the client's decoding only.
            var patient = new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(60), Stall = StallRule.Off };
            foreach (var bomb in Simulator.Routes.Where(r => r.Path.StartsWith("/compression/", StringComparison.Ordinal)))
            {
                await Fetcher.FetchAsync(bomb.Url, patient, TestContext.Current.CancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Fetcher.Dispose();
            await Simulator.DisposeAsync();
        }
    }
}
