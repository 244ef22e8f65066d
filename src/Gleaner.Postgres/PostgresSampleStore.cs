using System.Runtime.CompilerServices;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Npgsql;

namespace Gleaner.Postgres;

/// <summary>
/// A watch's samples, events and target states in PostgreSQL, shared by every silo of a cluster: many processes
/// write at once (each target by its own grain), and dashboards read beside them. One row per sample, every field
/// kept as written (times to the millisecond, in UTC; timings exactly).
/// </summary>
/// <remarks>
/// Writes are idempotent by key, since a silo that dies may leave a batch to be written again: a sample is unique by
/// target and due time, an event by target, time, kind and message; the first write is kept. A state is replaced.
/// Every text comes back as written, U+0000 included (kept escaped: see <see cref="StoredText"/>); a target name that
/// holds U+0000 is refused with an <see cref="ArgumentException"/>.
/// Calls may come from any thread at once: each takes a pooled connection of its own.
/// </remarks>
public sealed class PostgresSampleStore : ISampleStore
{
    private readonly NpgsqlDataSource _source;

    private PostgresSampleStore(NpgsqlDataSource source, string database, bool readOnly)
    {
        _source = source;
        Database = database;
        IsReadOnly = readOnly;
    }

    /// <summary>The database, for people: its name, host and port (never its password).</summary>
    public string Database { get; }

    /// <summary>True when opened by <see cref="OpenReadOnlyAsync"/>: writes and prunes are refused, cookies not read.</summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// Opens the store in the database <paramref name="connectionString"/> names for writing, creating its tables when
    /// missing and upgrading older ones. Any number of writers may have it open at once.
    /// </summary>
    /// <exception cref="SampleStoreMismatchException">The database's watch tables are not Gleaner's, or a newer Gleaner wrote them.</exception>
    /// <exception cref="WatchTablesPermissionException">The user may not create, upgrade or use the tables (see <see cref="SchemaSql"/>).</exception>
    public static Task<PostgresSampleStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, readOnly: false, cancellationToken);

    /// <summary>
    /// Opens the store for reading only, as a dashboard does: nothing is created, writes are refused (by the server
    /// too), and <see cref="TargetState.Cookies"/> are left out.
    /// </summary>
    /// <exception cref="SampleStoreMismatchException">The database has no sample store of this Gleaner's version.</exception>
    /// <exception cref="WatchTablesPermissionException">The user may not read the tables.</exception>
    public static Task<PostgresSampleStore> OpenReadOnlyAsync(string connectionString, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, readOnly: true, cancellationToken);

    /// <summary>
    /// The SQL that creates the store's tables in a database that has none, in one transaction, for the database's
    /// owner to run once with psql when the writers' user may not create tables (<c>gleaner-cluster schema --store</c>
    /// prints it); <paramref name="grantTo"/> also lets that user read and write them.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grantTo"/> is empty or holds U+0000.</exception>
    public static string SchemaSql(string? grantTo = null) => WatchTables.Script(SampleTables.Part, grantTo);

    /// <inheritdoc />
    /// <remarks>A store opened read-only leaves out <see cref="TargetState.Cookies"/>: only the watch that writes the store sends them.</remarks>
    public async Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default) =>
        await SampleReads.StatesAsync(_source, withCookies: !IsReadOnly, target: null, cancellationToken);

    /// <inheritdoc />
    public async Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return (await SampleReads.StatesAsync(_source, withCookies: !IsReadOnly, target, cancellationToken)).SingleOrDefault();
    }

    /// <inheritdoc />
    /// <remarks>A sample or event already in the store (the same key) is left as it was; a target's state is replaced.</remarks>
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    /// <exception cref="ArgumentException">A target's name holds U+0000: nothing of the batch is written.</exception>
    public Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(states);
        RefuseIfReadOnly();
        return SampleWrites.WriteAsync(_source, samples, events, states, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    public Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        RefuseIfReadOnly();
        return SampleWrites.PruneAsync(_source, policy, now, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Each sample comes back exactly as written, its times to the millisecond in UTC.</remarks>
    public async IAsyncEnumerable<Sample> ReadSamplesAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var targets = target is null ? await SampleReads.TargetNamesAsync(_source, cancellationToken) : [target];
        foreach (var name in targets)
        {
            DateTimeOffset? after = null;
            while (true)
            {
                var page = await SampleReads.SamplesAsync(_source, name, from, to, after, cancellationToken);
                foreach (var sample in page)
                {
                    yield return sample;
                }

                if (page.Count < SampleReads.SamplePage)
                {
                    break;
                }

                after = page[^1].Due;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> ReadLatestSamplesAsync(
        string target, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        foreach (var sample in await SampleReads.LatestSamplesAsync(_source, target, count, cancellationToken))
        {
            yield return sample;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent> ReadEventsAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (DateTimeOffset, long)? after = null;
        while (true)
        {
            var page = await SampleReads.EventsAsync(_source, target, from, to, after, cancellationToken);
            foreach (var (e, _) in page)
            {
                yield return e;
            }

            if (page.Count < SampleReads.EventPage)
            {
                yield break;
            }

            after = (page[^1].Event.At, page[^1].Id);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await SampleReads.LatestEventsAsync(_source, target, from, to, limit, cancellationToken);
    }

    /// <summary>Closes the store's connections.</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task<PostgresSampleStore> OpenAsync(string connectionString, bool readOnly, CancellationToken cancellationToken)
    {
        var database = PostgresSource.Describe(connectionString);
        var source = PostgresSource.Create(connectionString, readOnly);
        try
        {
            if (readOnly)
            {
                await WatchTables.CheckAsync(source, SampleTables.Part, database, cancellationToken);
            }
            else
            {
                await WatchTables.EnsureAsync(source, SampleTables.Part, database, cancellationToken);
            }

            return new PostgresSampleStore(source, database, readOnly);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    private void RefuseIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"the sample store in {Database} was opened read-only");
        }
    }
}
