namespace Gleaner.Benchmarks.Dashboard;

/// <summary>What one made-up target watches and how it behaves over the day.</summary>
/// <param name="Name">e.g. <c>nws-00042</c>: the site's short name and the target's number, so a typed search narrows well.</param>
/// <param name="Url">On one of a handful of hosts (<see cref="Sites"/>).</param>
/// <param name="Unit">F, C, or null for a price or a count.</param>
/// <param name="Kind">What the value is, which decides how often it changes.</param>
/// <param name="Interval">5 min for all but one, which is sampled every 10 s.</param>
/// <param name="Offset">Where in its interval the target's samples fall, spread as a watch spreads them.</param>
/// <param name="FailureRate">The chance that a sample fails (0 for most).</param>
/// <param name="DownFor">How long before the end of the day it has been failing every sample (zero: not down).</param>
/// <param name="SendsValidators">True when its host sends an ETag, so an unchanged sample is a 304.</param>
internal sealed record TargetProfile(
    string Name,
    Uri Url,
    string? Unit,
    ValueKind Kind,
    TimeSpan Interval,
    TimeSpan Offset,
    double FailureRate,
    TimeSpan DownFor,
    bool SendsValidators);

/// <summary>What a value is, which decides how often it changes.</summary>
internal enum ValueKind
{
    /// <summary>A temperature from an observation that is updated about once an hour.</summary>
    Temperature,

    /// <summary>A price that changes about once a day.</summary>
    Price,

    /// <summary>A count (a queue, stock on hand) that changes every few samples.</summary>
    Count,

    /// <summary>A sensor read every 10 s, changing about once a minute.</summary>
    Sensor,
}
