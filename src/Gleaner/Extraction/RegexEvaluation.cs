namespace Gleaner.Extraction;

/// <summary>
/// What a <see cref="RegexStep"/> found: a value, no match, or a match that ran out of time. The timeout is kept
/// apart from "no match" so a caller can tell a page that changed from a pattern that is too costly.
/// </summary>
/// <param name="Value">The extracted text, or null when there was no match or the match timed out.</param>
/// <param name="TimedOut">True when the match timeout fired before the regex finished.</param>
internal readonly record struct RegexEvaluation(string? Value, bool TimedOut)
{
    /// <summary>True when a value was extracted.</summary>
    public bool IsMatch => Value is not null;
}
