using System.Text.RegularExpressions;

namespace Gleaner.Extraction;

/// <summary>
/// Extracts with a regular expression. The pattern is compiled once, in linear-time mode
/// (<see cref="RegexOptions.NonBacktracking"/>, culture-invariant, multi-line so <c>^</c> and <c>$</c> match at
/// line breaks), with a match timeout as a backstop.
/// </summary>
/// <remarks>
/// The value is the first capture group that took part in the match, so <c>(\d+)°F|(\d+) F</c> works either
/// way; a pattern without groups yields the whole match.
/// </remarks>
internal sealed class RegexStep : IExtractionStep
{
    /// <summary>The rule kind as written in jobs: <c>regex</c>.</summary>
    public const string KindName = "regex";

    private readonly Regex _regex;
    private readonly int[] _groupNumbers;

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="RuleException"/> if it is invalid or unsupported.</summary>
    /// <param name="pattern">The pattern as the user wrote it.</param>
    /// <param name="matchTimeout">Backstop per match; one second when null. Must be above zero and at most a minute.</param>
    public RegexStep(string pattern, TimeSpan? matchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Expression = pattern;
        MatchTimeout = matchTimeout ?? RegexCompiler.DefaultTimeout;
        _regex = RegexCompiler.Compile(KindName, pattern, RegexOptions.Multiline, MatchTimeout);

        // Group 0 is the whole match; user groups (numbered, then named) follow in that order.
        _groupNumbers = [.. _regex.GetGroupNumbers().Where(n => n != 0)];
        ReadsOnlyItsMatch = !PatternScanner.DependsOnContext(pattern);
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public string Expression { get; }

    /// <summary>The match timeout this step runs with.</summary>
    public TimeSpan MatchTimeout { get; }

    /// <summary>
    /// Returns the extracted text, or null for no match. A match timeout also returns null here, because the
    /// step contract has only "value" and "no match"; call <see cref="Evaluate(string)"/> to tell the two apart.
    /// In linear-time mode a timeout needs an input far beyond Gleaner's page-size caps, so it is a backstop only.
    /// </summary>
    public string? Apply(string input) => ValueOf(Evaluate(input));

    /// <summary>The value of <paramref name="evaluation"/>; a timeout is not "no match" but a limit met.</summary>
    /// <exception cref="DocumentLimitException">The match ran past <see cref="MatchTimeout"/>.</exception>
    internal string? ValueOf(RegexEvaluation evaluation) =>
        evaluation.TimedOut ? throw DocumentLimitException.RegexTimedOut(Expression, MatchTimeout) : evaluation.Value;

    /// <summary>True when a match is decided by the characters it spans alone (no anchors or word boundaries).</summary>
    internal bool ReadsOnlyItsMatch { get; }

    /// <summary>
    /// As <see cref="Evaluate(string)"/>, over characters that need not be a string. A pattern that
    /// <see cref="ReadsOnlyItsMatch"/> is sought for its bounds alone, which spares the linear-time engine its
    /// capture pass over the whole text, and its groups are then read from the match with a character of context
    /// each side, where the match is still the leftmost and the same. Other patterns run on the text as a string.
    /// </summary>
    internal RegexEvaluation Evaluate(ReadOnlySpan<char> input)
    {
        if (!ReadsOnlyItsMatch)
        {
            return Evaluate(new string(input));
        }

        try
        {
            foreach (var bounds in _regex.EnumerateMatches(input))
            {
                // The context character each side is for the engine, not the pattern: on a window that is exactly
                // the match, .NET 10's linear-time engine with the leftmost guard can report an empty group as not
                // taking part ((a|)[^a] on "\n"), which the same match inside the page does not.
                var start = Math.Max(bounds.Index - 1, 0);
                var end = Math.Min(bounds.Index + bounds.Length + 1, input.Length);
                return Read(_regex.Match(new string(input[start..end]), bounds.Index - start));
            }

            return default;
        }
        catch (RegexMatchTimeoutException)
        {
            return new RegexEvaluation(null, TimedOut: true);
        }
    }

    /// <summary>Runs the regex and reports a value, no match, or a timeout.</summary>
    public RegexEvaluation Evaluate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return Read(_regex.Match(input));
        }
        catch (RegexMatchTimeoutException)
        {
            return new RegexEvaluation(null, TimedOut: true);
        }
    }

    private RegexEvaluation Read(Match match)
    {
        if (!match.Success)
        {
            return default;
        }

        if (_groupNumbers.Length == 0)
        {
            return new RegexEvaluation(match.Value, TimedOut: false);
        }

        foreach (var number in _groupNumbers)
        {
            var group = match.Groups[number];
            if (group.Success)
            {
                return new RegexEvaluation(group.Value, TimedOut: false);
            }
        }

        // Every group sat in an alternative that did not take part, e.g. "(a)|b" matching "b".
        return new RegexEvaluation(match.Value, TimedOut: false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Expression}";
}
