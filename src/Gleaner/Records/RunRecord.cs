using Gleaner.Targets;

namespace Gleaner.Records;

/// <summary>
/// One finished target of a run, as outputs and the state store keep it: the result plus where the target stands
/// in the job and how many attempts it took.
/// </summary>
/// <param name="Index">The target's zero-based position in the job (or URL list).</param>
/// <param name="Key">A stable identity of the target within its job, used to resume: index, name and URL.</param>
/// <param name="Result">How the target ended.</param>
/// <param name="Attempts">Fetch attempts made (1 when it did not need a retry; 0 when it was never fetched).</param>
public sealed record RunRecord(int Index, string Key, TargetResult Result, int Attempts)
{
    /// <summary>When the target's first fetch started (its slots taken); null when it was never fetched.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>The key for <paramref name="target"/> at <paramref name="index"/>.</summary>
    public static string KeyFor(int index, Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"{index}\t{target.Name}\t{target.Url.OriginalString}";
    }
}
