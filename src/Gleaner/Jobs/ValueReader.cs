using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Jobs;

/// <summary>
/// Reads a target's <c>value</c>: <c>{ type, unit, min, max, pattern, max_length }</c>, all optional. Specs are
/// immutable, so targets that write the same spec share one (and its compiled pattern).
/// </summary>
internal sealed class ValueReader(JobErrors errors)
{
    /// <summary>The keys of <c>value</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["type", "unit", "min", "max", "pattern", "max_length"];

    /// <summary>The type names, as written in a job file.</summary>
    public static IReadOnlyList<string> Types { get; } = [.. Enum.GetNames<ValueKind>().Select(n => n.ToLowerInvariant())];

    private readonly Dictionary<(ValueKind, string?, double?, double?, string?, int?), ValueSpec> specs = [];

    /// <summary>The spec, or null after reporting every problem in it. <paramref name="where"/> names the target.</summary>
    public ValueSpec? Read(JobNode node, string where)
    {
        if (node is not JobMap map)
        {
            errors.Add(node, $"value: expected a mapping such as {{ type: number, min: 0 }}, not {node.Description}");
            return null;
        }

        var before = errors.Count;
        var type = ValueKind.Text;
        string? unit = null, pattern = null;
        double? min = null, max = null;
        int? maxLength = null;
        foreach (var (key, value) in map.Entries)
        {
            var label = "value." + key.Value;
            switch (key.Value)
            {
                case "type" when ScalarReader.TryChoice(value, label, Types, errors, out var name):
                    type = Enum.Parse<ValueKind>(name, ignoreCase: true);
                    break;
                case "unit" when ScalarReader.TryText(value, label, "a unit such as F", errors, out var text):
                    unit = text;
                    break;
                case "min" when ScalarReader.TryNumber(value, label, errors, out var number):
                    min = number;
                    break;
                case "max" when ScalarReader.TryNumber(value, label, errors, out var number):
                    max = number;
                    break;
                case "pattern" when ScalarReader.TryText(value, label, "a regular expression", errors, out var text):
                    pattern = text;
                    break;
                case "max_length" when ScalarReader.TryInteger(value, label, errors, out var length):
                    maxLength = length;
                    break;
                case var known when Keys.Contains(known):
                    break;
                default:
                    errors.Add(key, UnknownKey.Message(key.Value, $"in the value of {where}", Keys));
                    break;
            }
        }

        return errors.Count == before ? Build(map, (type, unit, min, max, pattern, maxLength)) : null;
    }

    private ValueSpec? Build(JobMap map, (ValueKind Type, string? Unit, double? Min, double? Max, string? Pattern, int? MaxLength) key)
    {
        if (specs.TryGetValue(key, out var spec))
        {
            return spec;
        }

        try
        {
            spec = new ValueSpec(key.Type, key.Unit, key.Min, key.Max, key.Pattern, key.MaxLength);
            specs.Add(key, spec);
            return spec;
        }
        catch (RuleException e)
        {
            RuleErrors.Add(errors, (JobScalar)map.Find("pattern")!.Value, e, "value.pattern: invalid pattern");
        }
        catch (ArgumentException e)
        {
            var name = e.ParamName == "maxLength" ? "max_length" : e.ParamName ?? "type";
            var node = (JobNode?)map.Find(name)?.Value ?? map;
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            errors.Add(node, $"value.{name}: {message}");
        }

        return null;
    }
}
