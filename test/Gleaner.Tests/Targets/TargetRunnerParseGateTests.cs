using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

using Gleaner.Tests.Extraction;

namespace Gleaner.Tests.Targets;

/// <summary>
/// A runner parses through its gate: no more chains run at once than the gate has slots, and a target that waits for
/// one waits within its total deadline. Steps hold their slot on a signal the test gives; the runner's clock is fake,
/// so a deadline passes only when the test moves it.
/// </summary>
public sealed class TargetRunnerParseGateTests : IAsyncLifetime
{
    private static readonly FetchLimits Limits = new() { TotalTimeout = TimeSpan.FromSeconds(10) };

    private readonly FakeTimeProvider _clock = new();
    private readonly Fetcher _fetcher = new();
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HoldingStep _holding = new();
    private LoopbackServer _server = null!;
    private ParseGate _gate = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(routes => routes.MapGet("/page", () => Results.Content("<p>42</p>", "text/html")));
        _gate = new ParseGate(2, () => _waiting.TrySetResult());
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        _holding.Dispose();
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_MoreChainsThanSlots_AtMostTwoRunAtOnce()
    {
        var runs = Enumerable.Range(0, 3).Select(_ => RunAsync(_holding)).ToArray();
        await _holding.EnteredAsync(2);

        // The third reaches the gate and waits there, while the first two hold their slots.
        var first = await Task.WhenAny(_waiting.Task, _holding.EnteredAsync(1));
        Assert.Same(_waiting.Task, first);
        Assert.Equal(2, _holding.Inside);

        _holding.Release(3);
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(Outcome.Ok, r.Outcome));
        Assert.Equal(3, _holding.Calls);
        Assert.Equal(2, _holding.MostInside);
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhileWaitingForASlot_EndsAsDeadlineWithoutParsing()
    {
        var held = new[] { RunAsync(_holding), RunAsync(_holding) };
        await _holding.EnteredAsync(2);
        var counting = new CountingStep();
        var late = RunAsync(counting);

        var first = await Task.WhenAny(_waiting.Task, late);
        Assert.Same(_waiting.Task, first);
        _clock.Advance(TimeSpan.FromSeconds(11));
        var result = await late;

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.Equal("no result within the total deadline of 10s (extracting)", result.Error);
        Assert.Equal(0, counting.Calls);
        _holding.Release(2);
        await Task.WhenAll(held);
    }

    private Task<TargetResult> RunAsync(IExtractionStep step) =>
        new TargetRunner(_fetcher, _clock, _gate).RunAsync(
            new Target { Name = "page", Url = _server.Url("/page"), Extract = ExtractionChain.Of(step), Limits = Limits },
            TestContext.Current.CancellationToken);

    // Signals each entry and stays inside until the test releases it, counting how many are inside at once.
    private sealed class HoldingStep : IExtractionStep, IDisposable
    {
        private readonly SemaphoreSlim _entered = new(0);
        private readonly SemaphoreSlim _release = new(0);
        private int _inside;
        private int _mostInside;
        private int _calls;

        public string Kind => "test";

        public string Expression => "holds its slot";

        public int Inside => Volatile.Read(ref _inside);

        public int MostInside => Volatile.Read(ref _mostInside);

        public int Calls => Volatile.Read(ref _calls);

        public string? Apply(string input)
        {
            Interlocked.Increment(ref _calls);
            var inside = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _mostInside, inside);
            _entered.Release();
            _release.Wait(TestContext.Current.CancellationToken);
            Interlocked.Decrement(ref _inside);
            return "42";
        }

        public async Task EnteredAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await _entered.WaitAsync(TestContext.Current.CancellationToken);
            }
        }

        public void Release(int count) => _release.Release(count);

        public void Dispose()
        {
            _entered.Dispose();
            _release.Dispose();
        }

        private static void InterlockedMax(ref int location, int value)
        {
            for (var seen = Volatile.Read(ref location); value > seen; seen = Volatile.Read(ref location))
            {
                if (Interlocked.CompareExchange(ref location, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
