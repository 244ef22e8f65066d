using System.Buffers;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// Retention: each target's samples and events older than its keep go, in one transaction, and the pages they held
/// go back to the file system.
/// </summary>
/// <remarks>
/// A run row wholly before the cut is deleted; a row that straddles it is cut too: its samples before the cut are
/// dropped and the rest re-encoded from its new first sample (which is then not a change). So after a prune no
/// sample of a target is due before its cut, exactly. An hour of timings is kept while any of it is.
/// </remarks>
internal sealed class SamplePruner : IDisposable
{
    private readonly SqliteCommand _deleteRuns;
    private readonly SqliteCommand _deleteRest;
    private readonly SqliteCommand _straddling;
    private readonly SqliteCommand _cutRow;

    private SamplePruner(SqliteConnection connection, SqliteTransaction transaction)
    {
        _deleteRuns = StoreCommand.Create(connection, "DELETE FROM runs WHERE target = $target AND first_due < $cut AND last_due < $cut RETURNING count", "$target", "$cut");
        _deleteRest = StoreCommand.Create(connection, """
            DELETE FROM events WHERE target = $target AND at < $cut;
            DELETE FROM latency_hours WHERE target = $target AND hour < $cut_hour;
            """, "$target", "$cut", "$cut_hour");
        _straddling = StoreCommand.Create(connection, $"SELECT {RunRow.Columns} FROM runs WHERE target = $target AND first_due < $cut", "$target", "$cut");
        _cutRow = StoreCommand.Create(connection,
            "UPDATE runs SET first_due = $first_due, count = $count, flags = flags & ~$changed, samples = $samples WHERE id = $id",
            "$first_due", "$count", "$changed", "$samples", "$id");
        foreach (var command in new[] { _deleteRuns, _deleteRest, _straddling, _cutRow })
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>Prunes in one transaction, then gives the freed pages back; returns the samples removed.</summary>
    public static async Task<long> PruneAsync(SqliteConnection connection, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long removed = 0;
        var targets = await SampleReader.TargetsAsync(connection, name: null, cancellationToken);
        using (var transaction = connection.BeginTransaction())
        {
            using var pruner = new SamplePruner(connection, transaction);
            foreach (var (id, name) in targets)
            {
                if (policy.For(name) is { } keep)
                {
                    removed += await pruner.PruneTargetAsync(id, StoreTime.ToMs(now - keep), cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // incremental_vacuum moves the last pages into the freed ones and cuts the file's end; in WAL mode the cut
        // reaches the file at the checkpoint, so it shrinks now rather than at some later one.
        await SqliteFiles.ExecuteAsync(connection, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        return removed;
    }

    public void Dispose()
    {
        _deleteRuns.Dispose();
        _deleteRest.Dispose();
        _straddling.Dispose();
        _cutRow.Dispose();
    }

    private async Task<long> PruneTargetAsync(long targetId, long cut, CancellationToken cancellationToken)
    {
        long removed = 0;
        _deleteRuns.Bind("$target", targetId);
        _deleteRuns.Bind("$cut", cut);
        using (var deleted = await _deleteRuns.ExecuteReaderAsync(cancellationToken))
        {
            while (await deleted.ReadAsync(cancellationToken))
            {
                removed += deleted.GetInt64(0);
            }
        }

        _deleteRest.Bind("$target", targetId);
        _deleteRest.Bind("$cut", cut);
        _deleteRest.Bind("$cut_hour", StoreTime.HourOf(cut));
        await _deleteRest.ExecuteNonQueryAsync(cancellationToken);

        _straddling.Bind("$target", targetId);
        _straddling.Bind("$cut", cut);
        var straddling = new List<RunRow>();
        using (var reader = await _straddling.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                straddling.Add(RunRow.Read(reader));
            }
        }

        foreach (var row in straddling)
        {
            removed += await CutAsync(row, cut, cancellationToken);
        }

        return removed;
    }

    /// <summary>Drops the samples of <paramref name="row"/> due before <paramref name="cut"/>; returns how many.</summary>
    private async Task<int> CutAsync(RunRow row, long cut, CancellationToken cancellationToken)
    {
        var entries = new List<SampleEntry>(row.Count);
        SampleDeltas.Read(row.FirstDue, row.Count, row.Samples, entries);
        var kept = entries.FindIndex(e => e.Due >= cut);
        var bytes = new ArrayBufferWriter<byte>(row.Samples.Length);
        var cursor = default(RunCursor);
        foreach (var entry in entries.Skip(kept))
        {
            cursor = SampleDeltas.Append(bytes, cursor, entry);
        }

        _cutRow.Bind("$first_due", entries[kept].Due);
        _cutRow.Bind("$count", cursor.Count);
        _cutRow.Bind("$changed", RunRow.ChangedFlag);
        _cutRow.Bind("$samples", bytes.WrittenSpan.ToArray());
        _cutRow.Bind("$id", row.Id);
        await _cutRow.ExecuteNonQueryAsync(cancellationToken);
        return kept;
    }
}
