using Gleaner.Fetching;
using Gleaner.Storage.Samples;
using Gleaner.Watching;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// A day and more of nyc's samples and a week and more of events, around <see cref="DashboardHarness.Now"/>
/// (2026-12-04T11:00Z). Each sample starts in an hour of its own: the store keeps phase timings and wire bytes as
/// hourly means, so each sample's are given back exactly.
/// </summary>
internal static class HistoryStore
{
    private static readonly DateTimeOffset Day3 = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day4 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    public static readonly Sample[] Nyc =
    [
        // Before the default range (the last 24 h: from 2026-12-03T11:00Z).
        Ok(Day3.AddHours(10.5), "60.1", changed: true),
        // At its start exactly: included.
        Ok(Day3.AddHours(11), "66.9", changed: true) with
        {
            Timings = new PhaseTimings
            {
                Dns = TimeSpan.FromMilliseconds(1), Connect = TimeSpan.FromMilliseconds(2), Headers = TimeSpan.FromMicroseconds(40_500),
                Body = TimeSpan.FromMicroseconds(3_100), Total = TimeSpan.FromMilliseconds(116),
            },
            WireBytes = 14_120,
        },
        new()
        {
            Target = "nyc", Due = Day4.AddHours(9), Started = Day4.AddHours(9).AddMilliseconds(5), Finished = Day4.AddHours(9).AddMilliseconds(10_005),
            Outcome = Outcome.HeadersTimeout, Unit = "F", Attempts = 3, Error = "no response headers within 10s",
            Timings = new PhaseTimings { Total = TimeSpan.FromSeconds(10) },
        },
        Ok(Day4.AddHours(10), "66.9") with { Status = 304, NotModified = true },
        // At the default range's end exactly (the server's now): excluded until the clock moves.
        Ok(Day4.AddHours(11), "67.2", changed: true),
    ];

    public static readonly WatchEvent[] Events =
    [
        new() { Target = "nyc", At = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), Kind = WatchEventKind.Change, From = null, To = "58.0", Outcome = Outcome.Ok },
        new() { Target = "nyc", At = Day3.AddHours(11).AddMilliseconds(120), Kind = WatchEventKind.Change, From = "60.1", To = "66.9", Outcome = Outcome.Ok },
        new()
        {
            Target = "nyc", At = Day4.AddHours(9).AddMilliseconds(10_005), Kind = WatchEventKind.Failure, Outcome = Outcome.HeadersTimeout,
            Message = "no response headers within 10s", FailuresInARow = 1,
        },
        new()
        {
            Target = "chi", At = Day4.AddHours(9.5), Kind = WatchEventKind.Failure, Outcome = Outcome.HttpStatus,
            Message = "HTTP 503 Service Unavailable", FailuresInARow = 1,
        },
        new() { Target = "nyc", At = Day4.AddHours(10).AddMilliseconds(50), Kind = WatchEventKind.Recovery, From = "66.9", To = "66.9", Outcome = Outcome.Ok },
    ];

    public static async Task FillAsync(SqliteSampleStore store)
    {
        TargetState[] states =
        [
            new()
            {
                Target = "nyc", LastDue = Nyc[^1].Due, LastAt = Nyc[^1].Finished, Outcome = Outcome.Ok, Value = "67.2", Number = 67.2, Unit = "F",
                ChangedAt = Nyc[^1].Finished,
            },
            new() { Target = "chi", LastDue = Day4.AddHours(9.5), LastAt = Day4.AddHours(9.5), Outcome = Outcome.HttpStatus, FailuresInARow = 1 },
            new() { Target = "boston/harbor" },
        ];
        await DashboardHarness.WriteAsync(store, Nyc, Events, states);
    }

    private static Sample Ok(DateTimeOffset due, string value, bool changed = false) =>
        Storage.Samples.WatchSamples.Ok("nyc", due, value, lateMs: 4, tookMs: 116, changed: changed);
}
