using GrantBench;

// usage: GrantBench [--silos 1] [--callers "1 16 64"] [--seconds 10] [--max-grants 200000]
// One JSON line per case on stdout; a readable line per case on stderr.
var options = BenchOptions.Parse(args);
await using var cluster = await HostCluster.StartAsync(options.Silos);
await HotHost.WarmUpAsync(cluster.Client);
foreach (var callers in options.Callers)
{
    var result = await HotHost.HammerAsync(cluster.Client, $"hot-{callers}", callers, options.Duration, options.MaxGrants);
    Console.WriteLine(result.ToJson(options.Silos));
    Console.Error.WriteLine(result.Describe());
}
