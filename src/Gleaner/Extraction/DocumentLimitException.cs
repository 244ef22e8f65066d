namespace Gleaner.Extraction;

/// <summary>
/// A fetched document that a parser will not follow: it nests deeper than an HTML, XML or JSON document may
/// (<see cref="Outcome.TooDeep"/>), parsing it would build far more than its size (<see cref="Outcome.TooLarge"/>),
/// or a regex ran past its match timeout, the backstop behind its linear time (<see cref="Outcome.Deadline"/>: a
/// starved machine, not a pattern that matched nothing). Thrown by the steps and by
/// <see cref="ExtractionChain.Apply(string)"/>; a run reports it as that outcome.
/// </summary>
public sealed class DocumentLimitException : Exception
{
    private DocumentLimitException(Outcome outcome, string message)
        : base(message) => Outcome = outcome;

    /// <summary><see cref="Outcome.TooDeep"/>, <see cref="Outcome.TooLarge"/> or <see cref="Outcome.Deadline"/>.</summary>
    public Outcome Outcome { get; }

    internal static DocumentLimitException TooDeep(string format, int limit, string levels) =>
        new(Outcome.TooDeep, $"the {format} nests deeper than {limit} {levels}");

    internal static DocumentLimitException RegexTimedOut(string pattern, TimeSpan timeout) =>
        new(Outcome.Deadline, $"the regex '{pattern}' ran past its match timeout of {Units.Duration.Format(timeout)} (is the machine overloaded?)");

    internal static DocumentLimitException TooLarge(long chars, long budget) =>
        new(Outcome.TooLarge, $"parsing the page ({chars} characters) as HTML takes more than {budget >> 20} MiB");
}
