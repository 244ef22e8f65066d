using Gleaner.Watching;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>
/// The read side of the PostgreSQL sample store, a page at a time: a slow reader (a dashboard streaming a range) holds
/// a pooled connection for one page, not for the whole range. Each call takes a connection of its own.
/// </summary>
internal static class SampleReads
{
    /// <summary>Samples per page.</summary>
    public const int SamplePage = 1000;

    /// <summary>Events per page.</summary>
    public const int EventPage = 512;

    /// <summary>Every target's name in the store, bytewise.</summary>
    public static async Task<List<string>> TargetNamesAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand("SELECT name FROM gleaner_watch_targets ORDER BY name");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// The next page of <paramref name="target"/>'s samples due in [<paramref name="from"/>, <paramref name="to"/>)
    /// after <paramref name="after"/>'s due time (from the start when null), by due time.
    /// </summary>
    public static Task<List<Sample>> SamplesAsync(
        NpgsqlDataSource source, string target, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? after, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand();
        var where = new Conditions(command);
        where.Add("target = @target");
        command.Parameters.AddName("target", target);
        where.Range("due", from, to);
        where.Add("due > @after", "after", after);
        command.CommandText = $"SELECT {SampleRows.Columns} FROM gleaner_watch_samples WHERE {where} ORDER BY due LIMIT {SamplePage}";
        return ReadAllAsync(command, SampleRows.Read, cancellationToken);
    }

    /// <summary>The last <paramref name="count"/> samples of <paramref name="target"/> by due time, oldest first.</summary>
    public static async Task<List<Sample>> LatestSamplesAsync(NpgsqlDataSource source, string target, int count, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand($"SELECT {SampleRows.Columns} FROM gleaner_watch_samples WHERE target = @target ORDER BY due DESC LIMIT @count");
        command.Parameters.AddName("target", target);
        command.Parameters.AddValue("count", count, NpgsqlDbType.Integer);
        var newestFirst = await ReadAllAsync(command, SampleRows.Read, cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <summary>
    /// The next page of events of <paramref name="target"/> (every target when null) in [<paramref name="from"/>,
    /// <paramref name="to"/>) after <paramref name="after"/> (by time, then id; from the start when null), oldest first.
    /// </summary>
    public static Task<List<(WatchEvent Event, long Id)>> EventsAsync(
        NpgsqlDataSource source, string? target, DateTimeOffset? from, DateTimeOffset? to, (DateTimeOffset At, long Id)? after,
        CancellationToken cancellationToken)
    {
        var command = source.CreateCommand();
        var where = Events(command, target, from, to);
        if (after is { } last)
        {
            where.Add("(at, id) > (@after_at, @after_id)", "after_at", last.At);
            command.Parameters.AddValue("after_id", last.Id, NpgsqlDbType.Bigint);
        }

        command.CommandText = $"SELECT {EventRows.Columns} FROM gleaner_watch_events WHERE {where} ORDER BY at, id LIMIT {EventPage}";
        return ReadAllAsync(command, EventRows.Read, cancellationToken);
    }

    /// <summary>The newest <paramref name="limit"/> events in [<paramref name="from"/>, <paramref name="to"/>), newest first.</summary>
    public static async Task<List<WatchEvent>> LatestEventsAsync(
        NpgsqlDataSource source, string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand();
        var where = Events(command, target, from, to);
        command.CommandText = $"SELECT {EventRows.Columns} FROM gleaner_watch_events WHERE {where} ORDER BY at DESC, id DESC LIMIT @limit";
        command.Parameters.AddValue("limit", limit, NpgsqlDbType.Integer);
        var events = await ReadAllAsync(command, EventRows.Read, cancellationToken);
        return events.ConvertAll(e => e.Event);
    }

    /// <summary>Every target's state by name, or <paramref name="target"/>'s alone when it is given.</summary>
    public static Task<List<TargetState>> StatesAsync(NpgsqlDataSource source, bool withCookies, string? target, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand(StateRows.Query(withCookies, one: target is not null));
        if (target is not null)
        {
            command.Parameters.AddName("name", target);
        }

        return ReadAllAsync(command, StateRows.Read, cancellationToken);
    }

    private static Conditions Events(NpgsqlCommand command, string? target, DateTimeOffset? from, DateTimeOffset? to)
    {
        var where = new Conditions(command);
        if (target is not null)
        {
            where.Add("target = @target");
            command.Parameters.AddName("target", target);
        }

        where.Range("at", from, to);
        return where;
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }

    /// <summary>A WHERE clause of the conditions that apply, so each query's plan follows its index.</summary>
    private sealed class Conditions(NpgsqlCommand command)
    {
        private readonly List<string> _clauses = ["true"];

        public void Add(string clause) => _clauses.Add(clause);

        /// <summary>Adds <paramref name="clause"/>, which names <c>@</c><paramref name="parameter"/>, unless <paramref name="time"/> is null.</summary>
        public void Add(string clause, string parameter, DateTimeOffset? time)
        {
            if (time is not null)
            {
                _clauses.Add(clause);
                command.Parameters.AddValue(parameter, Parameters.Stored(time), NpgsqlDbType.TimestampTz);
            }
        }

        /// <summary>Keeps <paramref name="column"/> in [<paramref name="from"/>, <paramref name="to"/>); a null bound is left out.</summary>
        public void Range(string column, DateTimeOffset? from, DateTimeOffset? to)
        {
            Add($"{column} >= @from", "from", from);
            Add($"{column} < @to", "to", to);
        }

        public override string ToString() => string.Join(" AND ", _clauses);
    }
}
