using System.Globalization;
using Gleaner.Watching;

namespace Gleaner.Cli.History;

/// <summary>What every format prints of a sample, in one place: the fields' names and how times and numbers read.</summary>
internal static class SampleFields
{
    /// <summary>The fields, in order: CSV's header, JSON's keys.</summary>
    public static readonly string[] Names =
        ["name", "due", "started", "at", "outcome", "value", "unit", "status", "not_modified", "changed", "attempts", "error"];

    /// <summary>ISO 8601 in UTC, to the millisecond: <c>2026-12-04T10:00:00.045Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A numeric value as JSON writes it (shortest round-trip text), for CSV to match.</summary>
    public static string Number(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>When the sample finished: the time a person reads as "taken at".</summary>
    public static DateTimeOffset At(Sample sample) => sample.Finished;
}
