using Gleaner.Storage;
using Microsoft.Data.Sqlite;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// The registry of a cluster of one, in a table of its own (<c>cluster_watch_targets</c>) in the SQLite sample store's
/// file, which the store's writer holds for this process (one silo). Its own connection: SQLite keeps the two
/// connections' transactions apart.
/// </summary>
internal sealed class SqliteWatchRegistry : IWatchRegistry
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteWatchRegistry(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the registry in the sample store at <paramref name="path"/> (open that first: it makes the file).</summary>
    public static async Task<SqliteWatchRegistry> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var connection = await SqliteFiles.OpenAsync(path, cancellationToken);
        await SqliteFiles.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS cluster_watch_targets (
                name TEXT PRIMARY KEY,
                list TEXT NOT NULL,
                spec BLOB NOT NULL,
                silo TEXT);
            """, cancellationToken);
        return new SqliteWatchRegistry(connection);
    }

    public async Task<RegistrationChanges> RegisterAsync(string list, IReadOnlyList<RegisteredTarget> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(targets);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            var kept = new Dictionary<string, (string List, byte[] Spec)>(StringComparer.Ordinal);
            using (var read = Command("SELECT name, list, spec FROM cluster_watch_targets", transaction))
            using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    kept[reader.GetString(0)] = (reader.GetString(1), (byte[])reader.GetValue(2));
                }
            }

            var others = targets.Where(t => kept.TryGetValue(t.Name, out var k) && k.List != list).ToList();
            if (others.Count > 0)
            {
                throw new WatchRegistryConflictException(string.Join("; ", others.Select(t => $"target '{t.Name}' is watched by the list '{kept[t.Name].List}'"))
                    + ": a name is one target in the cluster; rename it, or remove it from that list first");
            }

            var named = targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var added = new List<string>();
            var changed = new List<string>();
            var unchanged = 0;
            foreach (var target in targets)
            {
                if (!kept.TryGetValue(target.Name, out var was))
                {
                    added.Add(target.Name);
                }
                else if (!was.Spec.AsSpan().SequenceEqual(target.Spec))
                {
                    changed.Add(target.Name);
                }
                else
                {
                    unchanged++;
                    continue;
                }

                using var upsert = Command("""
                    INSERT INTO cluster_watch_targets (name, list, spec) VALUES ($name, $list, $spec)
                    ON CONFLICT (name) DO UPDATE SET spec = excluded.spec
                    """, transaction);
                upsert.Parameters.AddWithValue("$name", target.Name);
                upsert.Parameters.AddWithValue("$list", list);
                upsert.Parameters.AddWithValue("$spec", target.Spec);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            var removed = kept.Where(k => k.Value.List == list && !named.Contains(k.Key)).Select(k => k.Key).ToList();
            foreach (var name in removed)
            {
                using var delete = Command("DELETE FROM cluster_watch_targets WHERE name = $name", transaction);
                delete.Parameters.AddWithValue("$name", name);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new RegistrationChanges(Sorted(added), Sorted(changed), Sorted(removed), unchanged);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<byte[]?> ReadSpecAsync(string target, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var read = Command("SELECT spec FROM cluster_watch_targets WHERE name = $name");
            read.Parameters.AddWithValue("$name", target);
            return await read.ExecuteScalarAsync(cancellationToken) as byte[];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ClaimAsync(string target, string silo, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var claim = Command("UPDATE cluster_watch_targets SET silo = $silo WHERE name = $name");
            claim.Parameters.AddWithValue("$name", target);
            claim.Parameters.AddWithValue("$silo", silo);
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> TakeOrphansAsync(string silo, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var take = Command("UPDATE cluster_watch_targets SET silo = NULL WHERE silo = $silo RETURNING name");
            take.Parameters.AddWithValue("$silo", silo);
            return Sorted(await ReadNamesAsync(take, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var names = Command("SELECT name FROM cluster_watch_targets");
            return Sorted(await ReadNamesAsync(names, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }

    private static List<string> Sorted(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static async Task<List<string>> ReadNamesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
