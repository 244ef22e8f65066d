using System.Globalization;
using System.Text;
using Npgsql;

namespace Gleaner.Postgres;

/// <summary>
/// The tables a watch keeps in PostgreSQL, all named <c>gleaner_watch_*</c> (the database may hold Orleans' own
/// beside them). <c>gleaner_watch_meta</c> says they are Gleaner's (<see cref="Format"/>) and each part's version.
/// The first process that finds a part missing or older creates or upgrades it in one transaction under an advisory
/// lock; one that waited on the lock reads the version again and finds the work done. (A session lock rather than
/// <c>pg_advisory_xact_lock</c>: see <see cref="UpgradeAsync"/>.)
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
    /// <exception cref="WatchTablesPermissionException">The user may not read, create or upgrade the part's tables.</exception>
    /// <remarks>The part's <see cref="WatchSchemaPart.Mismatch"/> when the tables are not Gleaner's, or a newer Gleaner wrote them.</remarks>
    public static async Task EnsureAsync(NpgsqlDataSource source, WatchSchemaPart part, string where, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        int? found = null;
        try
        {
            found = await VersionAsync(connection, part, where, cancellationToken);
            if (found == part.Current)
            {
                return;
            }

            await UpgradeAsync(connection, part, where, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WatchTablesAccess.Refusal(source, part, where, found, e);
        }
    }

    /// <summary>Checks that <paramref name="part"/> is there at its current version, without writing.</summary>
    /// <exception cref="WatchTablesPermissionException">The user may not read the part's tables.</exception>
    /// <remarks>The part's <see cref="WatchSchemaPart.Mismatch"/> when it is not there, not Gleaner's, or of another version.</remarks>
    public static async Task CheckAsync(NpgsqlDataSource source, WatchSchemaPart part, string where, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        int version;
        try
        {
            version = await VersionAsync(connection, part, where, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WatchTablesAccess.Refusal(source, part, where, found: null, e, readOnly: true);
        }

        if (version == 0)
        {
            throw part.Mismatch($"{where} has no {part.Title} (no watch has written to it); check the connection string", null);
        }

        if (version < part.Current)
        {
            throw part.Mismatch(
                $"{where} has a {part.Title} of version {version}, older than this Gleaner's {part.Current}; a watch that writes to it upgrades it", null);
        }
    }

    /// <summary>
    /// The SQL that makes <paramref name="part"/> at its current version in a database that lacks it, in one
    /// transaction, for its owner to run with psql; with the rights <paramref name="grantTo"/> needs to use it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grantTo"/> holds U+0000.</exception>
    public static string Script(WatchSchemaPart part, string? grantTo)
    {
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"-- Gleaner's {part.Title}, version {part.Current}, for a database that has none.\n");
        script.Append("BEGIN;\n").Append(CreateMeta.TrimEnd()).Append('\n');
        foreach (var step in part.Steps)
        {
            script.Append(step.TrimEnd()).Append('\n');
        }

        script.Append(CultureInfo.InvariantCulture, $"INSERT INTO gleaner_watch_meta (name, value) VALUES ('{part.MetaName}', '{part.Current}');\n");
        if (grantTo is not null)
        {
            script.Append(WatchTablesAccess.Grant(part, grantTo, readOnly: false)).Append('\n');
        }

        return script.Append("COMMIT;\n").ToString();
    }

    // Under the advisory lock, in one transaction: another process may have done it meanwhile, and a failure leaves
    // the part as it was.
    private static async Task UpgradeAsync(NpgsqlConnection connection, WatchSchemaPart part, string where, CancellationToken cancellationToken)
    {
        // The lock is the session's and taken before the transaction begins: a transaction that waited on it inside
        // would still hold the catalog as it began, where the tables another process just made are missing (a
        // lookup by name that found nothing stays cached until the next transaction starts).
        await LockAsync(connection, "pg_advisory_lock", cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
                throw part.Mismatch($"{where} holds a table or index of the {part.Title} that Gleaner did not make ({e.MessageText}); use another database", e);
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

    /// <summary>The part's version: 0 when it is not there yet.</summary>
    /// <remarks>The part's <see cref="WatchSchemaPart.Mismatch"/> when the meta table is not Gleaner's, or a newer Gleaner wrote the part.</remarks>
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
            throw part.Mismatch($"{where} has a table gleaner_watch_meta that is not Gleaner's ({e.MessageText}); use another database", e);
        }

        if (format != Format)
        {
            throw part.Mismatch(
                $"{where} has a table gleaner_watch_meta that is not Gleaner's (its format is '{format}', not '{Format}'); use another database", null);
        }

        if (version is null)
        {
            return 0;
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw part.Mismatch($"{where} has a {part.Title} with no readable version ('{version}'); use another database", null);
        }

        if (number > part.Current)
        {
            throw part.Mismatch(
                $"{where} has a {part.Title} written by a newer Gleaner (version {number}; this one reads up to {part.Current}); use that version or another database", null);
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
