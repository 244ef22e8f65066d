using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Storage.Samples;

public sealed class SqliteSampleStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private string StorePath => _folder.File("watch.db");

    /// <summary>A day's mix for one target: runs of equal values, 304s, changes, failures, a text value, a skipped due.</summary>
    private static List<Sample> Mixed(string target) =>
    [
        Ok(target, Due(0), "66.9", changed: true),
        Ok(target, Due(1), "66.9", lateMs: 0, tookMs: 0),
        Ok(target, Due(2), "66.9", lateMs: 63, tookMs: 127),
        NotModified(target, Due(3), "66.9"),
        NotModified(target, Due(4), "66.9", lateMs: 900, tookMs: 2),
        Ok(target, Due(5), "67.1", changed: true),
        Failed(target, Due(6), Outcome.HeadersTimeout, "no response headers within 10s", attempts: 3),
        Failed(target, Due(7), Outcome.HeadersTimeout, "no response headers within 10s", attempts: 3, lateMs: 1500),
        Ok(target, Due(8), "67.1"),
        Ok(target, Due(9), "67.1", lateMs: 2500, tookMs: 1200, attempts: 2),
        Ok(target, Due(12), "67.1"),
        NotModified(target, Due(13), "67.1"),
        Ok(target, Due(14), "n/a", changed: true, unit: null),
        Failed(target, Due(15), Outcome.HttpStatus, "HTTP 503 Service Unavailable", status: 503),
        Ok(target, Due(16), "-0", changed: true),
        Ok(target, Due(17), "66.90", changed: true) with { Number = 66.9 },
        Ok(target, Due(18), "1e3", changed: true),
    ];

    [Fact]
    public async Task ReadSamplesAsync_MixedSamplesInBatches_GivesEachBackExactly()
    {
        var nyc = Mixed("nyc");
        var la = Mixed("la").Select(s => s with { Due = s.Due.AddMilliseconds(1), Started = s.Started.AddMilliseconds(1), Finished = s.Finished.AddMilliseconds(1) }).ToList();
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            // Interleaved as a watch writes them, a run cut across batches.
            await store.WriteAsync([.. nyc[..2], .. la[..3]], [], [], Ct);
            await store.WriteAsync([.. la[3..], .. nyc[2..4]], [], [], Ct);
        }

        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync(nyc[4..], [], [], Ct);
            Assert.Equal([.. la, .. nyc], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
            Assert.Equal(nyc, await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));
        }

        // The first five (304s join 200s), the change, two failures, four oks (a late one, a missed due, a 304), then
        // one row each: 9 rows for 17 samples. The run cut across batches and a reopen stayed one row.
        Assert.Equal(9L, await Sql.ScalarAsync(StorePath, "SELECT count(*) FROM runs JOIN targets t ON t.id = target WHERE t.name = 'nyc'"));
        Assert.Equal("5,1,2,4,1,1,1,1,1", await Sql.ScalarAsync(StorePath, "SELECT group_concat(count) FROM (SELECT count FROM runs JOIN targets t ON t.id = target WHERE t.name = 'nyc' ORDER BY first_due)"));
    }

    [Fact]
    public async Task ReadSamplesAsync_NumberThatIsTheValueText_IsKeptOnceAndReadBack()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            Sample[] samples =
            [
                Ok("a", Due(0), "66.9"),
                Ok("b", Due(0), "66.90"),
                Ok("c", Due(0), "66.9 F") with { Number = 66.9 },
                Ok("d", Due(0), "007") with { Number = null },
            ];
            await WriteAsync(store, samples);
            Assert.Equal(samples, await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        }

        Assert.Equal("a:2:,b:2:,c:0:66.9,d:0:", await Sql.ScalarAsync(StorePath,
            "SELECT group_concat(t.name || ':' || r.flags || ':' || coalesce(r.number, ''), ',') FROM runs r JOIN targets t ON t.id = r.target"));
    }

    [Fact]
    public async Task ReadSamplesAsync_TimesFinerThanAMillisecond_ComeBackInUtcToTheMillisecond()
    {
        var due = new DateTimeOffset(2026, 12, 4, 11, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567);
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await WriteAsync(store, Ok("nyc", due, "1") with { Started = due.AddTicks(5000), Finished = due.AddTicks(5433) });

        var read = Assert.Single(await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));

        var utc = new DateTimeOffset(2026, 12, 4, 10, 0, 0, 123, TimeSpan.Zero);
        Assert.Equal((utc, utc, utc.AddMilliseconds(1)), (read.Due, read.Started, read.Finished));
        Assert.Equal(TimeSpan.Zero, read.Due.Offset);
    }

    [Fact]
    public async Task ReadLatestSamplesAsync_AcrossRowsOfEqualSamples_GivesTheLastCountOldestFirst()
    {
        // Rows of 100 equal samples, then one of 10: the last 150 begin inside the second row from the end.
        var samples = Enumerable.Range(0, 310).Select(i => Ok("nyc", Due(i), (i / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await store.WriteAsync(samples, [], [], Ct);
        await WriteAsync(store, Ok("la", Due(400), "1"));

        Assert.Equal(samples[160..], await ListAsync(store.ReadLatestSamplesAsync("nyc", 150, Ct)));
        Assert.Equal(samples[309..], await ListAsync(store.ReadLatestSamplesAsync("nyc", 1, Ct)));
        Assert.Equal(samples, await ListAsync(store.ReadLatestSamplesAsync("nyc", 1000, Ct)));
        Assert.Empty(await ListAsync(store.ReadLatestSamplesAsync("nobody", 60, Ct)));
    }

    [Fact]
    public async Task WriteAsync_MoreEqualSamplesThanARowHolds_StartsANewRowAtTheCap()
    {
        var samples = Enumerable.Range(0, RunRow.Capacity + 10).Select(i => Ok("nyc", Due(i), "66.9")).ToList();
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync(samples[..100], [], [], Ct);
            await store.WriteAsync(samples[100..], [], [], Ct);
            Assert.Equal(samples, await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));
        }

        Assert.Equal("256,10", await Sql.ScalarAsync(StorePath, "SELECT group_concat(count) FROM (SELECT count FROM runs ORDER BY first_due)"));
        Assert.Equal(Due(256).ToUnixTimeMilliseconds(), await Sql.ScalarAsync(StorePath, "SELECT max(first_due) FROM runs"));
    }

    [Fact]
    public async Task ReadSamplesAsync_Range_GivesTheSamplesDueInItAcrossRows()
    {
        var samples = Enumerable.Range(0, 600).Select(i => Ok("nyc", Due(i), (i / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await store.WriteAsync(samples, [], [], Ct);
        await WriteAsync(store, Ok("la", Due(150), "1"));

        Assert.Equal(samples[150..420], await ListAsync(store.ReadSamplesAsync("nyc", Due(150), Due(420), Ct)));
        Assert.Equal(samples[599..], await ListAsync(store.ReadSamplesAsync("nyc", Due(599), null, Ct)));
        Assert.Equal(samples[..1], await ListAsync(store.ReadSamplesAsync("nyc", Due(-5), Due(0).AddMilliseconds(1), Ct)));
        Assert.Empty(await ListAsync(store.ReadSamplesAsync("nyc", Due(600), null, Ct)));
        Assert.Empty(await ListAsync(store.ReadSamplesAsync("nobody", null, null, Ct)));
        Assert.Equal(2, (await ListAsync(store.ReadSamplesAsync(null, Due(150), Due(151), Ct))).Count);
    }

    [Fact]
    public async Task WriteAsync_BatchThatFails_LeavesNothingAndTheNextBatchContinuesTheRun()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await WriteAsync(store, Ok("nyc", Due(0), "1", changed: true), Ok("nyc", Due(1), "1"));
            Sample broken = Ok("nyc", Due(3), "1") with { Target = null! };
            await Assert.ThrowsAsync<ArgumentNullException>(() => WriteAsync(store, Ok("nyc", Due(2), "1"), Ok("new", Due(2), "5"), broken));
            await WriteAsync(store, Ok("nyc", Due(2), "1"));

            Assert.Equal([Ok("nyc", Due(0), "1", changed: true), Ok("nyc", Due(1), "1"), Ok("nyc", Due(2), "1")],
                await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        }

        Assert.Equal("nyc:3", await Sql.ScalarAsync(StorePath, "SELECT group_concat(t.name || ':' || count) FROM runs JOIN targets t ON t.id = target"));
        Assert.Equal(1L, await Sql.ScalarAsync(StorePath, "SELECT count(*) FROM targets"));
    }

    [Fact]
    public async Task LoadStatesAsync_StatesWritten_ComeBackAsLastWritten()
    {
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
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync([], [], [nyc with { Value = "60", LastDue = Due(0) }, la], Ct);
            await store.WriteAsync([], [], [nyc], Ct);
        }

        await using var reader = await SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct);
        Assert.Equal([la, nyc], await reader.LoadStatesAsync(Ct));
        Assert.Equal(nyc, await reader.LoadStateAsync("nyc", Ct));
        Assert.Equal(la, await reader.LoadStateAsync("la", Ct));
        Assert.Null(await reader.LoadStateAsync("nobody", Ct));
    }

    [Fact]
    public async Task ReadEventsAsync_EventsWritten_ComeBackOldestFirstByTargetAndTime()
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
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
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
    public async Task OpenAsync_NewFile_IsWalWithIncrementalAutoVacuum()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            Assert.False(store.IsReadOnly);
        }

        Assert.Equal("wal", await Sql.ScalarAsync(StorePath, "PRAGMA journal_mode"));
        Assert.Equal(2L, await Sql.ScalarAsync(StorePath, "PRAGMA auto_vacuum"));
        Assert.Equal($"{SampleStoreSchema.Current}", await Sql.ScalarAsync(StorePath, "SELECT value FROM meta WHERE name = 'schema'"));
    }

    [Fact]
    public async Task OpenAsync_SecondWriter_IsRefusedWhileTheFirstHoldsTheFile()
    {
        await using (var first = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            var e = await Assert.ThrowsAsync<FileInUseException>(() => SqliteSampleStore.OpenAsync(StorePath, Ct));
            Assert.StartsWith($"{StorePath} is in use by another run in this process", e.Message, StringComparison.Ordinal);
        }

        await using var next = await SqliteSampleStore.OpenAsync(StorePath, Ct);
    }

    [Fact]
    public async Task OpenReadOnlyAsync_WhileAWriterWrites_ReadsEachCommittedBatchAndWritesNothing()
    {
        await using var writer = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await WriteAsync(writer, Ok("nyc", Due(0), "1", changed: true));
        await using var reader = await SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct);

        Assert.Single(await ListAsync(reader.ReadSamplesAsync("nyc", null, null, Ct)));
        await using (var pages = reader.ReadSamplesAsync(null, null, null, Ct).GetAsyncEnumerator(Ct))
        {
            // A read in progress holds nothing the writer needs.
            Assert.True(await pages.MoveNextAsync());
            await WriteAsync(writer, Ok("nyc", Due(1), "1"), Ok("nyc", Due(2), "2", changed: true));
        }

        Assert.Equal(3, (await ListAsync(reader.ReadSamplesAsync("nyc", null, null, Ct))).Count);
        Assert.True(reader.IsReadOnly);
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(reader, Ok("nyc", Due(3), "2")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.PruneAsync(new RetentionPolicy(TimeSpan.Zero, new Dictionary<string, TimeSpan>()), Due(9), Ct));
    }

    [Fact]
    public async Task OpenReadOnlyAsync_NoFile_IsFileNotFoundAndCreatesNone()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct));

        Assert.Equal($"no sample store at {StorePath}", e.Message);
        Assert.False(File.Exists(StorePath));
    }

    public static TheoryData<string, string> NotStores => new()
    {
        { "garbage", "(it is not a SQLite database)" },
        { "empty", "(it is empty)" },
        { "other", "(it holds other tables)" },
        { "state", "(a run's state or another program's file)" },
        { "newer", "was written by a newer Gleaner (sample store schema 99; this one reads up to " },
    };

    [Theory]
    [MemberData(nameof(NotStores))]
    public async Task Open_FileThatIsNotASampleStore_IsRefusedNamingTheFileAndLeftAsItWas(string kind, string reason)
    {
        switch (kind)
        {
            case "garbage":
                await File.WriteAllTextAsync(StorePath, "temperature,66.9\n".PadRight(2048, '#'), Ct);
                break;
            case "empty":
                await File.WriteAllBytesAsync(StorePath, [], Ct);
                break;
            case "other":
                await Sql.ExecuteAsync(StorePath, "CREATE TABLE prices (item TEXT, price REAL)");
                break;
            case "state":
                await using (await StateStore.OpenAsync(StorePath, "job", Ct))
                {
                }

                break;
            case "newer":
                await using (await SqliteSampleStore.OpenAsync(StorePath, Ct))
                {
                }

                await Sql.ExecuteAsync(StorePath, "UPDATE meta SET value = '99' WHERE name = 'schema'");
                break;
        }

        var before = await File.ReadAllBytesAsync(StorePath, Ct);

        var read = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct));
        Assert.StartsWith(StorePath + " ", read.Message, StringComparison.Ordinal);
        Assert.Contains(reason, read.Message, StringComparison.Ordinal);
        if (kind != "empty")
        {
            // A writer makes an empty file a store; any other is refused.
            var write = await Assert.ThrowsAsync<SampleStoreMismatchException>(() => SqliteSampleStore.OpenAsync(StorePath, Ct));
            Assert.Equal(read.Message, write.Message);
            Assert.Equal(before, await File.ReadAllBytesAsync(StorePath, Ct));
        }
    }
}
