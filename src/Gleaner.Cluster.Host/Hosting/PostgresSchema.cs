using System.Reflection;
using Npgsql;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// The tables and statements Orleans' ADO.NET clustering and reminders read on PostgreSQL (Postgres/*.sql, embedded),
/// created by the first silo that finds them missing. Two silos starting at once take turns on an advisory lock and
/// the second finds the work done; the scripts run in one transaction, so a failure leaves nothing half made.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Every statement the two providers ask for at start; all present means nothing to do.</summary>
    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>The tables the scripts create, which the silos' user reads and writes.</summary>
    public static readonly IReadOnlyList<string> Tables = ["OrleansQuery", "gleaner_membership_version", "gleaner_membership", "gleaner_reminders"];

    /// <summary>Any fixed number, the same in every gleaner-cluster: "gleaner" in ASCII.</summary>
    private const long AdvisoryLockKey = 0x676C65616E6572;

    /// <summary>The three scripts in the order they must run, as <c>gleaner-cluster schema</c> prints them.</summary>
    public static IEnumerable<string> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Gleaner.Cluster.Host.Postgres.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Read(assembly, name));
    }

    /// <summary>Creates what is missing; a user who may not create tables gets a <see cref="PostgresSchemaException"/>.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (await HasEveryQueryAsync(connection, cancellationToken))
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var wait = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection))
        {
            wait.Parameters.AddWithValue("key", AdvisoryLockKey);
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        // Another silo may have finished while this one waited for the lock.
        if (!await HasEveryQueryAsync(connection, cancellationToken))
        {
            try
            {
                foreach (var script in Scripts())
                {
                    await using var run = new NpgsqlCommand(script, connection);
                    await run.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                var settings = new NpgsqlConnectionStringBuilder(connectionString);
                var user = settings.Username ?? Environment.UserName;
                throw new PostgresSchemaException(
                    $"PostgreSQL user '{user}' may not create the cluster's tables in database '{settings.Database ?? user}' ({e.MessageText}); "
                    + $"have the database's owner run 'gleaner-cluster schema --grant-to {user} | psql -d {settings.Database ?? user}' once, then start the silo again");
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> HasEveryQueryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var table = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        if (await table.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return false;
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery WHERE QueryKey = ANY(@keys)", connection);
        count.Parameters.AddWithValue("keys", QueryKeys);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))! == QueryKeys.Length;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
