using System.Globalization;
using Gleaner.Storage.Samples;
using Gleaner.Watching;

namespace Gleaner.Tests.Storage.Samples;

/// <summary>Samples, events and states as a watch produces them, with times chosen by each test.</summary>
internal static class WatchSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    /// <summary>The due time of sample <paramref name="n"/> on a 10 s schedule from <see cref="T0"/>.</summary>
    public static DateTimeOffset Due(int n) => T0 + n * Every;

    public static Sample Ok(
        string target, DateTimeOffset due, string value, int lateMs = 5, int tookMs = 40, int status = 200,
        bool changed = false, int attempts = 1, string? unit = "F") => new()
        {
            Target = target,
            Due = due,
            Started = due.AddMilliseconds(lateMs),
            Finished = due.AddMilliseconds(lateMs + tookMs),
            Outcome = Outcome.Ok,
            Value = value,
            Number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
            Unit = unit,
            Status = status,
            Attempts = attempts,
            Changed = changed,
        };

    /// <summary>A 304: the previous value, not modified.</summary>
    public static Sample NotModified(string target, DateTimeOffset due, string value, int lateMs = 5, int tookMs = 10) =>
        Ok(target, due, value, lateMs, tookMs, status: 304) with { NotModified = true };

    public static Sample Failed(
        string target, DateTimeOffset due, Outcome outcome, string error, int? status = null, int attempts = 1, int lateMs = 5, int tookMs = 10_000) => new()
        {
            Target = target,
            Due = due,
            Started = due.AddMilliseconds(lateMs),
            Finished = due.AddMilliseconds(lateMs + tookMs),
            Outcome = outcome,
            Unit = "F",
            Status = status,
            Attempts = attempts,
            Error = error,
        };

    public static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    public static Task WriteAsync(SqliteSampleStore store, params Sample[] samples) =>
        store.WriteAsync(samples, [], [], TestContext.Current.CancellationToken);
}
