using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// The read side of a sample store, a page at a time so that no read holds the connection while its caller works:
/// run rows expanded back into one <see cref="Sample"/> per sample, events, states.
/// </summary>
internal static class SampleReader
{
    /// <summary>Run rows per page: at most <c>RunRow.Capacity</c> samples each.</summary>
    private const int RowsPerPage = 32;

    private const int EventsPerPage = 512;

    /// <summary>The targets to read, by name: <paramref name="name"/> alone (when it is in the store), or all of them.</summary>
    public static async Task<List<(long Id, string Name)>> TargetsAsync(SqliteConnection connection, string? name, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = name is null
            ? "SELECT id, name FROM targets ORDER BY name"
            : "SELECT id, name FROM targets WHERE name = $name";
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        var targets = new List<(long, string)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            targets.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return targets;
    }

    /// <summary>
    /// Where a target's rows from <paramref name="from"/> on begin: its last row that begins by then (a row of a
    /// target ends before the next begins, so no earlier one reaches <paramref name="from"/>), else <paramref name="from"/>.
    /// </summary>
    public static async Task<long> FirstDueFromAsync(SqliteConnection connection, long targetId, long? from, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return long.MinValue;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(first_due) FROM runs WHERE target = $target AND first_due <= $from";
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$from", from.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is long start ? start : from.Value;
    }

    /// <summary>
    /// The next page of a target's rows beginning at or after <paramref name="start"/>, after the row
    /// <paramref name="after"/> (by first due, then id), up to those that begin at <paramref name="to"/>.
    /// </summary>
    public static async Task<List<RunRow>> RowsAsync(
        SqliteConnection connection, long targetId, long start, long? to, (long FirstDue, long Id) after, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RunRow.Columns} FROM runs
            WHERE target = $target AND first_due >= $start AND first_due < $to
                AND (first_due > $after_due OR (first_due = $after_due AND id > $after_id))
            ORDER BY first_due, id LIMIT {RowsPerPage}
            """;
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$start", start);
        command.Parameters.AddWithValue("$to", to ?? long.MaxValue);
        command.Parameters.AddWithValue("$after_due", after.FirstDue);
        command.Parameters.AddWithValue("$after_id", after.Id);
        var rows = new List<RunRow>(RowsPerPage);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(RunRow.Read(reader));
        }

        return rows;
    }

    /// <summary>True when a page of <paramref name="count"/> rows was the last.</summary>
    public static bool IsLastPage(int count) => count < RowsPerPage;

    /// <summary>Adds the samples of <paramref name="row"/> due in [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="into"/>.</summary>
    public static void Expand(RunRow row, string name, long? from, long? to, List<SampleEntry> scratch, List<Sample> into)
    {
        scratch.Clear();
        SampleDeltas.Read(row.FirstDue, row.Count, row.Samples, scratch);
        if (!OutcomeNames.TryParse(row.Outcome, out var outcome))
        {
            throw new InvalidDataException($"a sample of {name} has the unknown outcome '{row.Outcome}'");
        }

        for (var i = 0; i < scratch.Count; i++)
        {
            var entry = scratch[i];
            if (entry.Due < from || entry.Due >= to)
            {
                continue;
            }

            into.Add(new Sample
            {
                Target = name,
                Due = StoreTime.FromMs(entry.Due),
                Started = StoreTime.FromMs(entry.Started),
                Finished = StoreTime.FromMs(entry.Finished),
                Outcome = outcome,
                Value = row.Value,
                Number = row.Number,
                Unit = row.Unit,
                Status = entry.Status304 ? 304 : row.Status,
                Attempts = entry.Attempts,
                NotModified = entry.NotModified,
                Changed = i == 0 && row.Changed,
                Error = row.Error,
            });
        }
    }

    /// <summary>
    /// The next page of events in [<paramref name="from"/>, <paramref name="to"/>) after <paramref name="after"/>
    /// (by time, then id), of one target or all.
    /// </summary>
    public static async Task<List<(long Id, WatchEvent Event)>> EventsAsync(
        SqliteConnection connection, long? targetId, long? from, long? to, (long At, long Id) after, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT e.id, t.name, e.at, e.kind, e.from_value, e.to_value, e.outcome, e.message, e.failures
            FROM events e JOIN targets t ON t.id = e.target
            WHERE {(targetId is null ? "" : "e.target = $target AND ")}e.at >= $from AND e.at < $to
                AND (e.at > $after_at OR (e.at = $after_at AND e.id > $after_id))
            ORDER BY e.at, e.id LIMIT {EventsPerPage}
            """;
        command.Parameters.AddWithValue("$target", (object?)targetId ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", from ?? long.MinValue);
        command.Parameters.AddWithValue("$to", to ?? long.MaxValue);
        command.Parameters.AddWithValue("$after_at", after.At);
        command.Parameters.AddWithValue("$after_id", after.Id);
        var events = new List<(long, WatchEvent)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var outcome = reader.GetString(6);
            events.Add((reader.GetInt64(0), new WatchEvent
            {
                Target = reader.GetString(1),
                At = StoreTime.FromMs(reader.GetInt64(2)),
                Kind = EventKindNames.Parse(reader.GetString(3)),
                From = reader.IsDBNull(4) ? null : reader.GetString(4),
                To = reader.IsDBNull(5) ? null : reader.GetString(5),
                Outcome = OutcomeNames.TryParse(outcome, out var o) ? o : throw new InvalidDataException($"an event has the unknown outcome '{outcome}'"),
                Message = reader.IsDBNull(7) ? null : reader.GetString(7),
                FailuresInARow = reader.GetInt32(8),
            }));
        }

        return events;
    }

    /// <summary>True when a page of <paramref name="count"/> events was the last.</summary>
    public static bool IsLastEventPage(int count) => count < EventsPerPage;

    /// <summary>Every target's state, by name.</summary>
    public static async Task<List<TargetState>> StatesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name, url, unit, last_due, last_at, etag, last_modified, outcome, value, number, changed_at, failures
            FROM targets ORDER BY name
            """;
        var states = new List<TargetState>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : StoreTime.FromMs(reader.GetInt64(i));
            states.Add(new TargetState
            {
                Target = reader.GetString(0),
                Url = Text(1) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
                Unit = Text(2),
                LastDue = Time(3),
                LastAt = Time(4),
                ETag = Text(5),
                LastModified = Text(6),
                Outcome = Text(7) is { } outcome && OutcomeNames.TryParse(outcome, out var o) ? o : null,
                Value = Text(8),
                Number = reader.IsDBNull(9) ? null : reader.GetDouble(9),
                ChangedAt = Time(10),
                FailuresInARow = reader.GetInt32(11),
            });
        }

        return states;
    }
}
