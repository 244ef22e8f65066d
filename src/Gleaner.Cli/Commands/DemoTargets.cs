using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Simulator;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Cli.Commands;

/// <summary>The demo's targets: the simulator's weather pages with their rules, and each hostile route.</summary>
internal static class DemoTargets
{
    public sealed record DemoTarget(Target Target, string Expected);

    /// <summary>
    /// The default limits with a shorter deadline and stall window, so the demo ends in seconds; every route
    /// still ends with the failure it gets under the defaults.
    /// </summary>
    public static FetchLimits Limits { get; } = new() { TotalTimeout = TimeSpan.FromSeconds(4), Stall = new StallRule(2048, TimeSpan.FromSeconds(2)) };

    /// <summary>
    /// Every target is on the simulator's one or two host:port keys, so the per-host bound is as wide as the
    /// global one; no retries (a 429 asks for 30 s) and no robots.txt (the simulator is ours).
    /// </summary>
    public static RunSettings Settings { get; } = new() { Concurrency = 64, PerHostConcurrency = 64, Retries = 0, RespectRobots = false };

    private const string TemperatureRegex = @"(-?\d+(?:\.\d+)?)\s*°?\s*F";

    public static IReadOnlyList<DemoTarget> For(HostileSimulator sim)
    {
        var fahrenheit = new ValueSpec(ValueKind.Number, unit: "F", min: -80, max: 140);
        var celsius = new ValueSpec(ValueKind.Number, unit: "C", min: -60, max: 60);
        var targets = new List<DemoTarget>();
        foreach (var route in sim.Routes)
        {
            var path = route.Url.AbsolutePath;
            var (chain, spec) = path switch
            {
                _ when path.EndsWith(".json", StringComparison.Ordinal) => (Chain(("jsonpath", "$.properties.temperature.value")), celsius),
                _ when path.EndsWith(".xml", StringComparison.Ordinal) => (Chain(("xpath", "/current_observation/temp_f")), fahrenheit),
                _ when path.EndsWith(".html", StringComparison.Ordinal) => (Chain(("css", "#current_conditions-summary p.myforecast-current-lrg"), ("regex", TemperatureRegex)), fahrenheit),
                _ => (Chain(("regex", TemperatureRegex)), fahrenheit),
            };
            targets.Add(new DemoTarget(new Target { Name = path, Url = route.Url, Extract = chain, Value = spec, Limits = Limits }, route.ExpectedOutcome));
        }

        return targets;
    }

    private static ExtractionChain Chain(params (string Kind, string Expression)[] rules) =>
        ExtractionChain.Of([.. rules.Select(r => ExtractionRules.Compile(r.Kind, r.Expression))]);
}
