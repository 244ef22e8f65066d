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
    /// Where a target's rows begin such that they hold its last <paramref name="count"/> samples (or all of them): the
    /// latest rows, newest first, until their counts reach it.
    /// </summary>
    public static async Task<long> LatestStartAsync(SqliteConnection connection, long targetId, int count, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        // Every row holds one sample or more, so this many rows always reach count.
        command.CommandText = "SELECT first_due, count FROM runs WHERE target = $target ORDER BY first_due DESC, id DESC LIMIT $rows";
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$rows", count);
        var (start, total) = (long.MinValue, 0L);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (total < count && await reader.ReadAsync(cancellationToken))
        {
            (start, total) = (reader.GetInt64(0), total + reader.GetInt64(1));
        }

        return start;
    }

    /// <summary>
    /// The next page of a target's samples due in [<paramref name="from"/>, <paramref name="to"/>): its rows that begin
    /// at or after <paramref name="start"/>, after the row <paramref name="after"/> (by first due, then id), expanded,
    /// with their hours' timings. <c>Next</c> is the row to continue after; null when this page was the last.
    /// </summary>
    public static async Task<(List<Sample> Samples, (long FirstDue, long Id)? Next)> SamplesAsync(
        SqliteConnection connection, long targetId, string name, long start, long? from, long? to, (long FirstDue, long Id) after,
        CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(connection, targetId, start, to, after, cancellationToken);
        var entries = new List<List<SampleEntry>>(rows.Count);
        var (firstHour, lastHour) = (long.MaxValue, long.MinValue);
        foreach (var row in rows)
        {
            var list = new List<SampleEntry>(row.Count);
            SampleDeltas.Read(row.FirstDue, row.Count, row.Samples, list);
            entries.Add(list);
            foreach (var entry in list)
            {
                var hour = StoreTime.HourOf(entry.Started);
                (firstHour, lastHour) = (Math.Min(firstHour, hour), Math.Max(lastHour, hour));
            }
        }

        var hours = rows.Count == 0 ? [] : await HoursAsync(connection, targetId, firstHour, lastHour, cancellationToken);
        var samples = new List<Sample>();
        for (var i = 0; i < rows.Count; i++)
        {
            Expand(rows[i], entries[i], name, from, to, hours, samples);
        }

        return (samples, rows.Count < RowsPerPage ? null : (rows[^1].FirstDue, rows[^1].Id));
    }

    private static async Task<List<RunRow>> RowsAsync(
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

    private static async Task<Dictionary<long, LatencyHour>> HoursAsync(
        SqliteConnection connection, long targetId, long first, long last, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT hour, {LatencyHour.Columns} FROM latency_hours WHERE target = $target AND hour BETWEEN $first AND $last";
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$first", first);
        command.Parameters.AddWithValue("$last", last);
        var hours = new Dictionary<long, LatencyHour>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hours[reader.GetInt64(0)] = LatencyHour.Read(reader, 1);
        }

        return hours;
    }

    private static void Expand(
        RunRow row, List<SampleEntry> entries, string name, long? from, long? to, Dictionary<long, LatencyHour> hours, List<Sample> into)
    {
        if (!OutcomeNames.TryParse(row.Outcome, out var outcome))
        {
            throw new InvalidDataException($"a sample of {name} has the unknown outcome '{row.Outcome}'");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Due < from || entry.Due >= to)
            {
                continue;
            }

            var hour = hours.GetValueOrDefault(StoreTime.HourOf(entry.Started));
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
                Timings = hour?.Means() ?? new(),
                WireBytes = hour?.MeanWireBytes ?? 0,
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
            events.Add((reader.GetInt64(0), Event(reader)));
        }

        return events;
    }

    /// <summary>The newest <paramref name="limit"/> events in [<paramref name="from"/>, <paramref name="to"/>), newest first.</summary>
    public static async Task<List<WatchEvent>> LatestEventsAsync(
        SqliteConnection connection, long? targetId, long? from, long? to, int limit, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT e.id, t.name, e.at, e.kind, e.from_value, e.to_value, e.outcome, e.message, e.failures
            FROM events e JOIN targets t ON t.id = e.target
            WHERE {(targetId is null ? "" : "e.target = $target AND ")}e.at >= $from AND e.at < $to
            ORDER BY e.at DESC, e.id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$target", (object?)targetId ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", from ?? long.MinValue);
        command.Parameters.AddWithValue("$to", to ?? long.MaxValue);
        command.Parameters.AddWithValue("$limit", limit);
        var events = new List<WatchEvent>(Math.Min(limit, 1024));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Event(reader));
        }

        return events;
    }

    // Columns: id, target's name, at, kind, from, to, outcome, message, failures.
    private static WatchEvent Event(SqliteDataReader reader)
    {
        var outcome = reader.GetString(6);
        return new WatchEvent
        {
            Target = reader.GetString(1),
            At = StoreTime.FromMs(reader.GetInt64(2)),
            Kind = EventKindNames.Parse(reader.GetString(3)),
            From = reader.IsDBNull(4) ? null : reader.GetString(4),
            To = reader.IsDBNull(5) ? null : reader.GetString(5),
            Outcome = OutcomeNames.TryParse(outcome, out var o) ? o : throw new InvalidDataException($"an event has the unknown outcome '{outcome}'"),
            Message = reader.IsDBNull(7) ? null : reader.GetString(7),
            FailuresInARow = reader.GetInt32(8),
        };
    }

    /// <summary>True when a page of <paramref name="count"/> events was the last.</summary>
    public static bool IsLastEventPage(int count) => count < EventsPerPage;

    /// <summary>Every target's state, by name; only <paramref name="target"/>'s when it is given.</summary>
    public static async Task<List<TargetState>> StatesAsync(SqliteConnection connection, bool withCookies, CancellationToken cancellationToken, string? target = null)
    {
        using var command = connection.CreateCommand();
        // Cookies are secrets: read only for the watch that sends them, never for a reader that shows the store.
        command.CommandText = $"""
            SELECT name, url, unit, last_due, last_at, etag, last_modified, outcome, value, number, changed_at, failures,
                {(withCookies ? "cookies" : "NULL")}
            FROM targets {(target is null ? "" : "WHERE name = $name")} ORDER BY name
            """;
        if (target is not null)
        {
            command.Parameters.AddWithValue("$name", target);
        }

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
                Cookies = CookieColumn.Read(Text(12)),
            });
        }

        return states;
    }
}
