using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>A watched target with notify rules, and its samples and states as the watch engine hands them over.</summary>
internal static class Watched
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly DateTimeOffset Finished = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static Target Target(params NotifyRule[] rules) => new()
    {
        Name = "nyc",
        Url = new Uri("https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059"),
        Watch = new WatchSpec { Schedule = new EverySchedule(TimeSpan.FromHours(1)), Notify = rules },
    };

    public static Sample Ok(string value, bool changed) => new()
    {
        Target = "nyc",
        Due = Finished.AddSeconds(-1),
        Started = Finished.AddSeconds(-1),
        Finished = Finished,
        Outcome = Outcome.Ok,
        Value = value,
        Unit = "F",
        Status = 200,
        Changed = changed,
    };

    public static Sample Failed(string error) => new()
    {
        Target = "nyc",
        Due = Finished.AddSeconds(-1),
        Started = Finished.AddSeconds(-1),
        Finished = Finished,
        Outcome = Outcome.HttpStatus,
        Unit = "F",
        Status = 503,
        Error = error,
    };

    public static TargetState State(string? value, int failuresInARow) =>
        new() { Target = "nyc", Value = value, Unit = "F", FailuresInARow = failuresInARow };

    /// <summary>
    /// Stops with a grace the fake clock never ends, so every event is delivered or given up first; a notifier that
    /// never gets there fails the test rather than hang it.
    /// </summary>
    public static Task<NotifyCounts> DrainAsync(this Notifier notifier) =>
        notifier.StopAsync(TimeSpan.FromSeconds(30), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

    /// <summary>A value that changed from 66.9 to <paramref name="to"/>: one change event.</summary>
    public static void Change(this Notifier notifier, Target target, string to) =>
        notifier.Observe(target, Ok(to, changed: true), State("66.9", 0), State(to, 0));
}
