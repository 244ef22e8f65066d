namespace Gleaner.Extraction;

/// <summary>
/// A fetched document that a parser will not follow: it nests deeper than an HTML, XML or JSON document may
/// (<see cref="Outcome.TooDeep"/>), or parsing it would build far more than its size
/// (<see cref="Outcome.TooLarge"/>). Thrown by the structural steps (<c>css</c>, <c>xpath</c>, <c>jsonpath</c>,
/// <c>jsonpointer</c>) and by <see cref="ExtractionChain.Apply(string)"/>; a run reports it as that outcome.
/// </summary>
public sealed class DocumentLimitException : Exception
{
    private DocumentLimitException(Outcome outcome, string message)
        : base(message) => Outcome = outcome;

    /// <summary><see cref="Outcome.TooDeep"/> or <see cref="Outcome.TooLarge"/>.</summary>
    public Outcome Outcome { get; }

    internal static DocumentLimitException TooDeep(string format, int limit, string levels) =>
        new(Outcome.TooDeep, $"the {format} nests deeper than {limit} {levels}");

    internal static DocumentLimitException TooLarge(long chars, long budget) =>
        new(Outcome.TooLarge, $"parsing the page ({chars} characters) as HTML takes more than {budget >> 20} MiB");
}
