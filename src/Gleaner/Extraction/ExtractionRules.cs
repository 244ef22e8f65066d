using Gleaner.Extraction.Json;

namespace Gleaner.Extraction;

/// <summary>Compiles a rule by its kind name, as written in a job file or on the command line.</summary>
public static class ExtractionRules
{
    /// <summary>The rule kinds Gleaner knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["regex", "css", "xpath", "jsonpath", "jsonpointer"];

    /// <summary>Compiles <paramref name="expression"/> as a rule of <paramref name="kind"/>; throws <see cref="RuleException"/> when invalid.</summary>
    public static IExtractionStep Compile(string kind, string expression) => kind switch
    {
        "regex" => new RegexStep(expression),
        "css" => new CssStep(expression),
        "xpath" => new XPathStep(expression),
        "jsonpath" => new JsonPathStep(expression),
        "jsonpointer" => new JsonPointerStep(expression),
        _ => throw new RuleException(kind, expression, 0, $"unknown rule kind; use one of {string.Join(", ", Kinds)}"),
    };
}
