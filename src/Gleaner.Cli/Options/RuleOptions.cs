using System.CommandLine;
using System.Globalization;
using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Cli.Options;

/// <summary>
/// The extraction and value flags shared by <c>get</c> and <c>run --urls</c>. A structural selector (css, xpath,
/// jsonpath or jsonpointer) applies first; a regex then applies to its result.
/// </summary>
internal sealed class RuleOptions
{
    public Option<string?> Regex { get; } = new("--regex") { Description = "Regular expression (linear time); the first capture group, else the match" };
    public Option<string?> Css { get; } = new("--css") { Description = "CSS selector; the text of the first match" };
    public Option<string?> XPath { get; } = new("--xpath") { Description = "XPath expression (HTML or XML)" };
    public Option<string?> JsonPath { get; } = new("--jsonpath") { Description = "RFC 9535 JSONPath; the first node" };
    public Option<string?> JsonPointer { get; } = new("--jsonpointer") { Description = "RFC 6901 JSON Pointer" };
    public Option<string> Type { get; } = new("--type") { Description = "Value type: number, integer, text, boolean, timestamp", DefaultValueFactory = _ => "text" };
    public Option<string?> Unit { get; } = new("--unit") { Description = "Unit reported with the value (e.g. F)" };
    public Option<double?> Min { get; } = new("--min") { Description = "Smallest valid number (inclusive)" };
    public Option<double?> Max { get; } = new("--max") { Description = "Largest valid number (inclusive)" };
    public Option<string?> Pattern { get; } = new("--pattern") { Description = "Regex the whole value must match" };
    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "Longest valid text value, in characters" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Regex, Css, XPath, JsonPath, JsonPointer, Type, Unit, Min, Max, Pattern, MaxLength })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when any rule or value flag was given.</summary>
    public bool AnyGiven(ParseResult parsed) =>
        new Option[] { Regex, Css, XPath, JsonPath, JsonPointer, Unit, Min, Max, Pattern, MaxLength }.Any(o => parsed.GetResult(o) is { Implicit: false })
        || parsed.GetResult(Type) is { Implicit: false };

    /// <summary>Builds the chain and value spec; throws <see cref="RuleException"/> or <see cref="ArgumentException"/> naming the problem.</summary>
    public (ExtractionChain? Chain, ValueSpec Spec) Build(ParseResult parsed)
    {
        var structural = new (string Kind, string? Expression)[]
        {
            ("css", parsed.GetValue(Css)), ("xpath", parsed.GetValue(XPath)),
            ("jsonpath", parsed.GetValue(JsonPath)), ("jsonpointer", parsed.GetValue(JsonPointer)),
        }.Where(r => r.Expression is not null).ToList();
        if (structural.Count > 1)
        {
            throw new ArgumentException($"give at most one of --css, --xpath, --jsonpath, --jsonpointer (got {string.Join(", ", structural.Select(s => "--" + s.Kind))}); --regex may follow any of them");
        }

        var steps = structural.Select(r => ExtractionRules.Compile(r.Kind, r.Expression!)).ToList();
        if (parsed.GetValue(Regex) is { } regex)
        {
            steps.Add(ExtractionRules.Compile("regex", regex));
        }

        var typeText = parsed.GetValue(Type)!;
        if (!Enum.TryParse<ValueKind>(typeText, ignoreCase: true, out var type) || int.TryParse(typeText, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"--type '{typeText}' is not one of number, integer, text, boolean, timestamp");
        }

        var spec = new ValueSpec(type, parsed.GetValue(Unit), parsed.GetValue(Min), parsed.GetValue(Max), parsed.GetValue(Pattern), parsed.GetValue(MaxLength));
        return (steps.Count == 0 ? null : ExtractionChain.Of([.. steps]), spec);
    }
}
