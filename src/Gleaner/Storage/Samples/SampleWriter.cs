using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// The write side of a sample store: one batch of samples, events and states per transaction, through statements
/// made once. Target ids are held in memory; each target's last run row too (<see cref="RunWriter"/>).
/// </summary>
internal sealed class SampleWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly RunWriter _runs;
    private readonly LatencyWriter _latency;
    private readonly SqliteCommand _insertTarget;
    private readonly SqliteCommand _rowId;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _updateState;
    private Dictionary<string, long>? _targetIds;

    public SampleWriter(SqliteConnection connection)
    {
        _connection = connection;
        _runs = new RunWriter(connection);
        _latency = new LatencyWriter(connection);
        _insertTarget = StoreCommand.Create(connection, "INSERT INTO targets (name) VALUES ($name)", "$name");
        _rowId = StoreCommand.Create(connection, "SELECT last_insert_rowid()");
        _insertEvent = StoreCommand.Create(connection, """
            INSERT INTO events (target, at, kind, from_value, to_value, outcome, message, failures)
            VALUES ($target, $at, $kind, $from, $to, $outcome, $message, $failures)
            """, "$target", "$at", "$kind", "$from", "$to", "$outcome", "$message", "$failures");
        _updateState = StoreCommand.Create(connection, """
            UPDATE targets SET url = $url, unit = $unit, last_due = $last_due, last_at = $last_at, etag = $etag,
                last_modified = $last_modified, outcome = $outcome, value = $value, number = $number,
                changed_at = $changed_at, failures = $failures, cookies = $cookies
            WHERE id = $id
            """, "$url", "$unit", "$last_due", "$last_at", "$etag", "$last_modified", "$outcome", "$value", "$number", "$changed_at", "$failures",
            "$cookies", "$id");
    }

    /// <summary>Writes one batch in one transaction; after a failure nothing of it is in the store.</summary>
    public async Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        try
        {
            foreach (var sample in samples)
            {
                var id = await TargetIdAsync(sample.Target, transaction, cancellationToken);
                await _runs.AddAsync(id, sample, transaction, cancellationToken);
                _latency.Add(id, sample);
            }

            await _runs.WriteAsync(transaction, cancellationToken);
            await _latency.WriteAsync(transaction, cancellationToken);
            foreach (var e in events)
            {
                await InsertEventAsync(await TargetIdAsync(e.Target, transaction, cancellationToken), e, transaction, cancellationToken);
            }

            foreach (var state in states)
            {
                await UpdateStateAsync(await TargetIdAsync(state.Target, transaction, cancellationToken), state, transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _runs.Committed();
        }
        catch
        {
            // Rolled back: ids and rows held in memory may name what is not there. Read them again next time.
            Forget();
            throw;
        }
    }

    /// <summary>Drops what is held in memory; the next batch reads it again.</summary>
    public void Forget()
    {
        _targetIds = null;
        _runs.Forget();
        _latency.Forget();
    }

    public void Dispose()
    {
        _runs.Dispose();
        _latency.Dispose();
        _insertTarget.Dispose();
        _rowId.Dispose();
        _insertEvent.Dispose();
        _updateState.Dispose();
    }

    private async Task<long> TargetIdAsync(string name, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        _targetIds ??= await TargetIdsAsync(transaction, cancellationToken);
        if (_targetIds.TryGetValue(name, out var id))
        {
            return id;
        }

        _insertTarget.Transaction = transaction;
        _insertTarget.Bind("$name", name);
        await _insertTarget.ExecuteNonQueryAsync(cancellationToken);
        _rowId.Transaction = transaction;
        id = (long)(await _rowId.ExecuteScalarAsync(cancellationToken))!;
        _targetIds[name] = id;
        return id;
    }

    private async Task<Dictionary<string, long>> TargetIdsAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, name FROM targets";
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    private async Task InsertEventAsync(long targetId, WatchEvent e, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var command = _insertEvent;
        command.Transaction = transaction;
        command.Bind("$target", targetId);
        command.Bind("$at", StoreTime.ToMs(e.At));
        command.Bind("$kind", EventKindNames.ToName(e.Kind));
        command.Bind("$from", e.From);
        command.Bind("$to", e.To);
        command.Bind("$outcome", e.Outcome.ToName());
        command.Bind("$message", e.Message);
        command.Bind("$failures", e.FailuresInARow);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UpdateStateAsync(long targetId, TargetState state, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var command = _updateState;
        command.Transaction = transaction;
        command.Bind("$url", state.Url?.OriginalString);
        command.Bind("$unit", state.Unit);
        command.Bind("$last_due", StoreTime.ToMs(state.LastDue));
        command.Bind("$last_at", StoreTime.ToMs(state.LastAt));
        command.Bind("$etag", state.ETag);
        command.Bind("$last_modified", state.LastModified);
        command.Bind("$outcome", state.Outcome?.ToName());
        command.Bind("$value", state.Value);
        command.Bind("$number", state.Number);
        command.Bind("$changed_at", StoreTime.ToMs(state.ChangedAt));
        command.Bind("$failures", state.FailuresInARow);
        command.Bind("$cookies", CookieColumn.Write(state.Cookies));
        command.Bind("$id", targetId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
