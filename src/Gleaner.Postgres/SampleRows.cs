using Gleaner.Fetching;
using Gleaner.Watching;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>A <see cref="Sample"/> as a row of <c>gleaner_watch_samples</c>: every field, as written.</summary>
internal static class SampleRows
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = """
        target, due, started, finished, outcome, value, number, unit, status,
        dns_ticks, connect_ticks, tls_ticks, headers_ticks, body_ticks, total_ticks, wire_bytes, attempts, not_modified, changed, error
        """;

    /// <summary>A second write of a sample already there (same target and due) is ignored: the first is kept.</summary>
    private const string InsertSql = $"""
        INSERT INTO gleaner_watch_samples ({Columns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        ON CONFLICT (target, due) DO NOTHING
        """;

    /// <summary>The statement that inserts <paramref name="sample"/>.</summary>
    public static NpgsqlBatchCommand Insert(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample.Target, nameof(sample));
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.AddName(sample.Target);
        p.AddTime(sample.Due);
        p.AddTime(sample.Started);
        p.AddTime(sample.Finished);
        p.AddValue(sample.Outcome.ToName(), NpgsqlDbType.Text);
        p.AddText(sample.Value);
        p.AddValue(sample.Number, NpgsqlDbType.Double);
        p.AddText(sample.Unit);
        p.AddValue(sample.Status, NpgsqlDbType.Integer);
        var t = sample.Timings;
        foreach (var phase in (ReadOnlySpan<TimeSpan>)[t.Dns, t.Connect, t.Tls, t.Headers, t.Body, t.Total])
        {
            p.AddValue(phase.Ticks, NpgsqlDbType.Bigint);
        }

        p.AddValue(sample.WireBytes, NpgsqlDbType.Bigint);
        p.AddValue(sample.Attempts, NpgsqlDbType.Integer);
        p.AddValue(sample.NotModified, NpgsqlDbType.Boolean);
        p.AddValue(sample.Changed, NpgsqlDbType.Boolean);
        p.AddText(sample.Error);
        return command;
    }

    /// <summary>The sample in the reader's current row of <see cref="Columns"/>.</summary>
    public static Sample Read(NpgsqlDataReader reader)
    {
        var target = reader.GetString(0);
        var outcome = reader.GetString(4);
        TimeSpan Ticks(int i) => TimeSpan.FromTicks(reader.GetInt64(i));
        return new Sample
        {
            Target = target,
            Due = reader.GetFieldValue<DateTimeOffset>(1),
            Started = reader.GetFieldValue<DateTimeOffset>(2),
            Finished = reader.GetFieldValue<DateTimeOffset>(3),
            Outcome = OutcomeNames.TryParse(outcome, out var o) ? o : throw new InvalidDataException($"a sample of {target} has the unknown outcome '{outcome}'"),
            Value = reader.GetText(5),
            Number = reader.IsDBNull(6) ? null : reader.GetDouble(6),
            Unit = reader.GetText(7),
            Status = reader.IsDBNull(8) ? null : reader.GetInt32(8),
            Timings = new PhaseTimings { Dns = Ticks(9), Connect = Ticks(10), Tls = Ticks(11), Headers = Ticks(12), Body = Ticks(13), Total = Ticks(14) },
            WireBytes = reader.GetInt64(15),
            Attempts = reader.GetInt32(16),
            NotModified = reader.GetBoolean(17),
            Changed = reader.GetBoolean(18),
            Error = reader.GetText(19),
        };
    }
}
