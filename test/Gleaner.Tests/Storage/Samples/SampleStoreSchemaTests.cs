using Gleaner.Fetching;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Storage.Samples;

public sealed class SampleStoreSchemaTests : IDisposable
{
    // A store as the first schema made it, holding two samples of nyc in one row (bytes as SampleDeltas writes them).
    private const string SchemaOne = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (name, value) VALUES ('format', 'gleaner-samples'), ('schema', '1');
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT, unit TEXT, last_due INTEGER, last_at INTEGER,
            etag TEXT, last_modified TEXT, outcome TEXT, value TEXT, number REAL, changed_at INTEGER,
            failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, target INTEGER NOT NULL, first_due INTEGER NOT NULL, last_due INTEGER NOT NULL,
            count INTEGER NOT NULL, outcome TEXT NOT NULL, value TEXT, number REAL, unit TEXT, status INTEGER,
            error TEXT, flags INTEGER NOT NULL, samples BLOB NOT NULL);
        CREATE INDEX runs_by_target ON runs (target, first_due);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY, target INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, from_value TEXT,
            to_value TEXT, outcome TEXT NOT NULL, message TEXT, failures INTEGER NOT NULL);
        CREATE INDEX events_by_target ON events (target, at);
        INSERT INTO targets (id, name, unit, last_due, outcome, value, number) VALUES (1, 'nyc', 'F', 1796378410000, 'ok', '66.9', 66.9);
        -- 2026-12-04T10:00:00Z and 10 s later: lateness 5 ms, duration 40 ms, one attempt each.
        INSERT INTO runs VALUES (1, 1, 1796378400000, 1796378410000, 2, 'ok', '66.9', NULL, 'F', 200, NULL, 3, x'052810A09C01052810');
        """;

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private string StorePath => _folder.File("watch.db");

    [Fact]
    public async Task OpenAsync_SchemaOneFile_IsMigratedKeepingItsSamples()
    {
        await Sql.ExecuteAsync(StorePath, SchemaOne);

        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            Assert.Equal([Ok("nyc", Due(0), "66.9", changed: true), Ok("nyc", Due(1), "66.9")], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
            await WriteAsync(store, Ok("nyc", Due(2), "66.9") with { Timings = new PhaseTimings { Total = TimeSpan.FromMilliseconds(40) } });
        }

        Assert.Equal("4", await Sql.ScalarAsync(StorePath, "SELECT value FROM meta WHERE name = 'schema'"));
        Assert.Equal(1L, await Sql.ScalarAsync(StorePath, "SELECT count(*) FROM sqlite_master WHERE name = 'events_by_time'"));
        Assert.Equal(1L, await Sql.ScalarAsync(StorePath, "SELECT count(*) FROM pragma_table_info('targets') WHERE name = 'cookies'"));
        Assert.Equal("1:3", await Sql.ScalarAsync(StorePath, "SELECT group_concat(id || ':' || count) FROM runs"));
        Assert.Equal(40_000L, await Sql.ScalarAsync(StorePath, "SELECT total_sum FROM latency_hours"));
    }

    [Fact]
    public async Task OpenReadOnlyAsync_SchemaOneFile_IsRefusedUntilAWriterUpgradesIt()
    {
        await Sql.ExecuteAsync(StorePath, SchemaOne);

        var e = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct));

        Assert.Equal($"{StorePath} is a sample store of schema 1, older than this Gleaner's 4; a watch on it upgrades it", e.Message);
        Assert.Equal("1", await Sql.ScalarAsync(StorePath, "SELECT value FROM meta WHERE name = 'schema'"));
    }

    [Fact]
    public async Task ReadSamplesAsync_Timings_AreTheMeansOfTheirTargetsHour()
    {
        static Sample Timed(int n, int headersMs, int totalMs, long wire) => Ok("nyc", Due(n), "66.9") with
        {
            Timings = new PhaseTimings { Dns = TimeSpan.FromMicroseconds(300), Headers = TimeSpan.FromMilliseconds(headersMs), Total = TimeSpan.FromMilliseconds(totalMs) },
            WireBytes = wire,
        };

        // Due(360) starts the next hour.
        Sample[] samples = [Timed(0, 10, 20, 1000), Timed(1, 20, 40, 2000), Timed(2, 31, 60, 3001), Timed(360, 7, 9, 512)];
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await store.WriteAsync(samples[..2], [], [], Ct);
        await store.WriteAsync(samples[2..], [], [], Ct);

        var read = await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct));

        var mean = new PhaseTimings { Dns = TimeSpan.FromMicroseconds(300), Headers = TimeSpan.FromMicroseconds(20_333), Total = TimeSpan.FromMilliseconds(40) };
        Assert.Equal([mean, mean, mean, samples[3].Timings], read.Select(s => s.Timings));
        Assert.Equal([2000L, 2000, 2000, 512], read.Select(s => s.WireBytes));
        Assert.Equal(samples.Select(s => s with { Timings = new(), WireBytes = 0 }), read.Select(s => s with { Timings = new(), WireBytes = 0 }));
        Assert.Equal("3:31000:60000,1:7000:9000", await Sql.ScalarAsync(StorePath,
            "SELECT group_concat(count || ':' || headers_max || ':' || total_max) FROM (SELECT * FROM latency_hours ORDER BY hour)"));
    }
}
