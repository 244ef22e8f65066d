using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>A <see cref="WatchEvent"/> as a row of <c>gleaner_watch_events</c>.</summary>
internal static class EventRows
{
    /// <summary>The columns <see cref="Read"/> expects, in its order; <c>id</c> orders events of one time as written.</summary>
    public const string Columns = "target, at, kind, from_value, to_value, outcome, message, failures, id";

    /// <summary>The same event written again is ignored (the key is <c>gleaner_watch_events_key</c>'s).</summary>
    private const string InsertSql = """
        INSERT INTO gleaner_watch_events (target, at, kind, from_value, to_value, outcome, message, failures)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (target, at, kind, md5(coalesce(message, ''))) DO NOTHING
        """;

    /// <summary>The statement that inserts <paramref name="e"/>.</summary>
    public static NpgsqlBatchCommand Insert(WatchEvent e)
    {
        ArgumentNullException.ThrowIfNull(e.Target, nameof(e));
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.AddName(e.Target);
        p.AddTime(e.At);
        p.AddValue(EventKindNames.ToName(e.Kind), NpgsqlDbType.Text);
        p.AddText(e.From);
        p.AddText(e.To);
        p.AddValue(e.Outcome.ToName(), NpgsqlDbType.Text);
        p.AddText(e.Message);
        p.AddValue(e.FailuresInARow, NpgsqlDbType.Integer);
        return command;
    }

    /// <summary>The event in the reader's current row of <see cref="Columns"/>, with its id.</summary>
    public static (WatchEvent Event, long Id) Read(NpgsqlDataReader reader)
    {
        var outcome = reader.GetString(5);
        var e = new WatchEvent
        {
            Target = reader.GetString(0),
            At = reader.GetFieldValue<DateTimeOffset>(1),
            Kind = EventKindNames.Parse(reader.GetString(2)),
            From = reader.GetText(3),
            To = reader.GetText(4),
            Outcome = OutcomeNames.TryParse(outcome, out var o) ? o : throw new InvalidDataException($"an event has the unknown outcome '{outcome}'"),
            Message = reader.GetText(6),
            FailuresInARow = reader.GetInt32(7),
        };
        return (e, reader.GetInt64(8));
    }
}
