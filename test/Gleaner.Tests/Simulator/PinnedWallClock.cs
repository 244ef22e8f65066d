namespace Gleaner.Tests.Simulator;

/// <summary>
/// A wall clock that stands still while timers and timestamps run in real time: the simulator's weather pages then
/// show the reading of one minute (known from WeatherModel), and its delays still pass.
/// </summary>
internal sealed class PinnedWallClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
