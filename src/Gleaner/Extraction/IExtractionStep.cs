namespace Gleaner.Extraction;

/// <summary>
/// One compiled extraction rule (regex, css, xpath, jsonpath, jsonpointer). A step is compiled once when the
/// rule is loaded and is then immutable and safe to use from many threads.
/// </summary>
public interface IExtractionStep
{
    /// <summary>The rule kind as written in a job or on the command line: <c>regex</c>, <c>css</c>, …</summary>
    string Kind { get; }

    /// <summary>The rule's expression as the user wrote it.</summary>
    string Expression { get; }

    /// <summary>Applies the rule to <paramref name="input"/>; returns the extracted text or null for no match.</summary>
    string? Apply(string input);
}
