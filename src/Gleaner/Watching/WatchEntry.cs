using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Targets;

namespace Gleaner.Watching;

/// <summary>
/// One watched target inside the engine: its definition, its state, and where its schedule stands. Changed only under
/// the engine's lock.
/// </summary>
internal sealed class WatchEntry(Target target, TargetState state)
{
    public Target Target { get; set; } = target;

    public TargetState State { get; set; } = state;

    /// <summary>With a threshold: the number of the last change.</summary>
    public double? Baseline { get; set; } = state.Number;

    /// <summary>The due time of the sample queued or in flight.</summary>
    public DateTimeOffset Due { get; set; }

    /// <summary>Bumped when the entry is rescheduled or removed, so a queued due time that no longer holds is passed over.</summary>
    public int Generation { get; set; }

    /// <summary>A sample of it is being taken.</summary>
    public bool InFlight { get; set; }

    /// <summary>It was taken out of the watch list (a sample in flight still ends and is kept).</summary>
    public bool Removed { get; set; }

    /// <summary>The target's cookie jar, when it keeps cookies (from the state's saved cookies at first).</summary>
    public CookieJar? Cookies { get; set; }

    /// <summary>The <see cref="CookieJar.Version"/> last put into the state, so the jar is saved only when it changed.</summary>
    public long CookiesSaved { get; set; }

    /// <summary>The validators to send with the next request, from the state.</summary>
    public Validators? Conditional =>
        State.ETag is null && State.LastModified is null ? null : new Validators(State.ETag, State.LastModified);
}
