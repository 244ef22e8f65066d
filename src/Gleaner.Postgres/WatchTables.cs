using System.Globalization;
using Gleaner.Storage.Samples;
using Npgsql;

namespace Gleaner.Postgres;

/// <summary>
/// The tables a watch keeps in PostgreSQL, all named <c>gleaner_watch_*</c> (the database may hold Orleans' own
/// beside them). <c>gleaner_watch_meta</c> says they are Gleaner's (<see cref="Format"/>) and each part's version.
/// The first process that finds a part missing or older creates or upgrades it in one transaction under an advisory
/// lock; one that waited on the lock reads the version again and finds the work done. (A session lock rather than
/// <c>pg_advisory_xact_lock</c>: see <see cref="EnsureAsync"/>.)
/// </summary>
internal static class WatchTables
{
    /// <summary>What <c>gleaner_watch_meta.format</c> says: another program's table of that name says otherwise.</summary>
    public const string Format = "gleaner-watch";

    /// <summary>Any fixed number, the same in every Gleaner: "glwatch" in ASCII (the cluster's own tables use "gleaner").</summary>
    private const long AdvisoryLockKey = 0x676C7761746368;

    private const string CreateMeta = $"""
        CREATE TABLE IF NOT EXISTS gleaner_watch_meta (name text PRIMARY KEY, value text NOT NULL);
        INSERT INTO gleaner_watch_meta (name, value) VALUES ('format', '{Format}') ON CONFLICT (name) DO NOTHING;
        """;

    /// <summary>Creates <paramref name="part"/> or brings it to its current version.</summary>
    /// <exception cref="SampleStoreMismatchException">The tables are not Gleaner's, or a newer Gleaner wrote them.</exception>
    public static async Task EnsureAsync(NpgsqlDataSource source, WatchSchemaPart part, string where, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        if (await VersionAsync(connection, part, where, cancellationToken) == part.Current)
        {
            return;
        }

        // The lock is the session's and taken before the transaction begins: a transaction that waited on it inside
        // would still hold the catalog as it began, where the tables another process just made are missing (a
        // lookup by name that found nothing stays cached until the next transaction starts).
        await LockAsync(connection, "pg_advisory_lock", cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Read again under the lock: another process may have done it meanwhile.
            var version = await VersionAsync(connection, part, where, cancellationToken, transaction);
            if (version == part.Current)
            {
                return;
            }

            try
            {
                await ExecuteAsync(connection, transaction, CreateMeta, cancellationToken);
                for (var step = version; step < part.Current; step++)
                {
                    await ExecuteAsync(connection, transaction, part.Steps[step], cancellationToken);
                }
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                throw new SampleStoreMismatchException(
                    $"{where} holds a table or index of the {part.Title} that Gleaner did not make ({e.MessageText}); use another database", e);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO gleaner_watch_meta (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                connection, transaction))
            {
                record.Parameters.AddWithValue("name", part.MetaName);
                record.Parameters.AddWithValue("value", part.Current.ToString(CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await LockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
            }
        }
    }

    /// <summary>Checks that <paramref name="part"/> is there at its current version, without writing.</summary>
    /// <exception cref="SampleStoreMismatchException">It is not there, not Gleaner's, or of another version.</exception>
    public static async Task CheckAsync(NpgsqlDataSource source, WatchSchemaPart part, string where, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        var version = await VersionAsync(connection, part, where, cancellationToken);
        if (version == 0)
        {
            throw new SampleStoreMismatchException($"{where} has no {part.Title} (no watch has written to it); check the connection string");
        }

        if (version < part.Current)
        {
            throw new SampleStoreMismatchException(
                $"{where} has a {part.Title} of version {version}, older than this Gleaner's {part.Current}; a watch that writes to it upgrades it");
        }
    }

    /// <summary>The part's version: 0 when it is not there yet.</summary>
    /// <exception cref="SampleStoreMismatchException">The meta table is not Gleaner's, or a newer Gleaner wrote the part.</exception>
    private static async Task<int> VersionAsync(
        NpgsqlConnection connection, WatchSchemaPart part, string where, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('gleaner_watch_meta') IS NOT NULL", connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        string? format = null, version = null;
        try
        {
            await using var read = new NpgsqlCommand("SELECT name, value FROM gleaner_watch_meta WHERE name IN ('format', @part)", connection, transaction);
            read.Parameters.AddWithValue("part", part.MetaName);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                (format, version) = reader.GetString(0) == "format" ? (reader.GetString(1), version) : (format, reader.GetString(1));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.DatatypeMismatch)
        {
            throw new SampleStoreMismatchException($"{where} has a table gleaner_watch_meta that is not Gleaner's ({e.MessageText}); use another database", e);
        }

        if (format != Format)
        {
            throw new SampleStoreMismatchException(
                $"{where} has a table gleaner_watch_meta that is not Gleaner's (its format is '{format}', not '{Format}'); use another database");
        }

        if (version is null)
        {
            return 0;
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new SampleStoreMismatchException($"{where} has a {part.Title} with no readable version ('{version}'); use another database");
        }

        if (number > part.Current)
        {
            throw new SampleStoreMismatchException(
                $"{where} has a {part.Title} written by a newer Gleaner (version {number}; this one reads up to {part.Current}); use that version or another database");
        }

        return number;
    }

    private static async Task LockAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)", connection);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
