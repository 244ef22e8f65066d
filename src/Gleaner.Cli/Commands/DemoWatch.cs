using Gleaner.Cli.Serve;
using Gleaner.Cli.Stores;
using Gleaner.Cli.Watch;
using Gleaner.Dashboard;
using Gleaner.Fetching;
using Gleaner.Scheduling;
using Gleaner.Simulator;
using Gleaner.Storage.Samples;
using Gleaner.Watching;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner demo --watch</c>: the simulator's weather pages sampled every few seconds (their readings drift), a few
/// hostile routes beside them, kept in a store and shown on the dashboard. Offline; runs until Ctrl-C.
/// </summary>
internal static class DemoWatch
{
    /// <summary>How often the simulator's weather readings move, and how often they are sampled.</summary>
    private static readonly TimeSpan Drift = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WeatherEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HostileEvery = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A few hostile routes, so the dashboard shows failures by name next to the values. Not a 429 or 503: the watch
    /// would rightly leave the whole simulator alone for a minute, weather pages included.
    /// </summary>
    private static readonly HashSet<string> Hostile = new(StringComparer.Ordinal)
    {
        "/slow/body-trickle", "/compression/gzip-bomb", "/protocol/reset", "/redirect/loop-a", "/redirect/to-metadata",
        "/status/404", "/content/no-temperature",
    };

    public static async Task<int> RunAsync(DashboardOptions dashboard, string? storePath, CancellationToken cancellationToken)
    {
        await using var sim = await HostileSimulator.StartAsync(new SimulatorOptions { WeatherInterval = Drift }, cancellationToken);
        // A folder of its own, made for this run (no other user can have made it first).
        var path = storePath ?? Path.Combine(Directory.CreateTempSubdirectory("gleaner-demo-").FullName, "demo.db");
        await using var store = await SqliteSampleStore.OpenAsync(path, cancellationToken);
        using var interrupt = Interrupt.Listen("stopping the demo", cancellationToken);
        await using var server = await DashboardHost.StartAsync(new StoreArgument(path), dashboard, interrupt.Token);
        if (server is null)
        {
            return ExitCodes.Usage;
        }

        var targets = Targets(sim);
        Console.Error.WriteLine($"The simulator's weather readings move every {Drift.TotalSeconds:0} s; {targets.Count} targets are sampled every " +
            $"{WeatherEvery.TotalSeconds:0} s (hostile routes every {HostileEvery.TotalSeconds:0} s) into {path}.");
        Console.Error.WriteLine($"Open {server.Server.Url} in a browser: values arrive and the charts grow. Ctrl-C stops.");
        using var fetcher = new Fetcher();
        var output = new Lock();
        var engine = new WatchEngine(fetcher, DemoTargets.Settings, store)
        {
            SampleTaken = (target, sample, before, after) =>
            {
                server.Board.Apply(after, sample);
                var line = SampleLines.Format(target, sample, before);
                lock (output)
                {
                    Console.Out.WriteLine(line);
                }
            },
        };
        server.Board.Declare(targets);
        await engine.RunAsync(new WatchList(targets), interrupt.Token);
        Console.Error.WriteLine($"stopped: {engine.Taken} sample(s) kept in {path}; `gleaner serve --store {path}` shows them again.");
        return interrupt.Requested ? interrupt.ExitCode : 0;
    }

    private static List<Targets.Target> Targets(HostileSimulator sim) =>
    [
        .. DemoTargets.For(sim)
            .Where(d => d.Target.Url.AbsolutePath.StartsWith("/weather/", StringComparison.Ordinal) || Hostile.Contains(d.Target.Url.AbsolutePath))
            .Select(d => d.Target with
            {
                Watch = new WatchSpec
                {
                    Schedule = new EverySchedule(d.Target.Url.AbsolutePath.StartsWith("/weather/", StringComparison.Ordinal) ? WeatherEvery : HostileEvery),
                },
            }),
    ];
}
