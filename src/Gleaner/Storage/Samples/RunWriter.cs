using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// Writes samples into <c>runs</c>: a sample like its target's last one extends that row (an UPDATE of its count,
/// last due and bytes), any other starts a row. Each target's last row is kept in memory between batches, so
/// extending one reads nothing.
/// </summary>
internal sealed class RunWriter : IDisposable
{
    // A target maps to null once looked up and found without rows.
    private readonly Dictionary<long, OpenRun?> _open = [];
    private readonly List<OpenRun> _touched = [];
    private readonly SqliteCommand _last;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _rowId;
    private readonly SqliteCommand _append;

    public RunWriter(SqliteConnection connection)
    {
        _last = StoreCommand.Create(connection, $"SELECT {RunRow.Columns} FROM runs WHERE target = $target ORDER BY first_due DESC, id DESC LIMIT 1", "$target");
        _insert = StoreCommand.Create(connection, """
            INSERT INTO runs (target, first_due, last_due, count, outcome, value, number, unit, status, error, flags, samples)
            VALUES ($target, $first_due, $last_due, $count, $outcome, $value, $number, $unit, $status, $error, $flags, $samples)
            """, "$target", "$first_due", "$last_due", "$count", "$outcome", "$value", "$number", "$unit", "$status", "$error", "$flags", "$samples");
        _rowId = StoreCommand.Create(connection, "SELECT last_insert_rowid()");
        // || joins blobs as text, byte for byte; the cast keeps the column a blob.
        _append = StoreCommand.Create(connection, "UPDATE runs SET last_due = $last_due, count = $count, samples = CAST(samples || $samples AS BLOB) WHERE id = $id",
            "$last_due", "$count", "$samples", "$id");
    }

    /// <summary>Adds <paramref name="sample"/> of target <paramref name="targetId"/> to the batch.</summary>
    public async Task AddAsync(long targetId, Sample sample, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(targetId, out var run))
        {
            run = await LastRunAsync(targetId, transaction, cancellationToken);
        }

        var entry = OpenRun.EntryOf(sample);
        if (run is null || !run.Accepts(sample, entry))
        {
            run = new OpenRun(targetId, sample);
        }

        _open[targetId] = run;
        if (!run.Touched)
        {
            _touched.Add(run);
        }

        run.Add(entry);
    }

    /// <summary>Writes the rows the batch touched, in the order it touched them, so a target's rows are in due order.</summary>
    public async Task WriteAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var run in _touched)
        {
            var command = run.Id == 0 ? _insert : _append;
            command.Transaction = transaction;
            command.Bind("$last_due", run.Cursor.LastDue);
            command.Bind("$count", run.Cursor.Count);
            command.Bind("$samples", run.Added.ToArray());
            if (run.Id != 0)
            {
                command.Bind("$id", run.Id);
                await command.ExecuteNonQueryAsync(cancellationToken);
                continue;
            }

            var numberIsValue = RunRow.NumberIsValue(run.Value, run.Number);
            command.Bind("$target", run.TargetId);
            command.Bind("$first_due", run.FirstDue);
            command.Bind("$outcome", run.Outcome);
            command.Bind("$value", run.Value);
            command.Bind("$number", numberIsValue ? null : run.Number);
            command.Bind("$unit", run.Unit);
            command.Bind("$status", run.Status);
            command.Bind("$error", run.Error);
            command.Bind("$flags", (run.Changed ? RunRow.ChangedFlag : 0) | (numberIsValue ? RunRow.NumberFromValueFlag : 0));
            await command.ExecuteNonQueryAsync(cancellationToken);
            _rowId.Transaction = transaction;
            run.Id = (long)(await _rowId.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    /// <summary>The batch is committed: what it added is in the store.</summary>
    public void Committed()
    {
        foreach (var run in _touched)
        {
            run.Written();
        }

        _touched.Clear();
    }

    /// <summary>Drops what is held in memory (after a batch failed, or rows were pruned); it is read again as needed.</summary>
    public void Forget()
    {
        _open.Clear();
        _touched.Clear();
    }

    public void Dispose()
    {
        _last.Dispose();
        _insert.Dispose();
        _rowId.Dispose();
        _append.Dispose();
    }

    private async Task<OpenRun?> LastRunAsync(long targetId, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _last.Transaction = transaction;
        _last.Parameters["$target"].Value = targetId;
        using var reader = await _last.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var row = RunRow.Read(reader);
        return new OpenRun(row, SampleDeltas.Read(row.FirstDue, row.Count, row.Samples, into: null));
    }
}
