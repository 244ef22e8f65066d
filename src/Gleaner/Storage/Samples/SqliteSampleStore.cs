using System.Runtime.CompilerServices;
using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// A watch's samples, events and target states in one SQLite file (WAL), where an unchanged sample costs a few bytes
/// rather than a row: consecutive equal samples of a target share one row, which keeps only each sample's times,
/// attempts and 304 flag. One writer (<see cref="OpenAsync"/>) holds the file; readers
/// (<see cref="OpenReadOnlyAsync"/>) may read it meanwhile.
/// </summary>
/// <remarks>
/// Times are kept to the millisecond, in UTC. Calls may come from any thread; they take turns on the one connection,
/// and a read takes its turn a page at a time, so a long read does not hold up writes.
/// </remarks>
public sealed class SqliteSampleStore : ISampleStore
{
    /// <summary>SQLITE_CORRUPT.</summary>
    private const int Corrupt = 11;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SampleWriter? _writer;
    private readonly FileLock? _lock;
    private bool _disposed;

    private SqliteSampleStore(string path, SqliteConnection connection, FileLock? fileLock)
    {
        Path = path;
        _connection = connection;
        _lock = fileLock;
        _writer = fileLock is null ? null : new SampleWriter(connection);
    }

    /// <summary>The store's file, as given.</summary>
    public string Path { get; }

    /// <summary>True when opened by <see cref="OpenReadOnlyAsync"/>: writes and prunes are refused.</summary>
    public bool IsReadOnly => _writer is null;

    /// <summary>
    /// Opens the store at <paramref name="path"/> for writing, creating it when absent and upgrading an older one, and
    /// holds it until disposed: one writer per file.
    /// </summary>
    /// <exception cref="FileInUseException">Another watch, in this process or another, holds the file.</exception>
    /// <exception cref="SampleStoreMismatchException">The file is not a sample store, or a newer Gleaner wrote it.</exception>
    public static async Task<SqliteSampleStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileLock = FileLock.Acquire(path, sqlite: true);
        SqliteConnection? connection = null;
        try
        {
            // Looked at before it is opened for writing, which would turn someone else's database to WAL.
            await using (var look = await SqliteFiles.OpenReadOnlyAsync(path, cancellationToken))
            {
                await SampleStoreSchema.VersionAsync(look, path, cancellationToken);
            }

            connection = await SqliteFiles.OpenAsync(path, cancellationToken);
            await SampleStoreSchema.MigrateAsync(connection, path, cancellationToken);
            return new SqliteSampleStore(path, connection, fileLock);
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            // Last, once SQLite has closed the file: a file made only to be locked goes again.
            fileLock.DisposeAndRemoveIfUnused();
            if (Refusal(path, e) is { } refusal)
            {
                throw refusal;
            }

            throw;
        }
    }

    /// <summary>
    /// Opens the store at <paramref name="path"/> for reading only: no lock and no write, while a writer may be
    /// writing.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (none is created).</exception>
    /// <exception cref="SampleStoreMismatchException">The file is not a sample store of this Gleaner's schema.</exception>
    public static async Task<SqliteSampleStore> OpenReadOnlyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no sample store at {path}", path);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = await SqliteFiles.OpenReadOnlyAsync(path, cancellationToken);
            await SampleStoreSchema.CheckAsync(connection, path, cancellationToken);
            return new SqliteSampleStore(path, connection, fileLock: null);
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            if (Refusal(path, e) is { } refusal)
            {
                throw refusal;
            }

            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>A store opened read-only leaves out <see cref="TargetState.Cookies"/>: only the watch that writes the store sends them.</remarks>
    public async Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await SampleReader.StatesAsync(_connection, withCookies: !IsReadOnly, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await SampleReader.StatesAsync(_connection, withCookies: !IsReadOnly, cancellationToken, target)).SingleOrDefault();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>A target's samples are expected in due order: one due before its target's last starts a row of its own.</remarks>
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    public async Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(states);
        var writer = Writer();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await writer.WriteAsync(samples, events, states, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A run of equal samples that straddles a target's cut is cut too, so no sample before the cut remains; then the
    /// freed pages are given back (the file shrinks).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    public async Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var writer = Writer();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The rows a target's next sample would extend may have been cut.
            writer.Forget();
            return await SamplePruner.PruneAsync(_connection, policy, now, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each sample comes back as written, its times to the millisecond in UTC, except <see cref="Sample.Timings"/> and
    /// <see cref="Sample.WireBytes"/>: the store keeps them per target and hour, so a sample reads back its hour's means.
    /// </remarks>
    public async IAsyncEnumerable<Sample> ReadSamplesAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (fromMs, toMs) = (StoreTime.ToMs(from), StoreTime.ToMs(to));
        var targets = await TakeTurnAsync(() => SampleReader.TargetsAsync(_connection, target, cancellationToken), cancellationToken);
        foreach (var (id, name) in targets)
        {
            var start = await TakeTurnAsync(() => SampleReader.FirstDueFromAsync(_connection, id, fromMs, cancellationToken), cancellationToken);
            (long, long)? after = (long.MinValue, 0L);
            while (after is { } next)
            {
                var (samples, following) = await TakeTurnAsync(
                    () => SampleReader.SamplesAsync(_connection, id, name, start, fromMs, toMs, next, cancellationToken), cancellationToken);
                foreach (var sample in samples)
                {
                    yield return sample;
                }

                after = following;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> ReadLatestSamplesAsync(
        string target, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var found = await TakeTurnAsync(() => SampleReader.TargetsAsync(_connection, target, cancellationToken), cancellationToken);
        if (found.Count == 0)
        {
            yield break;
        }

        var id = found[0].Id;
        var start = await TakeTurnAsync(() => SampleReader.LatestStartAsync(_connection, id, count, cancellationToken), cancellationToken);
        var latest = new Queue<Sample>(count);
        (long, long)? after = (long.MinValue, 0L);
        while (after is { } next)
        {
            var (samples, following) = await TakeTurnAsync(
                () => SampleReader.SamplesAsync(_connection, id, target, start, null, null, next, cancellationToken), cancellationToken);
            foreach (var sample in samples)
            {
                if (latest.Count == count)
                {
                    latest.Dequeue();
                }

                latest.Enqueue(sample);
            }

            after = following;
        }

        foreach (var sample in latest)
        {
            yield return sample;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        long? targetId = null;
        if (target is not null)
        {
            var found = await TakeTurnAsync(() => SampleReader.TargetsAsync(_connection, target, cancellationToken), cancellationToken);
            if (found.Count == 0)
            {
                return [];
            }

            targetId = found[0].Id;
        }

        return await TakeTurnAsync(
            () => SampleReader.LatestEventsAsync(_connection, targetId, StoreTime.ToMs(from), StoreTime.ToMs(to), limit, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent> ReadEventsAsync(
        string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long? targetId = null;
        if (target is not null)
        {
            var found = await TakeTurnAsync(() => SampleReader.TargetsAsync(_connection, target, cancellationToken), cancellationToken);
            if (found.Count == 0)
            {
                yield break;
            }

            targetId = found[0].Id;
        }

        var after = (At: long.MinValue, Id: 0L);
        while (true)
        {
            var page = await TakeTurnAsync(
                () => SampleReader.EventsAsync(_connection, targetId, StoreTime.ToMs(from), StoreTime.ToMs(to), after, cancellationToken), cancellationToken);
            foreach (var (_, e) in page)
            {
                yield return e;
            }

            if (SampleReader.IsLastEventPage(page.Count))
            {
                yield break;
            }

            after = (StoreTime.ToMs(page[^1].Event.At), page[^1].Id);
        }
    }

    /// <summary>Closes the file and, for the writer, lets another writer have it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer?.Dispose();
            await _connection.DisposeAsync();
            _lock?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private SampleWriter Writer() =>
        _writer ?? throw new InvalidOperationException($"the sample store {Path} was opened read-only");

    private async Task<T> TakeTurnAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await read();
        }
        finally
        {
            _gate.Release();
        }
    }

    // SQLite finds out what a file is when it first reads it: a file that is no database is refused as such, not
    // as a raw SqliteException.
    private static SampleStoreMismatchException? Refusal(string path, Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: SqliteFiles.NotADatabase } => new SampleStoreMismatchException(
            $"{path} is not a Gleaner sample store (it is not a SQLite database); use another --store", e),
        SqliteException { SqliteErrorCode: Corrupt } => new SampleStoreMismatchException(
            $"{path} is not a Gleaner sample store (it is a damaged SQLite database); use another --store", e),
        _ => null,
    };
}
