namespace Gleaner.Watching;

/// <summary>The kinds of <see cref="WatchEvent"/> a <see cref="NotifyRule"/> sends.</summary>
[Flags]
public enum NotifyOn
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The value changed (by more than the threshold, when there is one).</summary>
    Change = 1,

    /// <summary>The target failed the rule's number of samples in a row.</summary>
    Failure = 2,

    /// <summary>The target is ok again after a failure.</summary>
    Recovery = 4,
}
