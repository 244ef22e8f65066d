using Gleaner;
using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace StoreBench;

/// <summary>
/// What the sample store is measured against: one row per sample with every field (timings in microseconds), an
/// index on (target, due), a target table for the names; same pragmas (WAL, synchronous NORMAL), one transaction
/// per batch, one prepared INSERT.
/// </summary>
internal sealed class NaiveStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly Dictionary<string, long> _ids = [];

    private NaiveStore(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO samples VALUES ($target, $due, $started, $finished, $outcome, $value, $number, $unit, $status, $error,
                $attempts, $not_modified, $changed, $dns, $connect, $tls, $headers, $body, $total, $wire)
            """;
        foreach (var name in new[] { "$target", "$due", "$started", "$finished", "$outcome", "$value", "$number", "$unit", "$status", "$error",
            "$attempts", "$not_modified", "$changed", "$dns", "$connect", "$tls", "$headers", "$body", "$total", "$wire" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public static async Task<NaiveStore> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE targets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE samples (
                target INTEGER NOT NULL, due INTEGER NOT NULL, started INTEGER NOT NULL, finished INTEGER NOT NULL,
                outcome TEXT NOT NULL, value TEXT, number REAL, unit TEXT, status INTEGER, error TEXT, attempts INTEGER NOT NULL,
                not_modified INTEGER NOT NULL, changed INTEGER NOT NULL, dns INTEGER, connect INTEGER, tls INTEGER,
                headers INTEGER, body INTEGER, total INTEGER, wire INTEGER);
            CREATE INDEX samples_by_target ON samples (target, due);
            """;
        await command.ExecuteNonQueryAsync();
        return new NaiveStore(connection);
    }

    public async Task WriteAsync(IReadOnlyList<Sample> samples)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        foreach (var s in samples)
        {
            var p = _insert.Parameters;
            p["$target"].Value = Id(s.Target, transaction);
            p["$due"].Value = s.Due.ToUnixTimeMilliseconds();
            p["$started"].Value = s.Started.ToUnixTimeMilliseconds();
            p["$finished"].Value = s.Finished.ToUnixTimeMilliseconds();
            p["$outcome"].Value = s.Outcome.ToName();
            p["$value"].Value = (object?)s.Value ?? DBNull.Value;
            p["$number"].Value = (object?)s.Number ?? DBNull.Value;
            p["$unit"].Value = (object?)s.Unit ?? DBNull.Value;
            p["$status"].Value = (object?)s.Status ?? DBNull.Value;
            p["$error"].Value = (object?)s.Error ?? DBNull.Value;
            p["$attempts"].Value = s.Attempts;
            p["$not_modified"].Value = s.NotModified;
            p["$changed"].Value = s.Changed;
            p["$dns"].Value = s.Timings.Dns.Ticks / 10;
            p["$connect"].Value = s.Timings.Connect.Ticks / 10;
            p["$tls"].Value = s.Timings.Tls.Ticks / 10;
            p["$headers"].Value = s.Timings.Headers.Ticks / 10;
            p["$body"].Value = s.Timings.Body.Ticks / 10;
            p["$total"].Value = s.Timings.Total.Ticks / 10;
            p["$wire"].Value = s.WireBytes;
            await _insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private long Id(string name, SqliteTransaction transaction)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO targets (name) VALUES ($name) RETURNING id";
            command.Parameters.AddWithValue("$name", name);
            _ids[name] = id = (long)command.ExecuteScalar()!;
        }

        return id;
    }
}
