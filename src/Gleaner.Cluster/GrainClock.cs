namespace Gleaner.Cluster;

/// <summary>
/// The clock Gleaner's grains keep politeness by. Its own type, not <see cref="TimeProvider"/> itself, because Orleans
/// takes that one from the container for its own timers: tests can give the grains a fake clock and leave Orleans'.
/// </summary>
/// <param name="Time">The clock.</param>
public sealed record GrainClock(TimeProvider Time);
