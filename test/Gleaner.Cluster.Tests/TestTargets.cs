using Gleaner.Cluster.Fetching;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Cluster.Tests;

/// <summary>The targets the cluster tests fetch from <see cref="CountingSite"/>: the integer in <c>#v</c>, loopback allowed.</summary>
internal static class TestTargets
{
    public static Target IntegerTarget(string name, Uri url) => new()
    {
        Name = name,
        Url = url,
        Extract = ExtractionChain.Of([ExtractionRules.Compile("css", "#v")]),
        Value = new ValueSpec(ValueKind.Integer),
        Limits = FetchLimits.Default with { AllowPrivate = true },
    };

    public static ClusterTarget Integer(string name, Uri url) => ClusterTargets.FromTarget(IntegerTarget(name, url));
}
