using System.Text;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Cluster.Watching;
using Gleaner.Postgres;
using Gleaner.Watching;
using Npgsql;
using static Gleaner.Cluster.Tests.Processes.PostgresDatabases;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Cluster.Tests.Storage;

/// <summary>
/// The watch tables for a PostgreSQL user who may not create tables (since PostgreSQL 15, only the database's owner may
/// in its public schema): opening is refused in one message that says what the owner can run, nothing is made, and
/// once the owner ran the schema's SQL (and the grant), the user's store and registry open and work.
/// </summary>
public sealed class PostgresWatchTablesRightsTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string As(string database, string user) => new NpgsqlConnectionStringBuilder(database) { Username = user }.ConnectionString;

    private static async Task<object?> TablesAsync(string database) =>
        await SqlAsync(database, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE schemaname = 'public'");

    [Fact]
    public async Task OpenAsync_UserWithoutCreateRights_IsRefusedInOneMessage_AndOpensOnceTheOwnerRanTheSchemaAndTheGrant()
    {
        var database = await databases.CreateAsync();
        await SqlAsync(database, "CREATE ROLE crawler LOGIN");
        var crawler = As(database, "crawler");
        var name = new NpgsqlConnectionStringBuilder(database).Database;

        var missing = await Assert.ThrowsAsync<WatchTablesPermissionException>(() => PostgresSampleStore.OpenAsync(crawler, Ct));

        Assert.Equal(
            $"PostgreSQL user 'crawler' may not create the sample store's tables in {PostgresSource.Describe(crawler)} (permission denied for schema public); "
            + $"have the database's owner create them once: 'gleaner-cluster schema --store --grant-to crawler | psql -d {name}'",
            missing.Message);
        Assert.Equal("", await TablesAsync(database));

        // The owner runs the schema without the grant: the tables are there, and the user may not read them yet.
        await SqlAsync(database, PostgresSampleStore.SchemaSql());
        var ungranted = await Assert.ThrowsAsync<WatchTablesPermissionException>(() => PostgresSampleStore.OpenAsync(crawler, Ct));
        var ungrantedReader = await Assert.ThrowsAsync<WatchTablesPermissionException>(() => PostgresSampleStore.OpenReadOnlyAsync(crawler, Ct));

        Assert.Equal(
            $"PostgreSQL user 'crawler' may not use the sample store's tables in {PostgresSource.Describe(crawler)} (permission denied for table gleaner_watch_meta); "
            + "have the database's owner run 'GRANT SELECT, INSERT, UPDATE, DELETE ON gleaner_watch_meta, gleaner_watch_targets, gleaner_watch_samples, gleaner_watch_events TO \"crawler\";'",
            ungranted.Message);
        Assert.EndsWith(
            "have the database's owner run 'GRANT SELECT ON gleaner_watch_meta, gleaner_watch_targets, gleaner_watch_samples, gleaner_watch_events TO \"crawler\";'",
            ungrantedReader.Message, StringComparison.Ordinal);

        await SqlAsync(database, "GRANT SELECT, INSERT, UPDATE, DELETE ON gleaner_watch_meta, gleaner_watch_targets, gleaner_watch_samples, gleaner_watch_events TO crawler");
        await using var store = await PostgresSampleStore.OpenAsync(crawler, Ct);
        WatchEvent change = new() { Target = "nyc", At = Due(0), Kind = WatchEventKind.Change, To = "1", Outcome = Outcome.Ok };
        await store.WriteAsync([Ok("nyc", Due(0), "1")], [change], [new TargetState { Target = "nyc", Value = "1" }], Ct);

        Assert.Equal([Ok("nyc", Due(0), "1")], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal([change], await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal("1", (await store.LoadStateAsync("nyc", Ct))!.Value);
        Assert.Equal("format=gleaner-watch,samples_schema=2", await SqlAsync(database, "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM gleaner_watch_meta"));
    }

    [Fact]
    public async Task OpenPostgresAsync_UserWithoutCreateRights_OpensTheStoreAndRegistryOnceTheOwnerRanTheWatchStoresSchema()
    {
        var database = await databases.CreateAsync();
        await SqlAsync(database, "CREATE ROLE silo_user LOGIN");
        var user = As(database, "silo_user");

        var store = await Assert.ThrowsAsync<WatchTablesPermissionException>(() => WatchStorage.OpenPostgresAsync(user, Ct));
        await SqlAsync(database, PostgresSampleStore.SchemaSql("silo_user"));
        var registry = await Assert.ThrowsAsync<WatchTablesPermissionException>(() => WatchStorage.OpenPostgresAsync(user, Ct));

        Assert.StartsWith("PostgreSQL user 'silo_user' may not create the sample store's tables in ", store.Message, StringComparison.Ordinal);
        Assert.StartsWith("PostgreSQL user 'silo_user' may not create the watch registry's tables in ", registry.Message, StringComparison.Ordinal);
        Assert.Equal("gleaner_watch_events,gleaner_watch_meta,gleaner_watch_samples,gleaner_watch_targets", await TablesAsync(database));

        await SqlAsync(database, PostgresWatchRegistry.SchemaSql("silo_user"));
        await using var storage = await WatchStorage.OpenPostgresAsync(user, Ct);
        var spec = Encoding.UTF8.GetBytes("every: 10s");
        await storage.Registry.RegisterAsync("east", [new RegisteredTarget("nyc", spec)], Ct);
        await storage.Registry.ClaimAsync("nyc", "silo-a", Ct);
        await storage.Samples.WriteAsync([Ok("nyc", Due(0), "1")], [], [], Ct);

        Assert.Equal(spec, await storage.Registry.ReadSpecAsync("nyc", Ct));
        Assert.Equal(["nyc"], await storage.Registry.TakeOrphansAsync("silo-a", Ct));
        Assert.Single(await ListAsync(storage.Samples.ReadSamplesAsync("nyc", null, null, Ct)));
    }

    [Fact]
    public void PostgresSchemaSql_IsTheSampleStoresThenTheRegistrys_EachOneTransactionWithItsGrant()
    {
        var sql = WatchStorage.PostgresSchemaSql("Crawler\"1");

        Assert.Equal(PostgresSampleStore.SchemaSql("Crawler\"1") + PostgresWatchRegistry.SchemaSql("Crawler\"1"), sql);
        Assert.Equal(2, sql.Split("BEGIN;\n").Length - 1);
        Assert.Equal(2, sql.Split("COMMIT;\n").Length - 1);
        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE ON gleaner_watch_meta, gleaner_watch_registry TO \"Crawler\"\"1\";\nCOMMIT;\n", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("GRANT", PostgresSampleStore.SchemaSql(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PostgresSampleStore.SchemaSql("a\0b"));
    }
}
