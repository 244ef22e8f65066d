using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// One row of <c>runs</c>: consecutive samples of one target with equal outcome, value, unit, status and error, up
/// to <see cref="Capacity"/> of them, their times and attempts in <see cref="Samples"/> (<see cref="SampleDeltas"/>).
/// </summary>
internal sealed record RunRow(
    long Id, long TargetId, long FirstDue, int Count, string Outcome, string? Value, double? Number, string? Unit,
    int? Status, string? Error, bool Changed, byte[] Samples)
{
    /// <summary>
    /// The most samples one row holds. A row grows by an UPDATE that rewrites it, so its size is bounded (about
    /// 1 KiB, four rows to a page); past it a new row starts, whose own columns cost about 40 bytes.
    /// </summary>
    public const int Capacity = 256;

    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "id, target, first_due, count, outcome, value, number, unit, status, error, flags, samples";

    /// <summary>flags: the first sample's value changed.</summary>
    public const int ChangedFlag = 1;

    /// <summary>flags: the number is the value's text read as a number, so the number column is left empty.</summary>
    public const int NumberFromValueFlag = 2;

    /// <summary>The row at <paramref name="reader"/>'s current position, selected as <see cref="Columns"/>.</summary>
    public static RunRow Read(SqliteDataReader reader)
    {
        var value = reader.IsDBNull(5) ? null : reader.GetString(5);
        var flags = reader.GetInt32(10);
        double? number = (flags & NumberFromValueFlag) != 0 ? double.Parse(value!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : reader.IsDBNull(6) ? null : reader.GetDouble(6);
        return new RunRow(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), value, number,
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetInt32(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            (flags & ChangedFlag) != 0,
            reader.GetFieldValue<byte[]>(11));
    }

    /// <summary>True when <paramref name="number"/> is exactly <paramref name="value"/> read as a number, so only the text need be kept.</summary>
    public static bool NumberIsValue(string? value, double? number) =>
        number is { } n && value is not null
        && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
        && BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(n);
}
