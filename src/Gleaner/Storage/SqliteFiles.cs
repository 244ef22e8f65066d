using Microsoft.Data.Sqlite;

namespace Gleaner.Storage;

/// <summary>Opens the SQLite files Gleaner keeps (the run state, SQLite outputs, the sample store) with one set of settings.</summary>
internal static class SqliteFiles
{
    /// <summary>SQLITE_NOTADB: the file exists but is not a SQLite database.</summary>
    internal const int NotADatabase = 26;

    /// <summary>SQLITE_CONSTRAINT: a UNIQUE, NOT NULL or similar constraint failed.</summary>
    internal const int ConstraintFailed = 19;

    // WAL with synchronous=NORMAL: a commit appends its pages to the -wal file and returns without an fsync.
    // A committed transaction is then in the operating system's page cache, so it survives a kill -9 of the
    // process (SQLite replays the WAL on the next open); only a power loss or an OS crash can roll back the most
    // recent commits, and even then the database is never corrupted. That is the durability a run promises,
    // at a cost per commit that lets a run record tens of thousands of results a second.
    private const string Settings = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        """;

    /// <summary>Opens (creating when absent) the database at <paramref name="path"/> in WAL mode.</summary>
    internal static Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
        => OpenAsync(path, SqliteOpenMode.ReadWriteCreate, Settings, cancellationToken);

    /// <summary>
    /// Opens the existing database at <paramref name="path"/> for reading only, beside a writer: WAL is the writer's
    /// to set, and a reader waits for a busy file as a writer does.
    /// </summary>
    internal static Task<SqliteConnection> OpenReadOnlyAsync(string path, CancellationToken cancellationToken)
        => OpenAsync(path, SqliteOpenMode.ReadOnly, "PRAGMA busy_timeout = 5000;", cancellationToken);

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, string settings, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            // Closing must really close the file: a resumed run, a test or the user may open or delete it next.
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, settings, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements without parameters).</summary>
    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The names of the tables in the database.</summary>
    internal static async Task<HashSet<string>> TablesAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        command.Transaction = transaction;
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
