using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// The tables of a sample store and how a file reaches them: an ordered list of steps, step <c>i</c> taking a file from
/// schema <c>i</c> to <c>i + 1</c>. A new file takes every step, so the steps are the one definition of the schema;
/// a step, once released, never changes — a change is a new step.
/// </summary>
internal static class SampleStoreSchema
{
    /// <summary>What <c>meta.format</c> says in every sample store: a run's state or another program's file says otherwise.</summary>
    public const string Format = "gleaner-samples";

    private static readonly string[] Steps =
    [
        // 1: a target's state, its samples as runs of equal ones (see SampleDeltas for the bytes), its events.
        // Times are milliseconds since the Unix epoch, UTC; outcomes and event kinds are their wire names.
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (name, value) VALUES ('format', 'gleaner-samples');
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT,
            unit TEXT,
            last_due INTEGER,
            last_at INTEGER,
            etag TEXT,
            last_modified TEXT,
            outcome TEXT,
            value TEXT,
            number REAL,
            changed_at INTEGER,
            failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            target INTEGER NOT NULL,
            first_due INTEGER NOT NULL,
            last_due INTEGER NOT NULL,
            count INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            value TEXT,
            number REAL,
            unit TEXT,
            status INTEGER,
            error TEXT,
            flags INTEGER NOT NULL,
            samples BLOB NOT NULL);
        CREATE INDEX runs_by_target ON runs (target, first_due);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            target INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            from_value TEXT,
            to_value TEXT,
            outcome TEXT NOT NULL,
            message TEXT,
            failures INTEGER NOT NULL);
        CREATE INDEX events_by_target ON events (target, at);
        """,

        // 2: where the time went, per target and hour (see LatencyHour): a sample's own timings cost more than the
        // rest of it.
        """
        CREATE TABLE latency_hours (
            target INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            count INTEGER NOT NULL,
            dns_sum INTEGER NOT NULL, dns_max INTEGER NOT NULL,
            connect_sum INTEGER NOT NULL, connect_max INTEGER NOT NULL,
            tls_sum INTEGER NOT NULL, tls_max INTEGER NOT NULL,
            headers_sum INTEGER NOT NULL, headers_max INTEGER NOT NULL,
            body_sum INTEGER NOT NULL, body_max INTEGER NOT NULL,
            total_sum INTEGER NOT NULL, total_max INTEGER NOT NULL,
            wire_sum INTEGER NOT NULL,
            PRIMARY KEY (target, hour)) WITHOUT ROWID;
        """,

        // 3: events also record what became of notifications (kinds notified and notify_failed, which an older
        // Gleaner cannot read), and the dashboard reads the latest events of every target by time.
        """
        CREATE INDEX events_by_time ON events (at);
        """,

        // 4: the cookies of a target that keeps them (see CookieColumn), so a restarted watch goes on with its session.
        // Secrets: only the writer reads them back.
        """
        ALTER TABLE targets ADD COLUMN cookies TEXT;
        """,
    ];

    /// <summary>The schema this Gleaner writes and reads.</summary>
    public static int Current => Steps.Length;

    /// <summary>
    /// Checks that the file behind <paramref name="connection"/> is a sample store (or empty) and brings it to
    /// <see cref="Current"/>, in one transaction; a new file is created with incremental auto-vacuum.
    /// </summary>
    /// <exception cref="SampleStoreMismatchException">The file is not a sample store, or a newer Gleaner wrote it.</exception>
    public static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(connection, path, cancellationToken);
        if (version == Current)
        {
            return;
        }

        if (version == 0)
        {
            // Only an empty database can change its auto-vacuum mode, and the connection's journal_mode = WAL has
            // already written the header: VACUUM rewrites the (empty) file with it. Pruning then gives pages back
            // with incremental_vacuum instead of a full VACUUM, which would copy the whole file.
            await SqliteFiles.ExecuteAsync(connection, "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;", cancellationToken);
        }

        using var transaction = connection.BeginTransaction();
        // Read again inside the transaction: what was read before it is only a hint.
        version = await VersionAsync(connection, path, cancellationToken, transaction);
        for (var step = version; step < Current; step++)
        {
            await SqliteFiles.ExecuteAsync(connection, Steps[step], cancellationToken, transaction);
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO meta (name, value) VALUES ('schema', $schema)";
            command.Parameters.AddWithValue("$schema", Current.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Checks that the file is a sample store of schema <see cref="Current"/>, without writing.</summary>
    /// <exception cref="SampleStoreMismatchException">It is not, or not of this schema.</exception>
    public static async Task CheckAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(connection, path, cancellationToken);
        if (version == 0)
        {
            throw new SampleStoreMismatchException($"{path} is not a Gleaner sample store (it is empty); use another --store");
        }

        if (version < Current)
        {
            throw new SampleStoreMismatchException(
                $"{path} is a sample store of schema {version}, older than this Gleaner's {Current}; a watch on it upgrades it");
        }
    }

    /// <summary>The file's schema: 0 for a database without tables.</summary>
    /// <exception cref="SampleStoreMismatchException">The file is not a sample store, or a newer Gleaner wrote it.</exception>
    public static async Task<int> VersionAsync(SqliteConnection connection, string path, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var tables = await SqliteFiles.TablesAsync(connection, transaction, cancellationToken);
        tables.RemoveWhere(table => table.StartsWith("sqlite_", StringComparison.Ordinal));
        if (tables.Count == 0)
        {
            return 0;
        }

        if (!tables.Contains("meta"))
        {
            throw new SampleStoreMismatchException($"{path} is not a Gleaner sample store (it holds other tables); use another --store");
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, value FROM meta WHERE name IN ('format', 'schema')";
        string? format = null, schema = null;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) == "format")
                {
                    format = reader.GetString(1);
                }
                else
                {
                    schema = reader.GetString(1);
                }
            }
        }

        if (format != Format)
        {
            throw new SampleStoreMismatchException($"{path} is not a Gleaner sample store (a run's state or another program's file); use another --store");
        }

        if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new SampleStoreMismatchException($"{path} is a sample store with no readable schema version ('{schema}'); use another --store");
        }

        if (version > Current)
        {
            throw new SampleStoreMismatchException(
                $"{path} was written by a newer Gleaner (sample store schema {version}; this one reads up to {Current}); use that version or another --store");
        }

        return version;
    }
}
