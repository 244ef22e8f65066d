namespace Gleaner.Fetching;

/// <summary>
/// What a run's fetch hands to extraction: the fetch's <paramref name="Result"/> (its Body null: the page was never
/// made a string) and <paramref name="Prepared"/>, what the extraction chain's first step took from the page's
/// characters while they lay where they were decoded (<see cref="Text.TextOf"/>); null when the fetch failed or
/// the step found nothing. A shortcut across two stages, kept apart from the body so neither is mistaken for the other.
/// </summary>
internal readonly record struct PreparedFetch(FetchResult Result, string? Prepared);
