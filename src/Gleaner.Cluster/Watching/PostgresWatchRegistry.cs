using System.Data;
using Gleaner.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// The cluster's watch registry in PostgreSQL, in the table <c>gleaner_watch_registry</c> beside the sample store's.
/// Every silo and every <c>cluster watch</c> may call it at once; each call takes a pooled connection of its own.
/// </summary>
/// <remarks>
/// A registration runs SERIALIZABLE: two that touch the same names (two lists adding one new name, one list
/// registered twice at once) cannot both commit what each read. The one PostgreSQL refuses is run again from the
/// start, and then reads what the other wrote: a conflict, or nothing left to do.
/// </remarks>
public sealed class PostgresWatchRegistry : IWatchRegistry
{
    /// <summary>Runs of one registration before giving up: each lost run means another registration committed.</summary>
    private const int Runs = 10;

    private readonly NpgsqlDataSource _source;

    private PostgresWatchRegistry(NpgsqlDataSource source) => _source = source;

    /// <summary>Opens the registry in the database <paramref name="connectionString"/> names, creating its table when missing.</summary>
    /// <exception cref="WatchRegistryMismatchException">The database's watch tables are not Gleaner's, or a newer Gleaner wrote them.</exception>
    /// <exception cref="WatchTablesPermissionException">The user may not create, upgrade or use the table (see <see cref="SchemaSql"/>).</exception>
    public static async Task<PostgresWatchRegistry> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var source = PostgresSource.Create(connectionString, readOnly: false);
        try
        {
            await WatchTables.EnsureAsync(source, RegistryTables.Part, PostgresSource.Describe(connectionString), cancellationToken);
            return new PostgresWatchRegistry(source);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The SQL that creates the registry's table in a database that has none, in one transaction, for the database's
    /// owner to run once with psql when the silos' user may not create tables (<c>gleaner-cluster schema --store</c>
    /// prints it after the sample store's); <paramref name="grantTo"/> also lets that user read and write it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grantTo"/> is empty or holds U+0000.</exception>
    public static string SchemaSql(string? grantTo = null) => WatchTables.Script(RegistryTables.Part, grantTo);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// The list's name is empty; or it names a target twice; or its name or a target's holds U+0000, which PostgreSQL
    /// cannot keep (a job file cannot give one).
    /// </exception>
    public async Task<RegistrationChanges> RegisterAsync(string list, IReadOnlyList<RegisteredTarget> targets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(list);
        ArgumentNullException.ThrowIfNull(targets);
        StoredText.Name(list, "the watch list name");
        foreach (var target in targets)
        {
            StoredText.Name(target.Name, $"watch list '{list}': the target name");
        }

        var twice = targets.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            throw new ArgumentException($"watch list '{list}' names targets more than once: {string.Join(", ", twice)}", nameof(targets));
        }

        for (var run = 1; ; run++)
        {
            try
            {
                return await RegisterOnceAsync(list, targets, cancellationToken);
            }
            catch (PostgresException e) when (run < Runs && e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
            {
                // Another registration committed first; this one starts again from what it wrote.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="target"/> holds U+0000.</exception>
    public async Task<byte[]?> ReadSpecAsync(string target, CancellationToken cancellationToken = default)
    {
        StoredText.Name(target, "the target name");
        await using var command = _source.CreateCommand("SELECT spec FROM gleaner_watch_registry WHERE name = $1");
        command.Parameters.AddValue(target, NpgsqlDbType.Text);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="target"/> or <paramref name="silo"/> holds U+0000.</exception>
    public async Task ClaimAsync(string target, string silo, CancellationToken cancellationToken = default)
    {
        StoredText.Name(target, "the target name");
        ArgumentException.ThrowIfNullOrEmpty(silo);
        StoredText.Name(silo, "the silo name");
        await using var command = _source.CreateCommand("UPDATE gleaner_watch_registry SET silo = $2 WHERE name = $1");
        command.Parameters.AddValue(target, NpgsqlDbType.Text);
        command.Parameters.AddValue(silo, NpgsqlDbType.Text);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement: a second caller for the same silo waits on the rows the first updates, then finds their claim
    /// gone and skips them. The names come back in ordinal order.
    /// </remarks>
    public async Task<IReadOnlyList<string>> TakeOrphansAsync(string silo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        await using var command = _source.CreateCommand("UPDATE gleaner_watch_registry SET silo = NULL WHERE silo = $1 RETURNING name");
        command.Parameters.AddValue(silo, NpgsqlDbType.Text);
        return await NamesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT name FROM gleaner_watch_registry");
        return await NamesAsync(command, cancellationToken);
    }

    /// <summary>Closes the registry's connections.</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task<RegistrationChanges> RegisterOnceAsync(string list, IReadOnlyList<RegisteredTarget> targets, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var kept = new List<(string, string, byte[])>();
        await using (var read = new NpgsqlCommand("SELECT name, list, spec FROM gleaner_watch_registry WHERE list = $1 OR name = ANY($2)", connection, transaction))
        {
            read.Parameters.AddValue(list, NpgsqlDbType.Text);
            read.Parameters.AddValue(targets.Select(t => t.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                kept.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        var plan = RegistrationPlan.Of(list, targets, kept);
        if (plan.Conflicts.Count > 0)
        {
            throw plan.Conflict(list);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var target in plan.Added)
        {
            batch.BatchCommands.Add(Statement("INSERT INTO gleaner_watch_registry (name, list, spec) VALUES ($1, $2, $3)", target.Name, list, target.Spec));
        }

        foreach (var target in plan.Changed)
        {
            // The claim stays: the silo that runs the target reads the new spec.
            batch.BatchCommands.Add(Statement("UPDATE gleaner_watch_registry SET spec = $2 WHERE name = $1", target.Name, target.Spec));
        }

        if (plan.Removed.Count > 0)
        {
            batch.BatchCommands.Add(Statement("DELETE FROM gleaner_watch_registry WHERE list = $1 AND name = ANY($2)", list, plan.Removed.ToArray()));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return plan.Changes;
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddValue(value, value switch
            {
                string => NpgsqlDbType.Text,
                byte[] => NpgsqlDbType.Bytea,
                string[] => NpgsqlDbType.Array | NpgsqlDbType.Text,
                _ => throw new ArgumentException($"no column of the registry holds a {value.GetType().Name}", nameof(values)),
            });
        }

        return command;
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
