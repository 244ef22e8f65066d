using Gleaner.Storage;
using Gleaner.Watching;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>
/// The write side of the PostgreSQL sample store: a batch of samples, events and states in one transaction and one
/// round trip, and retention.
/// </summary>
/// <remarks>
/// Many silos write at once, each its own targets. Every batch takes its row locks in one order (by target, bytewise,
/// as the index sorts) so that two batches that do share a target wait for each other rather than deadlock.
/// </remarks>
internal static class SampleWrites
{
    /// <summary>Writes the batch in one transaction; a sample or event already there is kept as it was.</summary>
    public static async Task WriteAsync(
        NpgsqlDataSource source, IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states,
        CancellationToken cancellationToken)
    {
        // Built whole before the connection is taken: a bad item fails the batch before anything is sent.
        var statements = new List<NpgsqlBatchCommand>(samples.Count + events.Count + states.Count + 1);
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples.OrderBy(s => s.Target, StringComparer.Ordinal).ThenBy(s => s.Due))
        {
            statements.Add(SampleRows.Insert(sample));
            named.Add(sample.Target);
        }

        foreach (var e in events.OrderBy(e => e.Target, StringComparer.Ordinal).ThenBy(e => e.At))
        {
            statements.Add(EventRows.Insert(e));
            named.Add(e.Target);
        }

        // A target's state is written in the order given: the last one of a target in the batch is the one kept.
        var stated = states.Select(s => s.Target ?? throw new ArgumentNullException(nameof(states), "a state has no target")).ToHashSet(StringComparer.Ordinal);
        named.ExceptWith(stated);
        statements.InsertRange(0, named.Select(StateRows.Ensure));
        statements.AddRange(states.Select((s, i) => (s, i)).OrderBy(p => p.s.Target, StringComparer.Ordinal).ThenBy(p => p.i).Select(p => StateRows.Upsert(p.s)));
        if (statements.Count == 0)
        {
            return;
        }

        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Removes each target's samples and events due before its cut, in one transaction; returns the samples removed.</summary>
    public static async Task<long> PruneAsync(NpgsqlDataSource source, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cuts = new List<(string Target, DateTimeOffset Cut)>();
        foreach (var target in await SampleReads.TargetNamesAsync(source, cancellationToken))
        {
            if (policy.For(target) is { } keep)
            {
                cuts.Add((target, now - keep));
            }
        }

        if (cuts.Count == 0)
        {
            return 0;
        }

        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (target, cut) in cuts)
        {
            batch.BatchCommands.Add(Delete("DELETE FROM gleaner_watch_samples WHERE target = $1 AND due < $2", target, cut));
            batch.BatchCommands.Add(Delete("DELETE FROM gleaner_watch_events WHERE target = $1 AND at < $2", target, cut));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Statements alternate samples, events: the samples' counts are the even ones.
        long removed = 0;
        for (var i = 0; i < batch.BatchCommands.Count; i += 2)
        {
            removed += batch.BatchCommands[i].RecordsAffected;
        }

        return removed;
    }

    private static NpgsqlBatchCommand Delete(string sql, string target, DateTimeOffset cut)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddValue(target, NpgsqlDbType.Text);
        command.Parameters.AddTime(cut);
        return command;
    }
}
