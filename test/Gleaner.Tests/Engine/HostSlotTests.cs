using Gleaner.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Engine;

public class HostSlotTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task EnterAsync_Delay_SpacesStartsOnTheClock()
    {
        using var slot = new HostSlot("example.com", concurrency: 4, delay: TimeSpan.FromSeconds(1), jitter: TimeSpan.Zero, _time);
        var ct = TestContext.Current.CancellationToken;

        await slot.EnterAsync(ct);
        var second = slot.EnterAsync(ct);
        var third = slot.EnterAsync(ct);
        Assert.False(second.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await third;
    }

    [Fact]
    public async Task EnterAsync_AllLanesBusy_WaitsForARelease()
    {
        using var slot = new HostSlot("example.com", concurrency: 2, delay: TimeSpan.Zero, jitter: TimeSpan.Zero, _time);
        var ct = TestContext.Current.CancellationToken;
        await slot.EnterAsync(ct);
        await slot.EnterAsync(ct);

        var third = slot.EnterAsync(ct);
        Assert.False(third.IsCompleted);
        slot.Release();

        await third;
    }

    [Fact]
    public void RaiseDelay_OnlyEverRaises()
    {
        using var slot = new HostSlot("example.com", 1, TimeSpan.FromSeconds(2), TimeSpan.Zero, _time);
        slot.RaiseDelay(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), slot.Delay);
        slot.RaiseDelay(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), slot.Delay);
    }

    [Theory]
    [InlineData(0.0, 1000)]
    [InlineData(0.5, 1500)]
    [InlineData(0.999, 1999)]
    public async Task EnterAsync_Jitter_AddsItsDrawnFractionOfTheJitter(double draw, int startsAfterMs)
    {
        using var slot = new HostSlot("example.com", 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), _time, () => draw);
        var ct = TestContext.Current.CancellationToken;
        await slot.EnterAsync(ct);
        slot.Release();
        var next = slot.EnterAsync(ct);

        _time.Advance(TimeSpan.FromMilliseconds(startsAfterMs - 1));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await next;
    }
}
