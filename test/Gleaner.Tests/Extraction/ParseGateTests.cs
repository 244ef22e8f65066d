using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

/// <summary>
/// The gate runs at most its number of parses at once; the next one waits, without its parse starting, until a slot
/// is free or its token fires. Parses hold their slot on a signal the test gives, never on time.
/// </summary>
public sealed class ParseGateTests : IDisposable
{
    private readonly SemaphoreSlim _release = new(0);
    private readonly SemaphoreSlim _entered = new(0);
    private int _waits;

    private readonly ParseGate _gate;

    public ParseGateTests() => _gate = new ParseGate(2, () => Interlocked.Increment(ref _waits));

    [Fact]
    public async Task RunAsync_AllSlotsTaken_NextWaitsUnparsedUntilOneIsFree()
    {
        var held = await HoldSlotsAsync(2);
        var parsed = false;

        var next = _gate.RunAsync(() => parsed = true, TestContext.Current.CancellationToken);

        Assert.False(next.IsCompleted);
        Assert.False(parsed);
        Assert.Equal(1, _waits);

        _release.Release();
        Assert.True(await next);
        _release.Release();
        Assert.Equal(["held", "held"], await Task.WhenAll(held));
    }

    [Fact]
    public async Task RunAsync_TokenFiresWhileWaiting_ThrowsWithoutParsingAndLeavesTheSlots()
    {
        var held = await HoldSlotsAsync(2);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var parsed = false;

        var next = _gate.RunAsync(() => parsed = true, deadline.Token);
        await deadline.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.False(parsed);
        _release.Release(2);
        await Task.WhenAll(held);
        Assert.True(_gate.RunAsync(() => true, TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_SlotFree_ParsesAtOnce()
    {
        var parse = _gate.RunAsync(() => 42, TestContext.Current.CancellationToken);

        Assert.True(parse.IsCompletedSuccessfully);
        Assert.Equal(42, await parse);
        Assert.Equal(0, _waits);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _release.Dispose();
        _entered.Dispose();
    }

    // Each parse takes a slot on a thread of its own and keeps it until the test releases it.
    private async Task<Task<string>[]> HoldSlotsAsync(int count)
    {
        var held = Enumerable.Range(0, count)
            .Select(_ => Task.Run(() => _gate.RunAsync(Hold, TestContext.Current.CancellationToken)))
            .ToArray();
        for (var i = 0; i < count; i++)
        {
            await _entered.WaitAsync(TestContext.Current.CancellationToken);
        }

        return held;
    }

    private string Hold()
    {
        _entered.Release();
        _release.Wait(TestContext.Current.CancellationToken);
        return "held";
    }
}
