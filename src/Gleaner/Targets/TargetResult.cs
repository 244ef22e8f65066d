using Gleaner.Fetching;

namespace Gleaner.Targets;

/// <summary>
/// How a target ended: a validated value, or one named failure from fetching, extraction or validation, with
/// everything the fetch recorded.
/// </summary>
public sealed record TargetResult
{
    /// <summary>The target sampled.</summary>
    public required Target Target { get; init; }

    /// <summary>What the fetch produced (status, timings, bytes, redirects).</summary>
    public required FetchResult Fetch { get; init; }

    /// <summary>Ok, or the failure that ended the target.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>The validated value: a double, long, string, bool or DateTimeOffset by the value type.</summary>
    public object? Value { get; init; }

    /// <summary>The extracted text before validation, when extraction matched.</summary>
    public string? RawValue { get; init; }

    /// <summary>One line saying what went wrong, starting with nothing but the problem; null when ok.</summary>
    public string? Error { get; init; }

    /// <summary>True when the page had not changed since the validators sent (304): nothing was extracted, and the value is the caller's previous one.</summary>
    public bool NotModified => Fetch.NotModified;

    /// <summary>When the sample was finished.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>A target that ended without a fetch (robots.txt said no; its host's breaker is open).</summary>
    public static TargetResult NotFetched(Target target, Outcome outcome, string error, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new TargetResult
        {
            Target = target,
            Fetch = new FetchResult { Url = target.Url, FinalUrl = target.Url, Outcome = outcome, Error = error },
            Outcome = outcome,
            Error = error,
            At = at,
        };
    }
}
