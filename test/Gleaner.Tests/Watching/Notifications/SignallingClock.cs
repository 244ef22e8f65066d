using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>
/// A fake clock that tells when a timer is made and for how long (a back-off or a grace has begun), so a test moves
/// time only once something waits on it.
/// </summary>
internal sealed class SignallingClock : TimeProvider
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero));
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer made; one that is never made fails the test rather than hang it.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

    public void Advance(TimeSpan by) => _fake.Advance(by);
}
