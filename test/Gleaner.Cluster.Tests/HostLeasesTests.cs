using Gleaner.Cluster.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Cluster.Tests;

/// <summary>The host grain's rules, on a fake clock: what it grants, when, and what it takes back.</summary>
public sealed class HostLeasesTests
{
    private static readonly LeaseRequest TwoAtOnce = new(Concurrency: 2, Delay: TimeSpan.Zero, Hold: TimeSpan.FromSeconds(15), MaxRetryAfter: TimeSpan.FromSeconds(30));
    private static readonly FetchReport Ok = new("ok", 200, null, HostDown: false);
    private static readonly FetchReport Refused = new("connect_refused", null, null, HostDown: true);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Request_ConcurrencyFull_WaitsUntilALeaseIsReleased()
    {
        var leases = new HostLeases(_time);
        var first = leases.Request(TwoAtOnce);
        Assert.True(leases.Request(TwoAtOnce).IsLease);

        var full = leases.Request(TwoAtOnce);
        Assert.Equal(HostWait.ConcurrencyFull, full.Wait);
        Assert.Equal(_time.GetUtcNow() + HostLeases.FullRetry, full.Until);

        leases.Release(first.LeaseId!.Value, Ok);
        Assert.True(leases.Request(TwoAtOnce).IsLease);
    }

    [Fact]
    public void Request_LeaseNeverReleased_IsTakenBackAtItsDeadline()
    {
        var leases = new HostLeases(_time);
        var held = leases.Request(TwoAtOnce with { Concurrency = 1 });
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(15), held.Until);

        _time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Equal(HostWait.ConcurrencyFull, leases.Request(TwoAtOnce with { Concurrency = 1 }).Wait);

        _time.Advance(TimeSpan.FromTicks(1));
        var next = leases.Request(TwoAtOnce with { Concurrency = 1 });
        Assert.True(next.IsLease);
        Assert.Equal(1, leases.Live);

        // The silo that held it comes back late: its release frees nothing of the new holder's.
        leases.Release(held.LeaseId!.Value, Ok);
        Assert.Equal(1, leases.Live);
    }

    [Fact]
    public void Request_DelayBetweenStarts_IsHonoured()
    {
        var leases = new HostLeases(_time);
        var spaced = TwoAtOnce with { Delay = TimeSpan.FromSeconds(2) };
        Assert.True(leases.Request(spaced).IsLease);

        var early = leases.Request(spaced);
        Assert.Equal(HostWait.Delay, early.Wait);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), early.Until);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(leases.Request(spaced).IsLease);
    }

    [Fact]
    public void Release_RetryAfter_PushesTheNextGrant()
    {
        var leases = new HostLeases(_time);
        var lease = leases.Request(TwoAtOnce);
        leases.Release(lease.LeaseId!.Value, new FetchReport("http_status", 429, TimeSpan.FromSeconds(7), HostDown: false));

        var pushed = leases.Request(TwoAtOnce);
        Assert.Equal(HostWait.PushedBack, pushed.Wait);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(7), pushed.Until);

        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(leases.Request(TwoAtOnce).IsLease);
    }

    [Fact]
    public void Release_RetryAfterOverTheJobsMax_PushesBackByTheMax()
    {
        var leases = new HostLeases(_time);
        var lease = leases.Request(TwoAtOnce);
        leases.Release(lease.LeaseId!.Value, new FetchReport("http_status", 503, TimeSpan.FromHours(5), HostDown: false));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), leases.Request(TwoAtOnce).Until);
    }

    [Fact]
    public void Request_TwoJobsWithDifferentPolicies_TheStrictestWins()
    {
        var leases = new HostLeases(_time);
        var strict = new LeaseRequest(Concurrency: 1, Delay: TimeSpan.FromSeconds(3), Hold: TimeSpan.FromSeconds(15), MaxRetryAfter: TimeSpan.FromSeconds(30));
        var loose = TwoAtOnce with { Concurrency = 4 };
        var held = leases.Request(strict);

        // The loose job would allow 4 in flight, but the strict job's live lease allows 1.
        Assert.Equal(HostWait.ConcurrencyFull, leases.Request(loose).Wait);
        leases.Release(held.LeaseId!.Value, Ok);

        // And the strict job's start still spaces the next one by its 3 s, whoever asks.
        var spaced = leases.Request(loose);
        Assert.Equal(HostWait.Delay, spaced.Wait);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(3), spaced.Until);
    }

    [Fact]
    public void Release_FiveHostDownInARow_OpensTheBreakerThenOneProbeMayTry()
    {
        var leases = new HostLeases(_time);
        for (var i = 0; i < HostLeases.BreakAfter; i++)
        {
            leases.Release(leases.Request(TwoAtOnce).LeaseId!.Value, Refused);
        }

        var open = leases.Request(TwoAtOnce);
        Assert.Equal(HostWait.CircuitOpen, open.Wait);
        Assert.Equal("connect_refused", open.DownOutcome);
        Assert.Equal(_time.GetUtcNow() + HostLeases.BreakFor, open.Until);

        _time.Advance(HostLeases.BreakFor);
        var probe = leases.Request(TwoAtOnce);
        Assert.True(probe.IsLease);
        Assert.Equal(HostWait.CircuitOpen, leases.Request(TwoAtOnce).Wait);

        leases.Release(probe.LeaseId!.Value, Ok);
        Assert.True(leases.Request(TwoAtOnce).IsLease);
        Assert.True(leases.Request(TwoAtOnce).IsLease);
    }

    [Fact]
    public void Release_HostDownBetweenSuccesses_DoesNotOpenTheBreaker()
    {
        var leases = new HostLeases(_time);
        for (var i = 0; i < 2 * HostLeases.BreakAfter; i++)
        {
            leases.Release(leases.Request(TwoAtOnce).LeaseId!.Value, i % 2 == 0 ? Refused : Ok);
        }

        Assert.True(leases.Request(TwoAtOnce).IsLease);
    }
}
