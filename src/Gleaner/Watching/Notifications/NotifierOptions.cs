namespace Gleaner.Watching.Notifications;

/// <summary>How a <see cref="Notifier"/> queues, sends and retries; the defaults suit a watch of ten thousand targets.</summary>
internal sealed record NotifierOptions
{
    /// <summary>Events waiting at most; past it the oldest is dropped (and counted). Default 10,000.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Notifications in flight at once. Default 4.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Attempts per notification, the first included (at least 2). Default 6.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The ceiling of the first back-off, doubled for each later one. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The highest back-off ceiling, and the longest Retry-After honoured (a longer one gives up). Default 5 min.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where each back-off falls between zero and its ceiling, from [0, 1). Tests pin it.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
