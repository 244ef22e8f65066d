using Gleaner.Cluster.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// The host grain's robots.txt, Crawl-delay, jitter and keep-alive rules, on a fake clock: one fetch of robots.txt per
/// origin for the cluster, answers kept as long as on one node, and the delay they ask for.
/// </summary>
public sealed class HostLeasesRobotsTests
{
    private const string Origin = "http://shop.test";
    private static readonly Uri Page = new($"{Origin}/item/7");
    private static readonly Uri Secret = new($"{Origin}/private/1");
    private static readonly LeaseRequest Ask = new(Concurrency: 2, Delay: TimeSpan.Zero, Hold: TimeSpan.FromSeconds(15), MaxRetryAfter: TimeSpan.FromSeconds(30))
    {
        RobotsUrl = Page,
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Request_FirstAskerForAnOrigin_FetchesRobotsTxtWhileOthersWait()
    {
        var leases = new HostLeases(_time);
        var duty = leases.Request(Ask);
        Assert.True(duty is { IsLease: true, FetchRobots: true });

        var other = leases.Request(Ask with { RobotsUrl = Secret });
        Assert.Equal(HostWait.RobotsPending, other.Wait);
        Assert.Equal(_time.GetUtcNow() + HostLeases.FullRetry, other.Until);

        leases.Release(duty.LeaseId!.Value, Said("User-agent: *\nDisallow: /private/\n"));
        Assert.True(leases.Request(Ask) is { IsLease: true, FetchRobots: false });
        Assert.True(leases.Request(Ask with { RobotsUrl = new Uri("https://shop.test/item/7") }) is { IsLease: true, FetchRobots: true });
    }

    [Fact]
    public void Request_DisallowedUrl_DeniedWithOneNodesMessageAndNoLease()
    {
        var leases = new HostLeases(_time);
        leases.Release(leases.Request(Ask).LeaseId!.Value, Said("User-agent: *\nDisallow: /private/\n"));

        var denied = leases.Request(Ask with { RobotsUrl = Secret });
        Assert.Equal(HostWait.RobotsDenied, denied.Wait);
        Assert.Equal("robots.txt of http://shop.test disallows /private/1 for Gleaner", denied.Denial);
        Assert.Equal(0, leases.Live);
    }

    [Fact]
    public void Request_RobotsTxtUnreachable_DisallowsForAnHourThenAsksAgain()
    {
        var leases = new HostLeases(_time);
        var duty = leases.Request(Ask);
        leases.Release(duty.LeaseId!.Value, new FetchReport("connect_refused", null, null, HostDown: false)
        {
            Robots = new RobotsReport(Origin, "Gleaner", null, "connect_refused", null, "Connection refused (shop.test:80)"),
        });

        var denied = leases.Request(Ask);
        Assert.Equal(
            "robots.txt of http://shop.test is unreachable (connect_refused: Connection refused (shop.test:80)), so /item/7 is treated as disallowed (RFC 9309)",
            denied.Denial);

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        Assert.Equal(HostWait.RobotsDenied, leases.Request(Ask).Wait);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(leases.Request(Ask).FetchRobots);
    }

    [Fact]
    public void Request_AnswerADayOld_IsAskedAgain()
    {
        var leases = new HostLeases(_time);
        leases.Release(leases.Request(Ask).LeaseId!.Value, Said(string.Empty));

        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromTicks(1));
        Assert.False(leases.Request(Ask).FetchRobots);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(leases.Request(Ask).FetchRobots);
    }

    [Fact]
    public void Release_SiloCouldNotAsk_KeepsNothingAndTheNextAskerFetches()
    {
        var leases = new HostLeases(_time);
        leases.Release(leases.Request(Ask).LeaseId!.Value, new FetchReport("local_limit", null, null, HostDown: false)
        {
            Robots = new RobotsReport(Origin, "Gleaner", null, null, "local_limit", "out of file descriptors"),
        });

        Assert.True(leases.Request(Ask).FetchRobots);
    }

    [Fact]
    public void Request_RobotsDutyNeverReported_TheNextAskerTakesItOverAtTheLeaseDeadline()
    {
        var leases = new HostLeases(_time);
        Assert.True(leases.Request(Ask).FetchRobots);

        _time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Equal(HostWait.RobotsPending, leases.Request(Ask).Wait);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(leases.Request(Ask).FetchRobots);
    }

    [Fact]
    public void Release_RobotsTxtReport_LeavesTheBreakerCountAlone()
    {
        var leases = new HostLeases(_time);
        var refused = new FetchReport("connect_refused", null, null, HostDown: true);
        var plain = Ask with { RobotsUrl = null };
        for (var i = 0; i < HostLeases.BreakAfter - 1; i++)
        {
            leases.Release(leases.Request(plain).LeaseId!.Value, refused);
        }

        leases.Release(leases.Request(Ask).LeaseId!.Value, Said(string.Empty));
        leases.Release(leases.Request(plain).LeaseId!.Value, refused);

        Assert.Equal(HostWait.CircuitOpen, leases.Request(plain).Wait);
    }

    [Fact]
    public void Request_CrawlDelay_SpacesStartsOverTheJobsDelay()
    {
        var leases = new HostLeases(_time);
        var spaced = Ask with { Delay = TimeSpan.FromSeconds(1) };
        leases.Release(leases.Request(spaced).LeaseId!.Value, Said("User-agent: *\nCrawl-delay: 5\n"));
        Assert.Equal(TimeSpan.FromSeconds(5), leases.CrawlDelay);

        // The robots.txt fetch was a start too: the next waits Crawl-delay after it, and each after the one before.
        for (var i = 0; i < 3; i++)
        {
            var early = leases.Request(spaced);
            Assert.Equal(HostWait.Delay, early.Wait);
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), early.Until);
            _time.Advance(TimeSpan.FromSeconds(5));
            var lease = leases.Request(spaced);
            Assert.True(lease.IsLease);
            leases.Release(lease.LeaseId!.Value, new FetchReport("ok", 200, null, HostDown: false));
        }
    }

    [Fact]
    public void Request_CrawlDelayOverAMinute_IsCappedAtOneNodesMax()
    {
        var leases = new HostLeases(_time);
        leases.Release(leases.Request(Ask).LeaseId!.Value, Said("User-agent: *\nCrawl-delay: 3600\n"));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), leases.Request(Ask).Until);
    }

    [Fact]
    public void Request_Jitter_AddsItsDrawnFractionAfterTheDelay()
    {
        var leases = new HostLeases(_time, random: () => 0.25);
        var jittered = new LeaseRequest(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)) { Jitter = TimeSpan.FromSeconds(4) };
        Assert.True(leases.Request(jittered).IsLease);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), leases.Request(jittered).Until);
    }

    [Fact]
    public void KeepUntil_LeasesAndPushBacks_KeepTheGrainThenNothingDoes()
    {
        var leases = new HostLeases(_time);
        var plain = Ask with { RobotsUrl = null };
        var start = _time.GetUtcNow();
        var lease = leases.Request(plain);
        Assert.Equal(start + TimeSpan.FromSeconds(15), leases.KeepUntil);

        _time.Advance(TimeSpan.FromSeconds(1));
        leases.Release(lease.LeaseId!.Value, new FetchReport("http_status", 429, TimeSpan.FromSeconds(20), HostDown: false));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(20), leases.KeepUntil);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(leases.KeepUntil <= _time.GetUtcNow());
    }

    private static FetchReport Said(string text) =>
        new("ok", 200, null, HostDown: false) { Robots = new RobotsReport(Origin, "Gleaner", text, null, null, null) };
}
