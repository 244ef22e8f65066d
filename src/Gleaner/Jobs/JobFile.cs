using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;

namespace Gleaner.Jobs;

/// <summary>A loaded, fully checked job file.</summary>
/// <param name="Settings">The run-level settings from <c>defaults</c> (concurrency, per_host, robots, key_by, max_retry_after, retries).</param>
/// <param name="Defaults">The fetch limits from <c>defaults</c>; each target's limits start from these.</param>
/// <param name="Targets">The targets, in file order, each with its limits already merged.</param>
/// <param name="DefaultRetries">The <c>retries</c> written under <c>defaults</c>, or null when the file leaves it out (so a command-line flag can tell).</param>
public sealed record JobFile(RunSettings Settings, FetchLimits Defaults, IReadOnlyList<Target> Targets, int? DefaultRetries)
{
    /// <summary>
    /// The <c>keep</c> written under <c>defaults</c>, or null to keep for good: how long a store keeps the history of
    /// targets no longer in the file.
    /// </summary>
    public TimeSpan? DefaultKeep { get; init; }
}
