using System.Globalization;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Postgres;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Npgsql;
using static Gleaner.Cluster.Tests.Processes.PostgresDatabases;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Cluster.Tests.Storage;

/// <summary>
/// The PostgreSQL sample store held to what the SQLite one promises (SqliteSampleStoreTests, SampleStorePruneTests),
/// plus what a cluster needs of it: a batch written twice is stored once, writers in several processes lose nothing,
/// a reader neither writes nor sees cookies, and another program's tables are refused. Each test has its own database.
/// </summary>
public sealed class PostgresSampleStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static readonly string[] Sides = ["east", "west"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A mix for one target: runs of equal values, 304s, changes, failures, a text value, a skipped due, timings to the tick.</summary>
    private static List<Sample> Mixed(string target) =>
    [
        .. new[]
        {
            Ok(target, Due(0), "66.9", changed: true),
            Ok(target, Due(1), "66.9", lateMs: 0, tookMs: 0),
            NotModified(target, Due(3), "66.9", lateMs: 900, tookMs: 2),
            Ok(target, Due(5), "67.1", changed: true),
            Failed(target, Due(6), Outcome.HeadersTimeout, "no response headers within 10s", attempts: 3),
            Ok(target, Due(9), "67.1", lateMs: 2500, tookMs: 1200, attempts: 2),
            Ok(target, Due(14), "n/a", changed: true, unit: null),
            Failed(target, Due(15), Outcome.HttpStatus, "HTTP 503 Service Unavailable", status: 503),
            Ok(target, Due(16), "-0", changed: true),
            Ok(target, Due(17), "66.90", changed: true) with { Number = 66.9 },
            Ok(target, Due(18), "1e3", changed: true) with { Number = double.Epsilon },
        }.Select((s, i) => s with
        {
            Timings = new PhaseTimings
            {
                Dns = TimeSpan.FromTicks(1 + i),
                Connect = TimeSpan.FromTicks(12_345 + i),
                Tls = TimeSpan.FromTicks(2_000_001 * i),
                Headers = TimeSpan.FromTicks(9_999_999 + i),
                Body = TimeSpan.FromTicks(7 * i),
                Total = TimeSpan.FromTicks(98_765_432_109 + i),
            },
            WireBytes = 1_000_000_007L * i,
        }),
    ];

    [Fact]
    public async Task ReadSamplesAsync_EveryFieldOfMixedSamples_ComesBackExactlyAcrossReopens()
    {
        var database = await databases.CreateAsync();
        var nyc = Mixed("nyc");
        var la = Mixed("la").Select(s => s with { Due = s.Due.AddMilliseconds(1), Started = s.Started.AddMilliseconds(1), Finished = s.Finished.AddMilliseconds(1) }).ToList();
        await using (var store = await PostgresSampleStore.OpenAsync(database, Ct))
        {
            await store.WriteAsync([.. nyc[..2], .. la[..3]], [], [], Ct);
            await store.WriteAsync([.. la[3..], .. nyc[2..4]], [], [], Ct);
        }

        await using (var store = await PostgresSampleStore.OpenAsync(database, Ct))
        {
            await store.WriteAsync(nyc[4..], [], [], Ct);
            Assert.Equal([.. la, .. nyc], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
            Assert.Equal(nyc, await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));
        }

        Assert.Equal(22L, await SqlAsync(database, "SELECT count(*) FROM gleaner_watch_samples"));
    }

    [Fact]
    public async Task ReadSamplesAsync_TimesFinerThanAMillisecond_ComeBackInUtcToTheMillisecond()
    {
        var due = new DateTimeOffset(2026, 12, 4, 11, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567);
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await WriteAsync(store, Ok("nyc", due, "1") with { Started = due.AddTicks(5000), Finished = due.AddTicks(5433) });

        var read = Assert.Single(await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));

        var utc = new DateTimeOffset(2026, 12, 4, 10, 0, 0, 123, TimeSpan.Zero);
        Assert.Equal((utc, utc, utc.AddMilliseconds(1)), (read.Due, read.Started, read.Finished));
        Assert.Equal(TimeSpan.Zero, read.Due.Offset);
    }

    [Fact]
    public async Task ReadSamplesAsync_Range_GivesTheSamplesDueInItAcrossPages()
    {
        // 2,500 samples: two full pages and a part.
        var samples = Enumerable.Range(0, 2500).Select(i => Ok("nyc", Due(i), (i / 100).ToString(CultureInfo.InvariantCulture))).ToList();
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync(samples, [], [], Ct);
        await WriteAsync(store, Ok("la", Due(150), "1"));

        Assert.Equal(samples, await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));
        Assert.Equal(samples[150..2420], await ListAsync(store.ReadSamplesAsync("nyc", Due(150), Due(2420), Ct)));
        Assert.Equal(samples[2499..], await ListAsync(store.ReadSamplesAsync("nyc", Due(2499), null, Ct)));
        Assert.Equal(samples[..1], await ListAsync(store.ReadSamplesAsync("nyc", Due(-5), Due(0).AddMilliseconds(1), Ct)));
        Assert.Empty(await ListAsync(store.ReadSamplesAsync("nyc", Due(2500), null, Ct)));
        Assert.Empty(await ListAsync(store.ReadSamplesAsync("nobody", null, null, Ct)));
        Assert.Equal([Ok("la", Due(150), "1"), samples[150]], await ListAsync(store.ReadSamplesAsync(null, Due(150), Due(151), Ct)));
    }

    [Fact]
    public async Task ReadLatestSamplesAsync_GivesTheLastCountOldestFirst()
    {
        var samples = Enumerable.Range(0, 310).Select(i => Ok("nyc", Due(i), (i / 100).ToString(CultureInfo.InvariantCulture))).ToList();
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync(samples, [], [], Ct);
        await WriteAsync(store, Ok("la", Due(400), "1"));

        Assert.Equal(samples[160..], await ListAsync(store.ReadLatestSamplesAsync("nyc", 150, Ct)));
        Assert.Equal(samples[309..], await ListAsync(store.ReadLatestSamplesAsync("nyc", 1, Ct)));
        Assert.Equal(samples, await ListAsync(store.ReadLatestSamplesAsync("nyc", 1000, Ct)));
        Assert.Empty(await ListAsync(store.ReadLatestSamplesAsync("nobody", 60, Ct)));
    }

    [Fact]
    public async Task WriteAsync_BatchWrittenTwice_StoresEachSampleAndEventOnceAndKeepsTheFirst()
    {
        var database = await databases.CreateAsync();
        Sample first = Ok("nyc", Due(0), "66.9", changed: true);
        WatchEvent change = new() { Target = "nyc", At = first.Finished, Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok };
        await using var store = await PostgresSampleStore.OpenAsync(database, Ct);
        await store.WriteAsync([first], [change], [], Ct);

        // Taken again after a silo died: the same due, another value and finish; the retried batch also repeats.
        await store.WriteAsync([first with { Value = "70", Finished = first.Finished.AddSeconds(1) }, Ok("nyc", Due(1), "70")], [change], [], Ct);
        await store.WriteAsync([first], [change], [], Ct);

        Assert.Equal([first, Ok("nyc", Due(1), "70")], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal([change], await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal(2L, await SqlAsync(database, "SELECT count(*) FROM gleaner_watch_samples"));
    }

    [Fact]
    public async Task WriteAsync_TwoNotificationsSettledInOneMillisecond_KeepsBoth()
    {
        var at = Due(3);
        WatchEvent[] notified =
        [
            new() { Target = "nyc", At = at, Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = "change sent to https://a.example (HTTP 204)" },
            new() { Target = "nyc", At = at, Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = "change sent to https://b.example (HTTP 204)" },
            new() { Target = "nyc", At = at, Kind = WatchEventKind.Change, Outcome = Outcome.Ok, To = "1" },
            new() { Target = "nyc", At = at, Kind = WatchEventKind.Failure, Outcome = Outcome.Dns },
        ];
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync([], notified[..2], [], Ct);
        await store.WriteAsync([], notified, [], Ct);

        Assert.Equal(notified, await ListAsync(store.ReadEventsAsync("nyc", null, null, Ct)));
    }

    [Fact]
    public async Task WriteAsync_BatchThatFailsOnTheServer_LeavesNothingOfIt()
    {
        var database = await databases.CreateAsync();
        await using var store = await PostgresSampleStore.OpenAsync(database, Ct);
        await WriteAsync(store, Ok("nyc", Due(0), "1", changed: true));
        // The server refuses any event of the target "boom": the last statement of the next batch fails.
        await SqlAsync(database, """
            CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no boom'; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON gleaner_watch_events FOR EACH ROW WHEN (NEW.target = 'boom') EXECUTE FUNCTION refuse_boom();
            """);

        var e = await Assert.ThrowsAsync<PostgresException>(() => store.WriteAsync(
            [Ok("nyc", Due(1), "1"), Ok("new", Due(1), "5")],
            [new() { Target = "boom", At = Due(1), Kind = WatchEventKind.Change, Outcome = Outcome.Ok }],
            [new TargetState { Target = "nyc", LastDue = Due(1) }],
            Ct));
        Sample broken = Ok("nyc", Due(3), "1") with { Target = null! };
        await Assert.ThrowsAsync<ArgumentNullException>(() => WriteAsync(store, Ok("nyc", Due(2), "1"), broken));

        Assert.Equal("no boom", e.MessageText);
        Assert.Equal([Ok("nyc", Due(0), "1", changed: true)], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal([new TargetState { Target = "nyc" }], await store.LoadStatesAsync(Ct));
    }

    [Fact]
    public async Task WriteAsync_TwoStoresWritingTheirOwnTargetsAtOnce_LoseNothing()
    {
        var database = await databases.CreateAsync();
        await using var east = await PostgresSampleStore.OpenAsync(database, Ct);
        await using var west = await PostgresSampleStore.OpenAsync(database, Ct);

        // As two silos write: each its own 10 targets, 40 batches of one sample per target and their states, at once.
        static async Task WriteAllAsync(PostgresSampleStore store, string side)
        {
            for (var n = 0; n < 40; n++)
            {
                var samples = Enumerable.Range(0, 10).Select(t => Ok($"{side}{t}", Due(n), $"{n}", changed: true)).ToList();
                var events = samples.Select(s => new WatchEvent { Target = s.Target, At = s.Finished, Kind = WatchEventKind.Change, To = s.Value, Outcome = Outcome.Ok }).ToList();
                var states = samples.Select(s => new TargetState { Target = s.Target, LastDue = s.Due, LastAt = s.Finished, Value = s.Value }).ToList();
                await store.WriteAsync(samples, events, states, Ct);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAllAsync(east, "east"), Ct), Task.Run(() => WriteAllAsync(west, "west"), Ct));

        var expected = Sides.SelectMany(side => Enumerable.Range(0, 10).Select(t => $"{side}{t}")).Order(StringComparer.Ordinal)
            .SelectMany(target => Enumerable.Range(0, 40).Select(n => Ok(target, Due(n), $"{n}", changed: true)))
            .ToList();
        Assert.Equal(expected, await ListAsync(east.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal(800, (await ListAsync(west.ReadEventsAsync(null, null, null, Ct))).Count);
        Assert.Equal(Enumerable.Repeat(((DateTimeOffset?)Due(39), "39"), 20), (await west.LoadStatesAsync(Ct)).Select(s => (s.LastDue, s.Value!)));
    }

    [Fact]
    public async Task LoadStatesAsync_StatesWritten_ComeBackAsLastWritten()
    {
        var database = await databases.CreateAsync();
        var nyc = new TargetState
        {
            Target = "nyc",
            Url = new Uri("https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059"),
            LastDue = Due(1),
            LastAt = Due(1).AddMilliseconds(45),
            ETag = "\"abc\"",
            LastModified = "Fri, 04 Dec 2026 09:59:00 GMT",
            Outcome = Outcome.Ok,
            Value = "66.9",
            Number = 66.9,
            Unit = "F",
            ChangedAt = Due(0).AddMilliseconds(40),
        };
        var la = new TargetState { Target = "la", LastDue = Due(1), LastAt = Due(2), Outcome = Outcome.Dns, FailuresInARow = 2 };
        await using (var store = await PostgresSampleStore.OpenAsync(database, Ct))
        {
            await store.WriteAsync([Ok("sf", Due(0), "1")], [], [nyc with { Value = "60", LastDue = Due(0) }, la], Ct);
            await store.WriteAsync([], [], [nyc], Ct);
        }

        await using var reader = await PostgresSampleStore.OpenReadOnlyAsync(database, Ct);
        // sf has samples and no state yet: a row with nothing in it, as in the SQLite store.
        Assert.Equal([la, nyc, new TargetState { Target = "sf" }], await reader.LoadStatesAsync(Ct));
        Assert.Equal(nyc, await reader.LoadStateAsync("nyc", Ct));
        Assert.Equal(la, await reader.LoadStateAsync("la", Ct));
        Assert.Null(await reader.LoadStateAsync("nobody", Ct));
    }

    [Fact]
    public async Task LoadStatesAsync_Cookies_ComeBackToTheWriterAndNotToAReader()
    {
        var database = await databases.CreateAsync();
        var jar = new CookieJar();
        jar.Receive(new Uri("https://www.example.org/app/x"), "session=s-51c9; Secure; HttpOnly");
        await using var writer = await PostgresSampleStore.OpenAsync(database, Ct);
        await writer.WriteAsync([], [], [new TargetState { Target = "nyc", Value = "66.9", Cookies = jar.Save() }], Ct);
        await using var reader = await PostgresSampleStore.OpenReadOnlyAsync(database, Ct);

        var written = Assert.Single(await writer.LoadStatesAsync(Ct));
        var read = Assert.Single(await reader.LoadStatesAsync(Ct));

        Assert.Equal("session=s-51c9", CookieJar.Restore(written.Cookies).HeaderFor(new Uri("https://www.example.org/app/y")));
        Assert.Equal(("66.9", null), (read.Value, read.Cookies));
        Assert.Null((await reader.LoadStateAsync("nyc", Ct))!.Cookies);
    }

    [Fact]
    public async Task ReadEventsAsync_EventsWritten_ComeBackOldestFirstByTimeAndNewestFirstForAFeed()
    {
        WatchEvent[] events =
        [
            new() { Target = "nyc", At = Due(0), Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok },
            new() { Target = "la", At = Due(1), Kind = WatchEventKind.Failure, From = "70", Outcome = Outcome.Dns, Message = "no such host", FailuresInARow = 3 },
            new() { Target = "nyc", At = Due(2), Kind = WatchEventKind.Change, From = "66.9", To = "67.1", Outcome = Outcome.Ok },
            new() { Target = "la", At = Due(3), Kind = WatchEventKind.Recovery, From = "70", To = "71", Outcome = Outcome.Ok },
            new() { Target = "la", At = Due(4), Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = "recovery sent to https://hooks.example (HTTP 204)" },
            new() { Target = "nyc", At = Due(5), Kind = WatchEventKind.NotifyFailed, Outcome = Outcome.Dns, Message = "notify change of nyc to https://hooks.example: dns: no such host" },
        ];
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync([], events[..2], [], Ct);
        await store.WriteAsync([], events[2..], [], Ct);

        Assert.Equal(events, await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal([events[0], events[2], events[5]], await ListAsync(store.ReadEventsAsync("nyc", null, null, Ct)));
        Assert.Equal(events[1..3], await ListAsync(store.ReadEventsAsync(null, Due(1), Due(3), Ct)));
        Assert.Empty(await ListAsync(store.ReadEventsAsync("nobody", null, null, Ct)));

        Assert.Equal([events[5], events[4], events[3]], await store.ReadLatestEventsAsync(null, null, null, 3, Ct));
        Assert.Equal([events[5], events[2]], await store.ReadLatestEventsAsync("nyc", null, null, 2, Ct));
        Assert.Equal([events[2], events[1]], await store.ReadLatestEventsAsync(null, Due(1), Due(3), 10, Ct));
        Assert.Empty(await store.ReadLatestEventsAsync("nobody", null, null, 10, Ct));
    }

    [Fact]
    public async Task ReadEventsAsync_MorePagesThanOneAndEventsOfOneTime_ComeBackInTheOrderWritten()
    {
        // 1,200 events, three to a millisecond: pages of 512 end inside a millisecond.
        var events = Enumerable.Range(0, 1200).Select(i => new WatchEvent
        {
            Target = "nyc", At = Due(i / 3), Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = $"sent {i}",
        }).ToList();
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync([], events, [], Ct);

        Assert.Equal(events, await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal(events[300..900], await ListAsync(store.ReadEventsAsync("nyc", Due(100), Due(300), Ct)));
    }

    private static RetentionPolicy Keep(TimeSpan? byDefault, params (string Target, TimeSpan Keep)[] perTarget) =>
        new(byDefault, perTarget.ToDictionary(p => p.Target, p => p.Keep));

    [Fact]
    public async Task PruneAsync_SamplesAndEventsBeforeEachTargetsCut_Go()
    {
        var nyc = Enumerable.Range(0, 300).Select(i => Ok("nyc", Due(i), "66.9", changed: i == 0)).ToList();
        var la = Enumerable.Range(0, 300).Select(i => Ok("la", Due(i), "70")).ToList();
        WatchEvent[] events =
        [
            new() { Target = "nyc", At = Due(198), Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok },
            new() { Target = "nyc", At = Due(199), Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok },
            new() { Target = "la", At = Due(0), Kind = WatchEventKind.Change, To = "70", Outcome = Outcome.Ok },
        ];
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await store.WriteAsync([.. nyc, .. la], events, [], Ct);

        // nyc keeps 1,000 s by default: its cut is at sample 199; la keeps an hour, all of it.
        var removed = await store.PruneAsync(Keep(TimeSpan.FromSeconds(1000), ("la", TimeSpan.FromHours(1))), Due(299), Ct);

        Assert.Equal(199, removed);
        Assert.Equal([.. la, .. nyc[199..]], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal([events[2], events[1]], await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
    }

    [Fact]
    public async Task PruneAsync_NoKeep_KeepsEverything()
    {
        await using var store = await PostgresSampleStore.OpenAsync(await databases.CreateAsync(), Ct);
        await WriteAsync(store, Ok("nyc", Due(0), "1"), Ok("la", Due(0), "2"));

        Assert.Equal(0, await store.PruneAsync(Keep(null), Due(1), Ct));
        Assert.Equal(1, await store.PruneAsync(Keep(null, ("la", TimeSpan.FromSeconds(5))), Due(1), Ct));
        Assert.Equal([Ok("nyc", Due(0), "1")], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
    }

    [Fact]
    public async Task OpenReadOnlyAsync_RefusesWritesAndPrunes_AndTheServerRefusesItsConnectionsToo()
    {
        var database = await databases.CreateAsync();
        await using (var writer = await PostgresSampleStore.OpenAsync(database, Ct))
        {
            await WriteAsync(writer, Ok("nyc", Due(0), "1"));
        }

        await using var reader = await PostgresSampleStore.OpenReadOnlyAsync(database, Ct);
        await using var readOnly = PostgresSource.Create(database, readOnly: true);
        await using var insert = readOnly.CreateCommand("INSERT INTO gleaner_watch_targets (name) VALUES ('sneaky')");

        Assert.True(reader.IsReadOnly);
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(reader, Ok("nyc", Due(1), "1")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.PruneAsync(Keep(TimeSpan.Zero), Due(9), Ct));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(Ct));

        Assert.Equal($"the sample store in {reader.Database} was opened read-only", write.Message);
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        Assert.Single(await ListAsync(reader.ReadSamplesAsync(null, null, null, Ct)));
    }

    [Fact]
    public async Task OpenReadOnlyAsync_EmptyDatabase_IsRefusedAndCreatesNothing()
    {
        var database = await databases.CreateAsync();

        var e = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => PostgresSampleStore.OpenReadOnlyAsync(database, Ct));

        Assert.Equal($"{PostgresSource.Describe(database)} has no sample store (no watch has written to it); check the connection string", e.Message);
        Assert.Equal(0L, await SqlAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task OpenAsync_SeveralWritersAtOnceOnANewDatabase_AllOpenOnTheTablesOneOfThemMade()
    {
        var database = await databases.CreateAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSampleStore.OpenAsync(database, Ct))));
        try
        {
            await WriteAsync(stores[3], Ok("nyc", Due(0), "1"));
            Assert.Single(await ListAsync(stores[0].ReadSamplesAsync(null, null, null, Ct)));
            Assert.Equal("format=gleaner-watch,samples_schema=2", await SqlAsync(database, "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM gleaner_watch_meta"));
            Assert.Equal("gleaner_watch_events,gleaner_watch_meta,gleaner_watch_samples,gleaner_watch_targets",
                await SqlAsync(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    public static TheoryData<string, string, string> NotStores => new()
    {
        {
            "CREATE TABLE gleaner_watch_meta (name text PRIMARY KEY, value text NOT NULL); INSERT INTO gleaner_watch_meta VALUES ('format', 'other')",
            "has a table gleaner_watch_meta that is not Gleaner's (its format is 'other', not 'gleaner-watch'); use another database",
            "same"
        },
        {
            "CREATE TABLE gleaner_watch_meta (key text, setting text)",
            "has a table gleaner_watch_meta that is not Gleaner's (column \"name\" does not exist); use another database",
            "same"
        },
        {
            "UPDATE gleaner_watch_meta SET value = '99' WHERE name = 'samples_schema'",
            "has a sample store written by a newer Gleaner (version 99; this one reads up to 2); use that version or another database",
            "same"
        },
        {
            "CREATE TABLE gleaner_watch_samples (id int)",
            "holds a table or index of the sample store that Gleaner did not make (relation \"gleaner_watch_samples\" already exists); use another database",
            "has no sample store (no watch has written to it); check the connection string"
        },
    };

    [Theory]
    [MemberData(nameof(NotStores))]
    public async Task Open_DatabaseWhoseWatchTablesAreNotThisGleanersStore_IsRefusedNamingTheDatabase(string setup, string writing, string reading)
    {
        var database = await databases.CreateAsync();
        if (setup.StartsWith("UPDATE", StringComparison.Ordinal))
        {
            await (await PostgresSampleStore.OpenAsync(database, Ct)).DisposeAsync();
        }

        await SqlAsync(database, setup);
        var before = await SqlAsync(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'");

        var write = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => PostgresSampleStore.OpenAsync(database, Ct));
        var read = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => PostgresSampleStore.OpenReadOnlyAsync(database, Ct));

        Assert.Equal($"{PostgresSource.Describe(database)} {writing}", write.Message);
        Assert.Equal($"{PostgresSource.Describe(database)} {(reading == "same" ? writing : reading)}", read.Message);
        Assert.Equal(before, await SqlAsync(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"));
    }

    private static Task WriteAsync(PostgresSampleStore store, params Sample[] samples) => store.WriteAsync(samples, [], [], Ct);
}
