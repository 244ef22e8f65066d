using Gleaner.Postgres;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Npgsql;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// Where a silo's watched targets keep what they know: the samples, events and states (<see cref="Samples"/>) and the
/// registry of watched targets (<see cref="Registry"/>), both shared by every silo (PostgreSQL), or a SQLite file on a
/// cluster of one. Disposed with the silo.
/// </summary>
/// <param name="Samples">The sample store.</param>
/// <param name="Registry">The registry of watched targets.</param>
/// <param name="Describe">The store for messages, never a password: e.g. "SQLite at watch.db".</param>
public sealed record WatchStorage(ISampleStore Samples, IWatchRegistry Registry, string Describe) : IAsyncDisposable
{
    /// <summary>The store of a cluster of one: the SQLite sample store at <paramref name="path"/> (created when absent), its registry inside.</summary>
    public static async Task<WatchStorage> OpenSqliteAsync(string path, CancellationToken cancellationToken = default)
    {
        var samples = await SqliteSampleStore.OpenAsync(path, cancellationToken);
        try
        {
            return new WatchStorage(samples, await SqliteWatchRegistry.OpenAsync(path, cancellationToken), $"SQLite at {path}");
        }
        catch
        {
            await samples.DisposeAsync();
            throw;
        }
    }

    /// <summary>The store silos share: samples and registry in the PostgreSQL database <paramref name="connectionString"/> names (tables made when missing).</summary>
    /// <remarks>
    /// Each silo opens two pools, at most <see cref="SamplePoolSize"/> and <see cref="RegistryPoolSize"/> connections
    /// (fewer when the connection string asks): with Npgsql's default of 100 each, three silos activating their targets
    /// at once asked a PostgreSQL that allows 100 connections (its default) for up to 600, and it refused them
    /// ("53300: sorry, too many clients already", bench/cluster watch). A silo's samples go through one writer.
    /// </remarks>
    public static async Task<WatchStorage> OpenPostgresAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var samples = await PostgresSampleStore.OpenAsync(Pooled(connectionString, SamplePoolSize), cancellationToken);
        try
        {
            return new WatchStorage(samples, await PostgresWatchRegistry.OpenAsync(Pooled(connectionString, RegistryPoolSize), cancellationToken),
                PostgresConnection.Describe(connectionString));
        }
        catch
        {
            await samples.DisposeAsync();
            throw;
        }
    }

    /// <summary>The most connections a silo's sample store holds.</summary>
    public const int SamplePoolSize = 10;

    /// <summary>The most connections a silo's registry holds.</summary>
    public const int RegistryPoolSize = 5;

    private static string Pooled(string connectionString, int most)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        settings.MaxPoolSize = Math.Min(settings.MaxPoolSize, most);
        settings.MinPoolSize = Math.Min(settings.MinPoolSize, settings.MaxPoolSize);
        return settings.ConnectionString;
    }

    /// <summary>
    /// The SQL that creates the store silos share (the sample store's tables and the registry's) in a PostgreSQL
    /// database that has none, for its owner to run once with psql when the silos' user may not create tables;
    /// <paramref name="grantTo"/> also lets that user read and write them.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grantTo"/> is empty or holds U+0000.</exception>
    public static string PostgresSchemaSql(string? grantTo = null) =>
        PostgresSampleStore.SchemaSql(grantTo) + PostgresWatchRegistry.SchemaSql(grantTo);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Samples.DisposeAsync();
    }
}
