namespace Gleaner.Extraction.Json;

/// <summary>
/// Extraction step <c>jsonpointer</c>: reads the input as JSON and returns the value an RFC 6901 pointer refers
/// to, as text. Input that is not JSON, a pointer that does not resolve, or a JSON null is no match.
/// </summary>
internal sealed class JsonPointerStep : IExtractionStep
{
    private readonly JsonPointer _pointer;

    /// <summary>Compiles <paramref name="pointer"/>; throws <see cref="RuleException"/> when it is invalid.</summary>
    public JsonPointerStep(string pointer)
    {
        _pointer = JsonPointer.Parse(pointer);
        Expression = pointer;
    }

    /// <inheritdoc />
    public string Kind => "jsonpointer";

    /// <inheritdoc />
    public string Expression { get; }

    /// <inheritdoc />
    public string? Apply(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!JsonStepText.TryParse(input, out var root))
            return null;
        return _pointer.TryResolve(root, out var value) ? JsonStepText.Render(value) : null;
    }
}
