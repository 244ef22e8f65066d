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
/// sample of a target is due before its cut, exactly.
/// </remarks>
internal static class SamplePruner
{
    /// <summary>Prunes in one transaction; returns the samples removed.</summary>
    public static async Task<long> PruneAsync(SqliteConnection connection, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long removed = 0;
        var targets = await SampleReader.TargetsAsync(connection, name: null, cancellationToken);
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var (id, name) in targets)
            {
                if (policy.For(name) is { } keep)
                {
                    removed += await PruneTargetAsync(connection, transaction, id, StoreTime.ToMs(now - keep), cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // The freed pages are at the end of the file once incremental_vacuum has moved the last ones into them; in
        // WAL mode the file is cut at the checkpoint, so it shrinks now rather than at some later one.
        await SqliteFiles.ExecuteAsync(connection, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        return removed;
    }

    private static async Task<long> PruneTargetAsync(SqliteConnection connection, SqliteTransaction transaction, long targetId, long cut, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$cut", cut);

        command.CommandText = "SELECT coalesce(sum(count), 0) FROM runs WHERE target = $target AND first_due < $cut AND last_due < $cut";
        var removed = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        command.CommandText = """
            DELETE FROM runs WHERE target = $target AND first_due < $cut AND last_due < $cut;
            DELETE FROM events WHERE target = $target AND at < $cut;
            DELETE FROM latency_hours WHERE target = $target AND hour < $cut_hour;
            """;
        // An hour is kept while any of it is: its means are a kept sample's timings.
        command.Parameters.AddWithValue("$cut_hour", StoreTime.HourOf(cut));
        await command.ExecuteNonQueryAsync(cancellationToken);

        command.CommandText = $"SELECT {RunRow.Columns} FROM runs WHERE target = $target AND first_due < $cut";
        var straddling = new List<RunRow>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                straddling.Add(RunRow.Read(reader));
            }
        }

        foreach (var row in straddling)
        {
            removed += await CutAsync(connection, transaction, row, cut, cancellationToken);
        }

        return removed;
    }

    /// <summary>Drops the samples of <paramref name="row"/> due before <paramref name="cut"/>; returns how many.</summary>
    private static async Task<int> CutAsync(SqliteConnection connection, SqliteTransaction transaction, RunRow row, long cut, CancellationToken cancellationToken)
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

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE runs SET first_due = $first_due, count = $count, flags = flags & ~$changed, samples = $samples WHERE id = $id";
        command.Parameters.AddWithValue("$first_due", entries[kept].Due);
        command.Parameters.AddWithValue("$count", cursor.Count);
        command.Parameters.AddWithValue("$changed", RunRow.ChangedFlag);
        command.Parameters.AddWithValue("$samples", bytes.WrittenSpan.ToArray());
        command.Parameters.AddWithValue("$id", row.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return kept;
    }
}
