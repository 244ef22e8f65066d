using System.Globalization;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Cluster.Fetching;

/// <summary>Between the wire's records and Gleaner's own: a <see cref="ClusterTarget"/> becomes a <see cref="Target"/>, a result a <see cref="ClusterRecord"/>.</summary>
public static class ClusterTargets
{
    /// <summary>The target <paramref name="target"/> names; throws <see cref="RuleException"/> for a bad rule.</summary>
    public static Target ToTarget(ClusterTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new Target
        {
            Name = target.Name,
            Url = target.Url,
            Extract = target.Rules.Count == 0 ? null : ExtractionChain.Of([.. target.Rules.Select(r => ExtractionRules.Compile(r.Kind, r.Expression))]),
            Value = new ValueSpec(Enum.Parse<ValueKind>(target.ValueType, ignoreCase: true)),
            Limits = FetchLimits.Default with { TotalTimeout = target.TotalTimeout, AllowPrivate = target.AllowPrivate },
        };
    }

    /// <summary>The record of <paramref name="result"/> after <paramref name="attempts"/> attempts on <paramref name="silo"/>.</summary>
    public static ClusterRecord ToRecord(TargetResult result, int attempts, string silo)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ClusterRecord(result.Target.Name, result.Outcome.ToName(), result.Fetch.Status, result.RawValue, Format(result.Value), result.Error, attempts, silo);
    }

    /// <summary>A validated value as invariant text (timestamps round-trip).</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
