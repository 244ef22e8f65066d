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
    public Option<string?> Min { get; } = new("--min") { Description = "Smallest valid number (inclusive)" };
    public Option<string?> Max { get; } = new("--max") { Description = "Largest valid number (inclusive)" };
    public Option<string?> Pattern { get; } = new("--pattern") { Description = "Regex the whole value must match" };
    public Option<string?> MaxLength { get; } = new("--max-length") { Description = "Longest valid text value, in characters" };

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

    /// <summary>
    /// Builds the chain and value spec, checking every flag: each bad one goes to <paramref name="problems"/>, and
    /// the spec is null when any value flag is bad.
    /// </summary>
    public (ExtractionChain? Chain, ValueSpec? Spec) Read(ParseResult parsed, FlagProblems problems)
    {
        var structural = new (string Kind, string? Expression)[]
        {
            ("css", parsed.GetValue(Css)), ("xpath", parsed.GetValue(XPath)),
            ("jsonpath", parsed.GetValue(JsonPath)), ("jsonpointer", parsed.GetValue(JsonPointer)),
        }.Where(r => r.Expression is not null).ToList();
        if (structural.Count > 1)
        {
            problems.Add($"give at most one of --css, --xpath, --jsonpath, --jsonpointer (got {string.Join(", ", structural.Select(s => "--" + s.Kind))}); --regex may follow any of them");
        }

        if (parsed.GetValue(Regex) is { } regex)
        {
            structural.Add(("regex", regex));
        }

        var steps = structural.Select(r => problems.Check(() => ExtractionRules.Compile(r.Kind, r.Expression!))).ToList();
        var spec = ReadSpec(parsed, problems);
        return (steps.Count == 0 || steps.Contains(null) ? null : ExtractionChain.Of([.. steps.OfType<IExtractionStep>()]), spec);
    }

    /// <summary>Builds the chain and value spec; throws the first problem, a <see cref="RuleException"/> or an <see cref="ArgumentException"/>.</summary>
    public (ExtractionChain? Chain, ValueSpec Spec) Build(ParseResult parsed)
    {
        var problems = new FlagProblems();
        var (chain, spec) = Read(parsed, problems);
        return problems.First is { } first ? throw first : (chain, spec!);
    }

    private ValueSpec? ReadSpec(ParseResult parsed, FlagProblems problems)
    {
        var before = problems.Count;
        var typeText = parsed.GetValue(Type)!;
        ValueKind? type = Enum.TryParse<ValueKind>(typeText, ignoreCase: true, out var kind) && !int.TryParse(typeText, CultureInfo.InvariantCulture, out _)
            ? kind
            : null;
        if (type is null)
        {
            problems.Add($"--type '{typeText}' is not one of number, integer, text, boolean, timestamp");
        }

        var (unit, pattern) = (parsed.GetValue(Unit), parsed.GetValue(Pattern));
        var (min, max, maxLength) = (problems.Number(parsed, Min), problems.Number(parsed, Max), problems.Integer(parsed, MaxLength));
        if (type is { } t)
        {
            // Each flag is checked with the type on its own (min and max together), so every bad one is reported; the
            // pattern, whose compiling costs most, is checked when the whole spec is built.
            Check(problems, () => new ValueSpec(t, unit: unit));
            Check(problems, () => new ValueSpec(t, maxLength: maxLength));
            var bounds = problems.Count;
            Check(problems, () => new ValueSpec(t, min: min));
            Check(problems, () => new ValueSpec(t, max: max));
            if (problems.Count == bounds)
            {
                Check(problems, () => new ValueSpec(t, min: min, max: max));
            }

            if (problems.Count == before)
            {
                return Check(problems, () => new ValueSpec(t, unit, min, max, pattern, maxLength));
            }
        }

        if (pattern is not null)
        {
            Check(problems, () => new ValueSpec(pattern: pattern));
        }

        return null;
    }

    // ValueSpec names the field it refuses; the message is reported at the flag that set it.
    private static ValueSpec? Check(FlagProblems problems, Func<ValueSpec> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            var flag = e.ParamName switch { "maxLength" => "max-length", null => "type", var name => name };
            problems.Add($"--{flag}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
            return null;
        }
        catch (RuleException e)
        {
            problems.Add(e);
            return null;
        }
    }
}
