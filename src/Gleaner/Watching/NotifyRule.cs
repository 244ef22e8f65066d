namespace Gleaner.Watching;

/// <summary>
/// An HTTP POST of a JSON <see cref="WatchEvent"/> to <see cref="Url"/>, for the kinds in <see cref="On"/>. Sent under
/// the same limits and address policy as any fetch; never a command.
/// </summary>
public sealed record NotifyRule
{
    /// <summary>Where events are posted (http or https).</summary>
    public required Uri Url { get; init; }

    /// <summary>Which events are sent.</summary>
    public NotifyOn On { get; init; } = NotifyOn.Change | NotifyOn.Failure | NotifyOn.Recovery;

    /// <summary>A failure is sent once this many samples in a row have failed (at least 1).</summary>
    public int FailuresInARow { get; init; } = 1;

    /// <summary>
    /// The name of an environment variable whose value is sent as a bearer token, read when the watch starts; secrets
    /// never live in the job file.
    /// </summary>
    public string? BearerEnv { get; init; }
}
