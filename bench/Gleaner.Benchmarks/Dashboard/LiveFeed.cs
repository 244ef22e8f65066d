using System.Diagnostics;
using System.Globalization;
using Gleaner.Dashboard.Board;
using Gleaner.Fetching;
using Gleaner.Watching;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// Feeds a board as a watch of its targets would: <c>rate</c> samples a second, each target in turn (so with 10,000
/// targets at 1,000 a second, each every 10 s), through <see cref="LiveBoard.Apply"/>, which hands every one to the
/// live stream. A third of the samples change their value, 1 % fail. Bounded by the count and the duration both.
/// </summary>
internal sealed class LiveFeed(LiveBoard board, int rate, TimeSpan duration)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly Random _random = new(7);

    /// <summary>Samples applied.</summary>
    public long Applied { get; private set; }

    /// <summary>The furthest the feed fell behind its schedule, e.g. after a stall of this process.</summary>
    public TimeSpan MostBehind { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rows = board.Rows;
        var total = (long)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Tick);
        while (Applied < total && clock.Elapsed < duration + TimeSpan.FromSeconds(5) && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate));
            var behind = TimeSpan.FromSeconds((due - Applied) / (double)rate);
            MostBehind = behind > MostBehind ? behind : MostBehind;
            for (; Applied < due; Applied++)
            {
                // Stride through the targets so that neighbours on screen are not sampled together.
                var row = rows[(int)(Applied * 7919 % rows.Count)];
                var (state, sample) = Next(row.State);
                board.Apply(state, sample);
            }
        }
    }

    private (TargetState State, Sample Sample) Next(TargetState before)
    {
        var now = DateTimeOffset.UtcNow;
        var started = now.AddMilliseconds(-50 - _random.Next(200));
        var took = now - started;
        if (_random.NextDouble() < 0.01)
        {
            var failed = new Sample
            {
                Target = before.Target, Due = started, Started = started, Finished = now, Outcome = Outcome.HeadersTimeout,
                Unit = before.Unit, Timings = new PhaseTimings { Total = took }, Attempts = 3, Error = "headers_timeout after 10 s",
            };
            return (before with { LastDue = started, LastAt = now, Outcome = failed.Outcome, FailuresInARow = before.FailuresInARow + 1 }, failed);
        }

        var changed = _random.NextDouble() < 1.0 / 3;
        var number = (before.Number ?? 50) + (changed ? Math.Round(_random.NextDouble() * 2 - 1, 1) : 0);
        var value = number.ToString("F1", CultureInfo.InvariantCulture);
        var sample = new Sample
        {
            Target = before.Target, Due = started, Started = started, Finished = now, Outcome = Outcome.Ok, Value = value,
            Number = number, Unit = before.Unit, Status = 200, Timings = new PhaseTimings { Headers = took, Total = took },
            WireBytes = 12_000, Attempts = 1, Changed = changed,
        };
        var after = before with
        {
            LastDue = started, LastAt = now, Outcome = Outcome.Ok, Value = value, Number = number,
            ChangedAt = changed ? now : before.ChangedAt, FailuresInARow = 0,
        };
        return (after, sample);
    }
}
