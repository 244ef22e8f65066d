using System.Text.Json.Nodes;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Postgres;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;

namespace Gleaner.Cluster.Tests.Storage;

/// <summary>
/// <c>gleaner history</c>, <c>export</c> and <c>serve</c> with <c>--store CONN</c>: a cluster's PostgreSQL store reads as a
/// watch's SQLite file does, the same samples printed and served the same.
/// </summary>
public sealed class StoreCommandsOnPostgresTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static readonly DateTimeOffset Due = new(2026, 12, 4, 11, 0, 0, TimeSpan.Zero);

    private static readonly Sample[] Samples =
    [
        Ok("nyc", Due, "66.9", changed: true),
        Ok("nyc", Due.AddHours(1), "67.1", changed: true),
        new()
        {
            Target = "nyc", Due = Due.AddHours(2), Started = Due.AddHours(2).AddMilliseconds(3), Finished = Due.AddHours(2).AddSeconds(10),
            Outcome = Outcome.HeadersTimeout, Unit = "F", Attempts = 3, Error = "no response headers within 10s",
        },
        Ok("la", Due, "71.6", changed: true),
    ];

    private static readonly TargetState[] States =
    [
        new() { Target = "nyc", Url = new Uri("https://forecast.weather.gov/nyc"), LastDue = Due.AddHours(2), Value = "67.1", Number = 67.1, Unit = "F", Outcome = Outcome.HeadersTimeout, FailuresInARow = 1 },
        new() { Target = "la", Url = new Uri("https://forecast.weather.gov/la"), LastDue = Due, Value = "71.6", Number = 71.6, Unit = "F", Outcome = Outcome.Ok },
    ];

    [Fact]
    public async Task HistoryAndExport_PostgresStore_PrintWhatTheSameSamplesInSqlitePrint()
    {
        var (postgres, sqlite) = await StoresAsync();

        string[][] commands = [["history", "nyc"], ["history", "nyc", "--format", "jsonl"], ["export", "--format", "csv"]];
        foreach (var command in commands)
        {
            var fromSqlite = await RunGleanerAsync([.. command, "--store", sqlite]);
            var fromPostgres = await RunGleanerAsync([.. command, "--store", postgres]);

            Assert.Equal((0, ""), (fromSqlite.Exit, fromSqlite.Stderr));
            Assert.Equal(fromSqlite, fromPostgres);
        }

        var unknown = await RunGleanerAsync("history", "sf", "--store", postgres);
        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith($"usage: no target 'sf' in PostgreSQL at 127.0.0.1:", unknown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Username", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PostgresStore_ServesItsTargetsAsTheSqliteStoreIsServed()
    {
        var (postgres, sqlite) = await StoresAsync();

        var fromSqlite = await ServeTargetsAsync(sqlite);
        var fromPostgres = await ServeTargetsAsync(postgres);

        Assert.Equal(["la", "nyc"], fromPostgres["items"]!.AsArray().Select(t => (string)t!["name"]!).Order());
        Assert.Equal(fromSqlite.ToJsonString(), fromPostgres.ToJsonString());
    }

    [Fact]
    public async Task Serve_UnreachablePostgres_IsOneLineWithoutThePassword()
    {
        var run = await RunGleanerAsync("serve", "--store", $"Host=127.0.0.1;Port={FreePort.Next()};Database=gleaner;Username=reader;Password=s3cret;Timeout=3", "--port", "0");

        Assert.Equal(2, run.Exit);
        Assert.StartsWith($"usage: --store: PostgreSQL at 127.0.0.1:", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n'));
        Assert.DoesNotContain("s3cret", run.Stderr, StringComparison.Ordinal);
    }

    private static Sample Ok(string target, DateTimeOffset due, string value, bool changed = false) => new()
    {
        Target = target, Due = due, Started = due.AddMilliseconds(4), Finished = due.AddMilliseconds(40), Outcome = Outcome.Ok,
        Value = value, Number = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Unit = "F", Status = 200, Attempts = 1, Changed = changed,
    };

    // The same samples, states and events in a PostgreSQL database and a SQLite file.
    private async Task<(string Postgres, string Sqlite)> StoresAsync()
    {
        var connection = await databases.CreateAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("gleaner-store-").FullName, "watch.db");
        WatchEvent[] events = [new() { Target = "nyc", At = Due.AddHours(1).AddMilliseconds(40), Kind = WatchEventKind.Change, From = "66.9", To = "67.1", Outcome = Outcome.Ok }];
        ISampleStore[] stores = [await PostgresSampleStore.OpenAsync(connection, TestContext.Current.CancellationToken), await SqliteSampleStore.OpenAsync(file, TestContext.Current.CancellationToken)];
        foreach (var store in stores)
        {
            await using (store)
            {
                await store.WriteAsync(Samples, events, States, TestContext.Current.CancellationToken);
            }
        }

        return (connection, file);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunGleanerAsync(params string[] arguments)
    {
        await using var process = GleanerCluster.StartGleaner(arguments);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exit, process.Stdout, process.Stderr.TrimEnd());
    }

    private static async Task<JsonNode> ServeTargetsAsync(string store)
    {
        await using var serve = GleanerCluster.StartGleaner("serve", "--store", store, "--port", "0");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? url;
        // The address is on stderr once the server listens: watched from outside, a bounded poll.
        while ((url = serve.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("dashboard: ", StringComparison.Ordinal))?["dashboard: ".Length..].Trim()) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no dashboard line within 30 s: {serve.Stderr}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri(new Uri(url), "api/targets"), TestContext.Current.CancellationToken);
        await serve.SignalAsync("TERM");
        return JsonNode.Parse(body)!;
    }
}
