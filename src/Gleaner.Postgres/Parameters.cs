using Gleaner.Storage.Samples;
using Npgsql;
using NpgsqlTypes;

namespace Gleaner.Postgres;

/// <summary>Binds values the way the watch tables keep them: typed, null as SQL NULL, text as <see cref="StoredText"/> keeps it.</summary>
internal static class Parameters
{
    /// <summary>Binds the next positional parameter (<c>$1</c>, <c>$2</c>, …).</summary>
    public static void AddValue(this NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });

    /// <summary>Binds <c>@</c><paramref name="name"/>.</summary>
    public static void AddValue(this NpgsqlParameterCollection parameters, string name, object? value, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    /// <summary>Binds the next positional parameter to free text (a value, a message), escaped where it must be.</summary>
    public static void AddText(this NpgsqlParameterCollection parameters, string? text) =>
        parameters.AddValue(StoredText.Write(text), NpgsqlDbType.Text);

    /// <summary>Binds the next positional parameter to a target's name, kept as it is.</summary>
    /// <exception cref="ArgumentException">The name holds U+0000.</exception>
    public static void AddName(this NpgsqlParameterCollection parameters, string target) =>
        parameters.AddValue(StoredText.Name(target, "the target name"), NpgsqlDbType.Text);

    /// <summary>Binds <c>@</c><paramref name="name"/> to a target's name, kept as it is.</summary>
    /// <exception cref="ArgumentException">The target's name holds U+0000.</exception>
    public static void AddName(this NpgsqlParameterCollection parameters, string name, string target) =>
        parameters.AddValue(name, StoredText.Name(target, "the target name"), NpgsqlDbType.Text);

    /// <summary>A time as the tables keep it: in UTC, cut to the millisecond as the SQLite store cuts it.</summary>
    public static void AddTime(this NpgsqlParameterCollection parameters, DateTimeOffset? time) =>
        parameters.AddValue(Stored(time), NpgsqlDbType.TimestampTz);

    /// <summary><paramref name="time"/> in UTC, cut to the millisecond.</summary>
    public static DateTimeOffset? Stored(DateTimeOffset? time) => time is { } t ? StoreTime.FromMs(StoreTime.ToMs(t)) : null;

    /// <summary>The nullable time in column <paramref name="ordinal"/>.</summary>
    public static DateTimeOffset? GetTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>The nullable free text in column <paramref name="ordinal"/>, as it was before it was kept.</summary>
    public static string? GetText(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoredText.Read(reader.GetString(ordinal));
}
