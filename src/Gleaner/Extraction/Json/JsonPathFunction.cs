namespace Gleaner.Extraction.Json;

/// <summary>A function extension (RFC 9535 section 2.4): its declared parameter and result types and its body.</summary>
internal sealed class JsonPathFunction(
    string name, JsonPathType[] parameters, JsonPathType result, Func<FilterValue[], FilterValue> body)
{
    public string Name => name;

    public IReadOnlyList<JsonPathType> Parameters => parameters;

    public JsonPathType Result => result;

    public FilterValue Invoke(FilterValue[] arguments) => body(arguments);
}
