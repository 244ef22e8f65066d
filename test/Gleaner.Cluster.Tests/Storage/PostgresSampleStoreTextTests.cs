using Gleaner.Cluster.Tests.Processes;
using Gleaner.Postgres;
using Gleaner.Watching;
using static Gleaner.Cluster.Tests.Processes.PostgresDatabases;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Cluster.Tests.Storage;

/// <summary>
/// Texts in the PostgreSQL sample store: one with U+0000 (which <c>text</c> cannot hold) comes back exactly, as does one
/// with the escape ␀; every other text is kept as written, for psql; a target name with U+0000 is refused; and a store
/// of version 1, whose texts were never escaped, reads its ␀ back as it was written.
/// </summary>
public sealed class PostgresSampleStoreTextTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    /// <summary>Each text and how the store keeps it.</summary>
    private static readonly (string Text, string Kept)[] Texts =
    [
        ("a\0b", "a␀0b"),
        ("\0", "␀0"),
        ("␀", "␀␀"),
        ("␀0", "␀␀0"),
        ("x␀\0y␀␀", "x␀␀␀0y␀␀␀␀"),
        ("\0␀0\0", "␀0␀␀0␀0"),
        ("end␀", "end␀␀"),
        ("66.9 \\0 ⌀ \u2401", "66.9 \\0 ⌀ \u2401"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_EveryFreeTextWithNulOrTheEscape_ComesBackExactly_AndIsKeptEscapedOnlyThen()
    {
        var database = await databases.CreateAsync();
        var samples = Texts.Select((t, i) => Ok("nyc", Due(i), t.Text, unit: t.Text) with { Error = t.Text }).ToList();
        var events = Texts.Select((t, i) => new WatchEvent
        {
            Target = "nyc", At = Due(i), Kind = WatchEventKind.Change, From = t.Text, To = t.Text, Outcome = Outcome.Ok, Message = t.Text,
        }).ToList();
        var states = Texts.Select((t, i) => new TargetState
        {
            Target = $"t{i}",
            Url = new Uri($"https://example.org/{i}?q={t.Text.Replace("\0", "", StringComparison.Ordinal)}"),
            Unit = t.Text,
            ETag = t.Text,
            LastModified = t.Text,
            Value = t.Text,
        }).ToList();
        await using (var writer = await PostgresSampleStore.OpenAsync(database, Ct))
        {
            await writer.WriteAsync(samples, events, states, Ct);
            Assert.Equal(states, (await writer.LoadStatesAsync(Ct)).Where(s => s.Target != "nyc"));
        }

        await using var reader = await PostgresSampleStore.OpenReadOnlyAsync(database, Ct);
        Assert.Equal(samples, await ListAsync(reader.ReadSamplesAsync("nyc", null, null, Ct)));
        Assert.Equal(samples[^3..], await ListAsync(reader.ReadLatestSamplesAsync("nyc", 3, Ct)));
        Assert.Equal(events, await ListAsync(reader.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal(events[^1], Assert.Single(await reader.ReadLatestEventsAsync("nyc", null, null, 1, Ct)));
        Assert.Equal(states, (await reader.LoadStatesAsync(Ct)).Where(s => s.Target != "nyc"));
        Assert.Equal(states[0], await reader.LoadStateAsync("t0", Ct));

        var kept = string.Join('|', Texts.Select(t => t.Kept));
        foreach (var (table, columns, order) in new[]
        {
            ("gleaner_watch_samples", new[] { "value", "unit", "error" }, "due"),
            ("gleaner_watch_events", ["from_value", "to_value", "message"], "at"),
            ("gleaner_watch_targets", ["unit", "etag", "last_modified", "value"], "name"),
        })
        {
            foreach (var column in columns)
            {
                var where = table == "gleaner_watch_targets" ? "name <> 'nyc'" : "true";
                Assert.Equal(kept, await SqlAsync(database, $"SELECT string_agg({column}, '|' ORDER BY {order}) FROM {table} WHERE {where}"));
            }
        }
    }

    [Fact]
    public async Task WriteAsync_TargetNameWithNul_IsRefusedNamingIt_AndNothingOfTheBatchIsWritten()
    {
        var database = await databases.CreateAsync();
        await using var store = await PostgresSampleStore.OpenAsync(database, Ct);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([Ok("nyc", Due(0), "1"), Ok("a\0b", Due(0), "2")], [], [], Ct));
        var state = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([], [], [new TargetState { Target = "\0" }], Ct));
        var read = await Assert.ThrowsAsync<ArgumentException>(() => store.LoadStateAsync("a\0b", Ct));

        Assert.Equal("the target name 'a\\x00b' holds U+0000 (NUL), which PostgreSQL cannot keep in a name (Parameter 'target')", e.Message);
        Assert.Equal("the target name '\\x00' holds U+0000 (NUL), which PostgreSQL cannot keep in a name (Parameter 'target')", state.Message);
        Assert.Equal(e.Message, read.Message);
        Assert.Equal(0L, await SqlAsync(database, "SELECT (SELECT count(*) FROM gleaner_watch_samples) + (SELECT count(*) FROM gleaner_watch_targets)"));
    }

    [Fact]
    public async Task OpenAsync_StoreOfVersion1WithTheEscapeInItsTexts_IsUpgradedAndReadsThemBackAsWritten()
    {
        var database = await databases.CreateAsync();
        // A store as version 1 made it, with texts it kept as given: ␀ meant nothing then.
        await SqlAsync(database, $"""
            CREATE TABLE gleaner_watch_meta (name text PRIMARY KEY, value text NOT NULL);
            INSERT INTO gleaner_watch_meta VALUES ('format', 'gleaner-watch'), ('samples_schema', '1');
            {SampleTables.Part.Steps[0]}
            INSERT INTO gleaner_watch_targets (name, value, etag) VALUES ('nyc', 'a␀b', '"␀0"');
            INSERT INTO gleaner_watch_samples VALUES ('nyc', '{Due(0):O}', '{Due(0):O}', '{Due(0):O}', 'ok', '␀', NULL, '␀F', 200,
                0, 0, 0, 0, 0, 0, 0, 1, false, false, 'x␀');
            INSERT INTO gleaner_watch_events (target, at, kind, from_value, to_value, outcome, message, failures)
                VALUES ('nyc', '{Due(0):O}', 'change', '␀␀', NULL, 'ok', 'to ␀', 0);
            """);

        await using var store = await PostgresSampleStore.OpenAsync(database, Ct);

        var sample = Assert.Single(await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        var e = Assert.Single(await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        var state = await store.LoadStateAsync("nyc", Ct);
        Assert.Equal(("␀", "␀F", "x␀"), (sample.Value, sample.Unit, sample.Error));
        Assert.Equal(("␀␀", null, "to ␀"), (e.From, e.To, e.Message));
        Assert.Equal(("a␀b", "\"␀0\""), (state!.Value, state.ETag));
        Assert.Equal("format=gleaner-watch,samples_schema=2", await SqlAsync(database, "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM gleaner_watch_meta"));
    }
}
