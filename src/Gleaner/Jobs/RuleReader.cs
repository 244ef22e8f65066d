using Gleaner.Extraction;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Jobs;

/// <summary>
/// Reads a target's <c>extract</c>: one rule (<c>{ css: "p.temp" }</c>) or a list of them, each a one-key
/// mapping from a kind to its expression. Compiled steps are immutable, so one compiled rule is shared by every
/// target that writes the same kind and expression: a job of 100,000 targets usually has a handful of rules.
/// </summary>
internal sealed class RuleReader(JobErrors errors)
{
    private const string Example = "{ css: \"p.temp\" }";
    private readonly Dictionary<(string Kind, string Expression), IExtractionStep> compiled = [];

    /// <summary>The chain, or null after reporting every problem in it.</summary>
    public ExtractionChain? Read(JobNode node)
    {
        IReadOnlyList<JobNode> rules;
        switch (node)
        {
            case JobMap map:
                rules = [map];
                break;
            case JobList { Items.Count: 0 }:
                errors.Add(node, "extract: the list is empty; leave extract out to take the whole body");
                return null;
            case JobList list:
                rules = list.Items;
                break;
            default:
                errors.Add(node, $"extract: expected a rule such as {Example} or a list of rules, not {node.Description}");
                return null;
        }

        var steps = new List<IExtractionStep>(rules.Count);
        foreach (var rule in rules)
        {
            if (ReadRule(rule) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps.Count == rules.Count ? ExtractionChain.Of([.. steps]) : null;
    }

    private IExtractionStep? ReadRule(JobNode node)
    {
        if (node is not JobMap { Entries.Count: 1 } map)
        {
            errors.Add(node, node is JobMap other
                ? $"extract: a rule is a mapping with one key, its kind, not {other.Entries.Count}; write each step as its own {Example} in a list"
                : $"extract: expected a rule such as {Example}, not {node.Description}");
            return null;
        }

        var (kindNode, value) = map.Entries[0];
        var kind = kindNode.Value;
        if (!ExtractionRules.Kinds.Contains(kind))
        {
            errors.Add(kindNode, $"unknown rule kind {UrlText.Show(kind)}{KeySuggester.Hint(kind, ExtractionRules.Kinds)} (kinds: {string.Join(", ", ExtractionRules.Kinds)})");
            return null;
        }

        if (!ScalarReader.TryScalar(value, kind, "an expression", errors, out var expression))
        {
            return null;
        }

        if (compiled.TryGetValue((kind, expression.Value), out var step))
        {
            return step;
        }

        try
        {
            step = ExtractionRules.Compile(kind, expression.Value);
            compiled.Add((kind, expression.Value), step);
            return step;
        }
        catch (RuleException e)
        {
            RuleErrors.Add(errors, expression, e, $"invalid {kind} rule");
            return null;
        }
    }
}
