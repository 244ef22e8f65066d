using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>A <see cref="TargetState"/> as a row of <c>gleaner_watch_targets</c>, cookies included for the writer only.</summary>
internal static class StateRows
{
    /// <summary>A target named by a sample or event has a row, with no state until one is written, as in the SQLite store.</summary>
    private const string EnsureSql = "INSERT INTO gleaner_watch_targets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING";

    private const string UpsertSql = """
        INSERT INTO gleaner_watch_targets
            (name, url, unit, last_due, last_at, etag, last_modified, outcome, value, number, changed_at, failures, cookies)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (name) DO UPDATE SET url = excluded.url, unit = excluded.unit, last_due = excluded.last_due,
            last_at = excluded.last_at, etag = excluded.etag, last_modified = excluded.last_modified, outcome = excluded.outcome,
            value = excluded.value, number = excluded.number, changed_at = excluded.changed_at, failures = excluded.failures,
            cookies = excluded.cookies
        """;

    /// <summary>The statement that gives <paramref name="target"/> a row when it has none.</summary>
    public static NpgsqlBatchCommand Ensure(string target)
    {
        var command = new NpgsqlBatchCommand(EnsureSql);
        command.Parameters.AddName(target);
        return command;
    }

    /// <summary>The statement that writes <paramref name="state"/> over its target's row.</summary>
    public static NpgsqlBatchCommand Upsert(TargetState state)
    {
        ArgumentNullException.ThrowIfNull(state.Target, nameof(state));
        var command = new NpgsqlBatchCommand(UpsertSql);
        var p = command.Parameters;
        p.AddName(state.Target);
        p.AddText(state.Url?.OriginalString);
        p.AddText(state.Unit);
        p.AddTime(state.LastDue);
        p.AddTime(state.LastAt);
        p.AddText(state.ETag);
        p.AddText(state.LastModified);
        p.AddValue(state.Outcome?.ToName(), NpgsqlDbType.Text);
        p.AddText(state.Value);
        p.AddValue(state.Number, NpgsqlDbType.Double);
        p.AddTime(state.ChangedAt);
        p.AddValue(state.FailuresInARow, NpgsqlDbType.Integer);
        p.AddText(CookieColumn.Write(state.Cookies));
        return command;
    }

    /// <summary>
    /// The query for every target's state by name, or <paramref name="one"/>'s (bound as <c>@name</c>). Cookies are
    /// secrets: read only for the watch that sends them, never for a reader that shows the store.
    /// </summary>
    public static string Query(bool withCookies, bool one) => $"""
        SELECT name, url, unit, last_due, last_at, etag, last_modified, outcome, value, number, changed_at, failures,
            {(withCookies ? "cookies" : "NULL")}
        FROM gleaner_watch_targets {(one ? "WHERE name = @name" : "")} ORDER BY name
        """;

    /// <summary>The state in the reader's current row of <see cref="Query"/>.</summary>
    public static TargetState Read(NpgsqlDataReader reader) => new()
    {
        Target = reader.GetString(0),
        Url = reader.GetText(1) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
        Unit = reader.GetText(2),
        LastDue = reader.GetTime(3),
        LastAt = reader.GetTime(4),
        ETag = reader.GetText(5),
        LastModified = reader.GetText(6),
        Outcome = reader.GetText(7) is { } outcome && OutcomeNames.TryParse(outcome, out var o) ? o : null,
        Value = reader.GetText(8),
        Number = reader.IsDBNull(9) ? null : reader.GetDouble(9),
        ChangedAt = reader.GetTime(10),
        FailuresInARow = reader.GetInt32(11),
        Cookies = CookieColumn.Read(reader.GetText(12)),
    };
}
