namespace Gleaner.Extraction;

/// <summary>
/// An extraction rule that cannot be compiled. Raised at load time, before any fetch, and names the rule and
/// the zero-based position in its expression where the problem was found.
/// </summary>
public sealed class RuleException : Exception
{
    /// <summary>Creates the error for rule <paramref name="kind"/> <paramref name="expression"/>.</summary>
    public RuleException(string kind, string expression, int position, string problem, Exception? inner = null)
        : base($"invalid {kind} rule '{expression}' at position {position}: {problem}", inner)
    {
        Kind = kind;
        Expression = expression;
        Position = position;
        Problem = problem;
    }

    /// <summary>The rule kind (<c>regex</c>, <c>css</c>, …).</summary>
    public string Kind { get; }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>Zero-based position of the problem within <see cref="Expression"/>.</summary>
    public int Position { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }
}
