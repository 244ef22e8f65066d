using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage;

/// <summary>
/// The state of a run in one SQLite file: every finished target's record, committed one transaction per record,
/// so that a run killed at any moment resumes without fetching a finished target again.
/// </summary>
/// <remarks>
/// The file belongs to one job, named by its fingerprint; opening it for another job fails with
/// <see cref="StateMismatchException"/>. One caller at a time: <see cref="RunOutput"/> serialises its calls.
/// </remarks>
internal sealed class StateStore : IAsyncDisposable
{
    private const int SchemaVersion = 1;
    private const int PageSize = 512;

    private const string CreateSchema = """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE records (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            idx INTEGER,
            outcome TEXT,
            json TEXT NOT NULL,
            finished_at TEXT);
        """;

    // finished_at is when the record was committed, by the database's clock; the record's own "at" is in its JSON.
    private const string InsertRecord = """
        INSERT INTO records (key, idx, outcome, json, finished_at)
        VALUES ($key, $idx, $outcome, $json, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _lastSeq;
    private long _count;

    private StateStore(string path, SqliteConnection connection, FrozenSet<string> doneKeys, long count)
    {
        Path = path;
        _connection = connection;
        DoneKeys = doneKeys;
        _count = count;
        _insert = connection.CreateCommand();
        _insert.CommandText = InsertRecord;
        _insert.Parameters.Add("$key", SqliteType.Text);
        _insert.Parameters.Add("$idx", SqliteType.Integer);
        _insert.Parameters.Add("$outcome", SqliteType.Text);
        _insert.Parameters.Add("$json", SqliteType.Text);
        _insert.Prepare();

        // Not INSERT ... RETURNING: read through ExecuteScalar, that statement stays active, holds a read snapshot
        // and keeps every checkpoint from resetting the WAL, which then grows by every page of every commit.
        _lastSeq = connection.CreateCommand();
        _lastSeq.CommandText = "SELECT last_insert_rowid()";
        _lastSeq.Prepare();
    }

    /// <summary>The state file, as given.</summary>
    public string Path { get; }

    /// <summary>The keys of the targets finished when the store was opened: a resumed run does not fetch them again.</summary>
    public IReadOnlySet<string> DoneKeys { get; }

    /// <summary>How many records the store holds, including those committed since it was opened.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The open connection, shared with a SQLite output in the same file.</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>
    /// Opens the state at <paramref name="path"/>, creating it for <paramref name="jobFingerprint"/> when the file
    /// is new, and loads the keys already done.
    /// </summary>
    /// <exception cref="StateMismatchException">The file belongs to another job or is not a Gleaner state.</exception>
    public static async Task<StateStore> OpenAsync(string path, string jobFingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(jobFingerprint);
        SqliteConnection? connection = null;
        try
        {
            connection = await SqliteFiles.OpenAsync(path, cancellationToken);
            await EnsureSchemaAsync(connection, path, jobFingerprint, cancellationToken);
            var (keys, count) = await LoadKeysAsync(connection, cancellationToken);
            var store = new StateStore(path, connection, keys, count);
            connection = null;
            return store;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteFiles.NotADatabase)
        {
            throw new StateMismatchException($"{path} is not a Gleaner state file (it is not a SQLite database); use another --state", e);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Commits one finished target in its own transaction and returns its sequence number; when this returns,
    /// the record survives a kill of the process.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key was committed before: a target finishes once.</exception>
    public Task<long> CommitAsync(string key, int index, string outcome, string json, CancellationToken cancellationToken)
        => CommitAsync(key, index, outcome, json, alongside: null, cancellationToken);

    /// <summary>
    /// Commits one record; <paramref name="alongside"/>, when given, writes more rows (a SQLite output's row) in the
    /// same transaction, given the transaction and the record's sequence number.
    /// </summary>
    internal async Task<long> CommitAsync(
        string key, int index, string outcome, string json, Action<SqliteTransaction, long>? alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(json);
        cancellationToken.ThrowIfCancellationRequested();

        // Alone, the INSERT is its own transaction; with a row alongside, both commit or neither does.
        using var transaction = alongside is null ? null : _connection.BeginTransaction();
        _insert.Transaction = transaction;
        _lastSeq.Transaction = transaction;
        _insert.Parameters["$key"].Value = key;
        _insert.Parameters["$idx"].Value = index;
        _insert.Parameters["$outcome"].Value = outcome;
        _insert.Parameters["$json"].Value = json;
        try
        {
            await _insert.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteFiles.ConstraintFailed)
        {
            throw new InvalidOperationException($"the target '{key}' is already in the state {Path}: a target is recorded once", e);
        }

        var seq = (long)(await _lastSeq.ExecuteScalarAsync(CancellationToken.None))!;

        if (transaction is not null)
        {
            alongside!(transaction, seq);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Interlocked.Increment(ref _count);
        return seq;
    }

    /// <summary>
    /// The records committed after <paramref name="afterSeq"/>, in sequence order. Rows are read a page at a time,
    /// so the caller may write to the database between items.
    /// </summary>
    public async IAsyncEnumerable<(long Seq, string Json)> ReadAfterAsync(long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = new List<(long Seq, string Json)>(PageSize);
        while (true)
        {
            page.Clear();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, json FROM records WHERE seq > $after ORDER BY seq LIMIT $limit";
                command.Parameters.AddWithValue("$after", afterSeq);
                command.Parameters.AddWithValue("$limit", PageSize);
                using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            afterSeq = page[^1].Seq;
        }
    }

    /// <summary>
    /// The sequence number of the <paramref name="position"/>-th record (1-based) in sequence order; 0 for position 0.
    /// Outputs count records, and this turns a count into the point to continue after, gaps in seq or not.
    /// </summary>
    internal async Task<long> SeqAtAsync(long position, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position == 0)
        {
            return 0;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq FROM records ORDER BY seq LIMIT 1 OFFSET $offset";
        command.Parameters.AddWithValue("$offset", position - 1);
        var seq = await command.ExecuteScalarAsync(cancellationToken);
        return seq is long value
            ? value
            : throw new ArgumentOutOfRangeException(nameof(position), position, $"the state holds {Count} records");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _lastSeq.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static async Task EnsureSchemaAsync(SqliteConnection connection, string path, string fingerprint, CancellationToken cancellationToken)
    {
        // IMMEDIATE: two runs creating the same new state cannot both believe they created it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var tables = await SqliteFiles.TablesAsync(connection, transaction, cancellationToken);
        if (tables.Contains("meta"))
        {
            var meta = await ReadMetaAsync(connection, transaction, cancellationToken);
            if (!meta.TryGetValue("fingerprint", out var stored) || !tables.Contains("records"))
            {
                throw new StateMismatchException($"{path} is not a Gleaner state file; use another --state");
            }

            if (!string.Equals(stored, fingerprint, StringComparison.Ordinal))
            {
                throw new StateMismatchException(
                    $"{path} holds the state of another job (its job fingerprint differs); delete it or use another --state");
            }

            if (!meta.TryGetValue("schema", out var schema) || schema != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new StateMismatchException($"{path} was written by another version of Gleaner (state schema {schema}); delete it or use another --state");
            }

            return;
        }

        // A database with tables of its own is someone's data: never add a state to it.
        if (tables.Any(table => !table.StartsWith("sqlite_", StringComparison.Ordinal)))
        {
            throw new StateMismatchException($"{path} is not a Gleaner state file (it holds other tables); use another --state");
        }

        await SqliteFiles.ExecuteAsync(connection, CreateSchema, cancellationToken, transaction);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO meta (name, value) VALUES ('fingerprint', $fingerprint), ('schema', $schema)";
            insert.Parameters.AddWithValue("$fingerprint", fingerprint);
            insert.Parameters.AddWithValue("$schema", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadMetaAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, value FROM meta";
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            meta[reader.GetString(0)] = reader.GetString(1);
        }

        return meta;
    }

    private static async Task<(FrozenSet<string> Keys, long Count)> LoadKeysAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM records";
        var keys = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return (keys.ToFrozenSet(StringComparer.Ordinal), keys.Count);
    }
}
