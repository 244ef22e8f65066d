using System.Globalization;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Simulator;
using Gleaner.Tests.Simulator;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Tests.Engine;

/// <summary>
/// The hostile thousand, in-process: 900 good pages and 100 hostile ones (every failing route of the simulator,
/// spread through the list, the 5th target silent), and ten pages nested 100,000 deep read with structural rules,
/// through one <see cref="RunEngine"/> run. Every good value is exact, every hostile target ends with its route's
/// failure name, the run ends soon after the deadline (no head-of-line blocking, through the sockets or the
/// CPU), and no redirect led a connection anywhere the policy forbids.
/// bench/hostile-thousand runs the same mix through the CLI with the default 10 s deadline and measures it.
/// </summary>
public sealed class HostileThousandTests
{
    // The weather clock stands still, so every page shows the reading of one minute and WeatherModel gives the exact
    // value. Only the wall clock is pinned: a frozen FakeTimeProvider would also freeze the simulator's delays
    // (SimulatorOptions.Time drives them), and /good/slow would hang and /protocol/reset never reset.
    private static readonly DateTimeOffset WeatherNow = new(2025, 1, 21, 13, 37, 0, TimeSpan.Zero);

    // 3 s, not the default 10 s: long enough that every good page (the slowest, /good/slow, takes under 1 s) is far
    // inside it on a loaded 2-core CI machine, short enough to keep the test quick. The stall guard is scaled down
    // with it so /slow/body-trickle still ends as stalled before the deadline, as it does under the defaults.
    private static readonly FetchLimits Limits = new()
    {
        TotalTimeout = TimeSpan.FromSeconds(3),
        Stall = new StallRule(1024, TimeSpan.FromSeconds(1)),
    };

    // Generous on purpose: this is a correctness bound (a silent target holds up nothing), not a benchmark. Had the
    // silent and trickling targets run one after another, the run would take 9 × 3 s.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private const int Thousand = 1000;
    private const int HostileEvery = 10;
    private const int FirstHostile = 4; // the 5th target

    // The deep pages sit every 101st from the 51st, among the first 256 targets the run starts at once and the rest.
    private const int DeepEvery = 101;
    private const int FirstDeep = 50;
    private const int Count = Thousand + 10;

    // The issue's rule, leading optional '-' and all: RegexCompiler guards it against the linear-time engine's
    // leftmost-match bug (dotnet/runtime#130176).
    private const string Rule = @"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F";

    // Each deep route twice, with a rule that makes a parser follow it.
    private static readonly (string Path, string Kind, string Expression)[] DeepTargets =
    [
        ("/deep/divs.html", "css", "#current_conditions-summary p.myforecast-current-lrg"),
        ("/deep/divs.html", "xpath", "//p[@class='myforecast-current-lrg']"),
        ("/deep/unclosed-divs.html", "css", "#current_conditions-summary p.myforecast-current-lrg"),
        ("/deep/unclosed-divs.html", "xpath", "//p[@class='myforecast-current-lrg']"),
        ("/deep/levels.xml", "xpath", "/current_observation/temp_f"),
        ("/deep/levels.xml", "css", "temp_f"),
        ("/deep/arrays.json", "jsonpath", "$..temperature.value"),
        ("/deep/arrays.json", "jsonpointer", "/0/0/0"),
        ("/deep/objects.json", "jsonpath", "$..temperature.value"),
        ("/deep/objects.json", "jsonpointer", "/level/level/level"),
    ];

    // Good pages one regex over the whole page reads right: the °F value comes first on each.
    private static readonly string[] NycPaths = ["/good/plain", "/good/gzip", "/good/brotli", "/good/chunked", "/good/slow", "/redirect/chain-3"];

    private sealed record Planned(int Index, Target Target, string Path, string Expected, double? Value);

    [Fact]
    public async Task RunAsync_HostileThousand_GoodValuesExactHostileNamedNoHeadOfLineBlocking()
    {
        await using var sim = await HostileSimulator.StartAsync(new SimulatorOptions
        {
            Time = new PinnedWallClock(WeatherNow),
            TrickleInterval = TimeSpan.FromMilliseconds(200),
            BombDecodedBytes = 32L << 20,
            HugeBodyBytes = 4L << 20,
        }, TestContext.Current.CancellationToken);
        var plan = Plan(sim);
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 256, PerHostConcurrency = 256, Retries = 0, RespectRobots = false });

        var started = TimeProvider.System.GetTimestamp();
        var records = new List<RunRecord>();
        await foreach (var record in engine.RunAsync([.. plan.Select(p => p.Target)], cancellationToken: TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        var wall = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(Enumerable.Range(0, Count), records.Select(r => r.Index).Order());
        var wrong = records.Select(r => Mismatch(plan[r.Index], r.Result)).OfType<string>().ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} targets ended wrong:\n{string.Join('\n', wrong.Take(30))}");
        Assert.True(wall <= Limits.TotalTimeout + Margin, $"the run took {wall.TotalSeconds:0.00}s");
        Assert.All(records, r => Assert.InRange(r.Result.Fetch.Timings.Total, TimeSpan.Zero, Limits.TotalTimeout + Margin));
        AssertNothingReachedAForbiddenPlace(sim, plan);
    }

    private static List<Planned> Plan(HostileSimulator sim)
    {
        var good = NycPaths.Select(p => (Path: p, City: "nyc"))
            .Concat(WeatherModel.Cities.SelectMany(c => new[] { (Path: $"/weather/{c}.html", City: c), (Path: $"/weather/{c}.xml", City: c) }))
            .ToList();
        var hostile = sim.Routes.Where(r => r.ExpectedOutcome != "ok" && r.Group != RouteGroups.Deep).ToList();
        Assert.Equal("/slow/never", hostile[0].Path);
        var chain = ExtractionChain.Of(ExtractionRules.Compile("regex", Rule));
        var spec = new ValueSpec(ValueKind.Number, unit: "F", min: -80, max: 140);

        var plan = new List<Planned>();
        for (int i = 0, j = 0; i < Count; i++)
        {
            string path, expected;
            double? value = null;
            var rule = chain;
            if (i % DeepEvery == FirstDeep)
            {
                var deep = DeepTargets[i / DeepEvery];
                (path, expected) = (deep.Path, "too_deep");
                rule = ExtractionChain.Of(ExtractionRules.Compile(deep.Kind, deep.Expression));
            }
            else if (j++ % HostileEvery == FirstHostile)
            {
                var route = hostile[(j - 1) / HostileEvery % hostile.Count];
                (path, expected) = (route.Path, route.ExpectedOutcome);
            }
            else
            {
                var page = good[(j - 1) % good.Count];
                (path, expected, value) = (page.Path, "ok", WeatherModel.TemperatureF(page.City, WeatherNow));
            }

            var url = sim.Url($"{path}?n={i}");
            var target = new Target { Name = url.OriginalString, Url = url, Extract = rule, Value = spec, Limits = Limits };
            plan.Add(new Planned(i, target, path, expected, value));
        }

        Assert.Equal(DeepTargets.Length, plan.Count(p => p.Expected == "too_deep"));
        return plan;
    }

    private static string? Mismatch(Planned planned, TargetResult result)
    {
        var outcome = result.Outcome.ToName();
        if (outcome != planned.Expected)
        {
            return $"#{planned.Index} {planned.Path}: expected {planned.Expected}, got {outcome} after {result.Fetch.Timings.Total.TotalMilliseconds:0}ms: {result.Error}";
        }

        var value = result.Value is null ? (double?)null : Convert.ToDouble(result.Value, CultureInfo.InvariantCulture);
        return planned.Value is { } expected && (value is not { } got || Math.Abs(got - expected) > 1e-9)
            ? $"#{planned.Index} {planned.Path}: expected value {expected}, got {value}"
            : null;
    }

    // Redirects to the raw port (to-raw-port, to-decimal-ip) would arrive there for /protocol/ssh-banner without the
    // ?n= of a target, and one to localhost would reach Kestrel with another Host header. So: the raw server saw
    // exactly the raw targets, once each, and Kestrel saw no Host but its own.
    private static void AssertNothingReachedAForbiddenPlace(HostileSimulator sim, List<Planned> plan)
    {
        var traffic = sim.Traffic();
        var rawSeen = traffic.Where(e => e.Server == "raw").SelectMany(e => Enumerable.Repeat(e.Target, e.Requests)).Order(StringComparer.Ordinal);
        var rawNamed = plan.Where(p => p.Target.Url.Port == sim.RawBaseUri.Port).Select(p => p.Target.Url.PathAndQuery).Order(StringComparer.Ordinal);
        Assert.Equal(rawNamed, rawSeen);
        Assert.All(traffic.Where(e => e.Server == "kestrel"), e => Assert.Equal(sim.BaseUri.Authority, e.Host));
    }
}
