namespace Gleaner.Watching;

/// <summary>What a <see cref="WatchEvent"/> says happened.</summary>
public enum WatchEventKind
{
    /// <summary>The value changed (by more than the target's threshold, when it has one).</summary>
    Change,

    /// <summary>The outcome went from ok (or nothing yet) to a failure.</summary>
    Failure,

    /// <summary>The outcome went from a failure back to ok.</summary>
    Recovery,

    /// <summary>A notification of one of the kinds above was delivered; <see cref="WatchEvent.Message"/> says which and where.</summary>
    Notified,

    /// <summary>A notification was given up on; <see cref="WatchEvent.Message"/> says which, where and why.</summary>
    NotifyFailed,
}
