using Gleaner.Cluster.Fetching;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Cluster.Tests;

/// <summary>A target on the wire and back: what travels comes back the same, and rules are compiled once per silo.</summary>
public sealed class ClusterTargetsTests
{
    private static readonly Target Full = new()
    {
        Name = "nyc",
        Url = new Uri("https://forecast.example/nyc?x=1"),
        Extract = ExtractionChain.Of([ExtractionRules.Compile("css", "p.temp"), ExtractionRules.Compile("regex", @"(-?\d+)")]),
        Value = new ValueSpec(ValueKind.Number, "F", -80, 140, @"-?\d+", 16),
        Limits = FetchLimits.Default with
        {
            DnsTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2), TlsTimeout = TimeSpan.FromSeconds(3),
            HeadersTimeout = TimeSpan.FromSeconds(4), TotalTimeout = TimeSpan.FromSeconds(7), Stall = new StallRule(512, TimeSpan.FromSeconds(3)),
            MaxBodyBytes = 1000, MaxWireBytes = 2000, MaxHeaderCount = 30, MaxRedirects = 2, AllowPrivate = true,
        },
        Retries = 5,
        Headers = [new RequestHeader("User-Agent", "probe/2.0"), new RequestHeader("Accept", "text/html")],
    };

    [Fact]
    public void ToTarget_OfFromTarget_GivesBackWhatTravels()
    {
        var back = ClusterTargets.ToTarget(ClusterTargets.FromTarget(Full));

        Assert.Equal((Full.Name, Full.Url), (back.Name, back.Url));
        Assert.Equal(Full.Extract!.ToString(), back.Extract!.ToString());
        Assert.Equal(Full.Value, back.Value);
        Assert.Equal(Full.Limits, back.Limits);
        Assert.Equal(Full.Retries, back.Retries);
        Assert.Equal(Full.Headers, back.Headers);
        Assert.Null(ClusterTargets.WhyNot(Full));
    }

    [Fact]
    public void ToTarget_SameRulesTwice_CompilesThemOnce()
    {
        var wire = ClusterTargets.FromTarget(Full);

        var first = ClusterTargets.ToTarget(wire);
        var second = ClusterTargets.ToTarget(wire with { Name = "other", Url = new Uri("https://forecast.example/pdx") });

        Assert.Same(first.Extract, second.Extract);
        Assert.Same(first.Value, second.Value);
    }

    [Fact]
    public void WhyNot_SecretHeader_NamesItAndNeverItsValue()
    {
        var secret = Full with { Headers = [new RequestHeader("X-Api-Key", "k-123") { Secret = true }] };

        var why = ClusterTargets.WhyNot(secret);

        Assert.StartsWith("the secret header X-Api-Key (", why, StringComparison.Ordinal);
        Assert.DoesNotContain("k-123", why, StringComparison.Ordinal);
        Assert.Empty(ClusterTargets.FromTarget(secret).Headers);
    }
}
