using System.Text;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Cluster.Watching;
using Gleaner.Postgres;
using static Gleaner.Cluster.Tests.Processes.PostgresDatabases;

namespace Gleaner.Cluster.Tests.Watching;

/// <summary>
/// The cluster's watch registry on PostgreSQL: a registration makes a list's targets exactly those named, a name is one
/// list's only (two lists racing for one name: one wins), and a dead silo's targets go to exactly one taker.
/// </summary>
public sealed class PostgresWatchRegistryTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RegisteredTarget Target(string name, string spec = "every: 10s") => new(name, Encoding.UTF8.GetBytes($"{name}: {spec}"));

    private static string Show(RegistrationChanges c) =>
        $"added {string.Join(',', c.Added)}; changed {string.Join(',', c.Changed)}; removed {string.Join(',', c.Removed)}; unchanged {c.Unchanged}";

    private static string? Text(byte[]? spec) => spec is null ? null : Encoding.UTF8.GetString(spec);

    [Fact]
    public async Task RegisterAsync_ListRegisteredAgain_AddsChangesRemovesAndCountsTheUnchanged()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);

        var first = await registry.RegisterAsync("east", [Target("nyc"), Target("bos"), Target("dc"), Target("phl")], Ct);
        var second = await registry.RegisterAsync("east", [Target("nyc"), Target("bos", "every: 1m"), Target("atl"), Target("phl")], Ct);
        var third = await registry.RegisterAsync("east", [Target("nyc"), Target("bos", "every: 1m"), Target("atl"), Target("phl")], Ct);

        Assert.Equal("added bos,dc,nyc,phl; changed ; removed ; unchanged 0", Show(first));
        Assert.Equal("added atl; changed bos; removed dc; unchanged 2", Show(second));
        Assert.Equal("added ; changed ; removed ; unchanged 4", Show(third));
        Assert.Equal(["atl", "bos", "nyc", "phl"], await registry.NamesAsync(Ct));
        Assert.Equal("bos: every: 1m", Text(await registry.ReadSpecAsync("bos", Ct)));
        Assert.Null(await registry.ReadSpecAsync("dc", Ct));
    }

    [Fact]
    public async Task RegisterAsync_NamesAnotherListsTargets_IsRefusedNamingThemAndTheirListsAndChangesNothing()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);
        await registry.RegisterAsync("east", [Target("nyc"), Target("bos")], Ct);
        await registry.RegisterAsync("south", [Target("atl")], Ct);
        await registry.RegisterAsync("west", [Target("sf")], Ct);

        var e = await Assert.ThrowsAsync<WatchRegistryConflictException>(
            () => registry.RegisterAsync("west", [Target("la"), Target("nyc", "every: 1s"), Target("atl")], Ct));

        Assert.Equal(
            "watch list 'west' names targets that another list registers: atl (list 'south'), nyc (list 'east'); "
            + "a target's name is unique across the cluster, so rename them or remove them from the other list",
            e.Message);
        Assert.Equal(["atl", "bos", "nyc", "sf"], await registry.NamesAsync(Ct));
        Assert.Equal("nyc: every: 10s", Text(await registry.ReadSpecAsync("nyc", Ct)));
    }

    [Fact]
    public async Task RegisterAsync_TwoListsAddTheSameNewNameAtOnce_OneWinsAndTheOtherIsRefused()
    {
        var database = await databases.CreateAsync();
        await using var east = await PostgresWatchRegistry.OpenAsync(database, Ct);
        await using var west = await PostgresWatchRegistry.OpenAsync(database, Ct);

        // Rounds, each a new name, so that some of them do meet in the database.
        for (var round = 0; round < 20; round++)
        {
            var name = $"shared{round}";
            var tries = new[] { ("east", east), ("west", west) }
                .Select(side => Task.Run(async () =>
                {
                    try
                    {
                        await side.Item2.RegisterAsync(side.Item1, [Target($"{side.Item1}{round}"), Target(name)], Ct);
                        return (side.Item1, (string?)null);
                    }
                    catch (WatchRegistryConflictException e)
                    {
                        return (side.Item1, e.Message);
                    }
                }, Ct))
                .ToArray();
            var outcomes = await Task.WhenAll(tries);

            var winner = Assert.Single(outcomes, o => o.Item2 is null).Item1;
            var loser = Assert.Single(outcomes, o => o.Item2 is not null);
            Assert.StartsWith($"watch list '{loser.Item1}' names targets that another list registers: {name} (list '{winner}');", loser.Item2, StringComparison.Ordinal);
            Assert.Equal(winner, await SqlAsync(database, $"SELECT list FROM gleaner_watch_registry WHERE name = '{name}'"));
            Assert.Null(await SqlAsync(database, $"SELECT list FROM gleaner_watch_registry WHERE name = '{loser.Item1}{round}'"));
        }
    }

    [Fact]
    public async Task TakeOrphansAsync_AfterClaims_GivesEachSilosTargetsOnceAndAChangedSpecKeepsItsClaim()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);
        await registry.RegisterAsync("east", [Target("nyc"), Target("bos"), Target("dc")], Ct);
        await registry.ClaimAsync("nyc", "silo-a", Ct);
        await registry.ClaimAsync("dc", "silo-b", Ct);
        await registry.ClaimAsync("bos", "silo-b", Ct);
        await registry.ClaimAsync("bos", "silo-a", Ct);
        await registry.ClaimAsync("nobody", "silo-a", Ct);
        await registry.RegisterAsync("east", [Target("nyc", "every: 1m"), Target("bos"), Target("dc")], Ct);

        Assert.Equal(["bos", "nyc"], await registry.TakeOrphansAsync("silo-a", Ct));
        Assert.Empty(await registry.TakeOrphansAsync("silo-a", Ct));
        Assert.Equal(["dc"], await registry.TakeOrphansAsync("silo-b", Ct));
        Assert.Equal(["bos", "dc", "nyc"], await registry.NamesAsync(Ct));
    }

    [Fact]
    public async Task TakeOrphansAsync_TwoSilosAtOnceForOneDeadSilo_TakeDisjointSetsThatCoverEveryTarget()
    {
        var database = await databases.CreateAsync();
        await using var first = await PostgresWatchRegistry.OpenAsync(database, Ct);
        await using var second = await PostgresWatchRegistry.OpenAsync(database, Ct);
        var names = Enumerable.Range(0, 400).Select(i => $"t{i:D3}").ToList();
        await first.RegisterAsync("big", [.. names.Select(n => Target(n))], Ct);

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(names.Chunk(50).Select(chunk => Task.Run(async () =>
            {
                foreach (var name in chunk)
                {
                    await first.ClaimAsync(name, "dead", Ct);
                }
            }, Ct)));

            var taken = await Task.WhenAll(Task.Run(() => first.TakeOrphansAsync("dead", Ct), Ct), Task.Run(() => second.TakeOrphansAsync("dead", Ct), Ct));

            Assert.Empty(taken[0].Intersect(taken[1]));
            Assert.Equal(names, taken[0].Concat(taken[1]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task NamesAsync_GivesEveryListsTargetsInOrdinalOrder()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);
        await registry.RegisterAsync("one", [Target("b"), Target("é"), Target("B")], Ct);
        await registry.RegisterAsync("two", [Target("a"), Target("_"), Target("Z")], Ct);

        Assert.Equal(["B", "Z", "_", "a", "b", "é"], await registry.NamesAsync(Ct));
        Assert.Equal("added ; changed ; removed B,b,é; unchanged 0", Show(await registry.RegisterAsync("one", [], Ct)));
        Assert.Equal(["Z", "_", "a"], await registry.NamesAsync(Ct));
    }

    [Fact]
    public async Task RegisterAsync_ANameTwice_IsRefusedBeforeAnythingIsWritten()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("east", [Target("nyc"), Target("bos"), Target("nyc", "every: 1m")], Ct));

        Assert.Equal("watch list 'east' names targets more than once: nyc (Parameter 'targets')", e.Message);
        Assert.Empty(await registry.NamesAsync(Ct));
    }

    [Fact]
    public async Task RegisterAsync_NameWithNul_IsRefusedNamingItBeforeAnythingIsWritten()
    {
        await using var registry = await PostgresWatchRegistry.OpenAsync(await databases.CreateAsync(), Ct);

        var target = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("east", [Target("nyc"), Target("a\0b")], Ct));
        var list = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("ea\0st", [Target("nyc")], Ct));

        Assert.Equal("watch list 'east': the target name 'a\\x00b' holds U+0000 (NUL), which PostgreSQL cannot keep in a name (Parameter 'target.Name')", target.Message);
        Assert.Equal("the watch list name 'ea\\x00st' holds U+0000 (NUL), which PostgreSQL cannot keep in a name (Parameter 'list')", list.Message);
        Assert.Empty(await registry.NamesAsync(Ct));
    }

    [Fact]
    public async Task OpenAsync_WatchTablesThatAreNotGleanersOrNewer_IsRefusedAsARegistryMismatch()
    {
        var other = await databases.CreateAsync();
        var newer = await databases.CreateAsync();
        await SqlAsync(other, "CREATE TABLE gleaner_watch_meta (name text PRIMARY KEY, value text NOT NULL); INSERT INTO gleaner_watch_meta VALUES ('format', 'other')");
        await (await PostgresWatchRegistry.OpenAsync(newer, Ct)).DisposeAsync();
        await SqlAsync(newer, "UPDATE gleaner_watch_meta SET value = '7' WHERE name = 'registry_schema'");

        var notOurs = await Assert.ThrowsAsync<WatchRegistryMismatchException>(() => PostgresWatchRegistry.OpenAsync(other, Ct));
        var tooNew = await Assert.ThrowsAsync<WatchRegistryMismatchException>(() => PostgresWatchRegistry.OpenAsync(newer, Ct));

        Assert.Equal($"{PostgresSource.Describe(other)} has a table gleaner_watch_meta that is not Gleaner's (its format is 'other', not 'gleaner-watch'); use another database", notOurs.Message);
        Assert.Equal($"{PostgresSource.Describe(newer)} has a watch registry written by a newer Gleaner (version 7; this one reads up to 1); use that version or another database", tooNew.Message);
    }

    [Fact]
    public async Task OpenAsync_BesideTheSampleStore_KeepsBothVersionsInOneMetaTable()
    {
        var database = await databases.CreateAsync();
        await using (await PostgresSampleStore.OpenAsync(database, Ct))
        await using (await PostgresWatchRegistry.OpenAsync(database, Ct))
        {
        }

        Assert.Equal("format=gleaner-watch,registry_schema=1,samples_schema=2",
            await SqlAsync(database, "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM gleaner_watch_meta"));
    }
}
