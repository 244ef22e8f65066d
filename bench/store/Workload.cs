using System.Globalization;
using Gleaner;
using Gleaner.Fetching;
using Gleaner.Watching;

namespace StoreBench;

/// <summary>
/// The samples of a watch of <c>targets</c> targets every 10 s: round <c>n</c> holds one sample per target, due at
/// T0 + 10 s × n plus the target's offset (the first samples spread over the first interval, as a watch spreads
/// them). A sample's value changes with probability <c>changeRate</c>; it starts 0-49 ms late and takes 10-209 ms
/// (uniform), as on a quiet loopback; every sample is ok with status 200, one attempt, and made-up phase timings and
/// wire bytes. Seeded: each run writes the same samples.
/// </summary>
internal sealed class Workload(int targets, double changeRate, int seed = 42)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);
    private readonly double[] _values = new double[targets];
    private readonly bool[] _started = new bool[targets];

    public int Targets => targets;

    public static string Name(int target) => $"target-{target:D5}";

    public List<Sample> Round(int n)
    {
        var samples = new List<Sample>(targets);
        for (var t = 0; t < targets; t++)
        {
            var changed = !_started[t] || _random.NextDouble() < changeRate;
            if (changed)
            {
                _values[t] = Math.Round(_random.NextDouble() * 1000 - 200, 1);
                _started[t] = true;
            }

            var due = T0 + TimeSpan.FromSeconds(10) * n + TimeSpan.FromMilliseconds(10_000.0 * t / targets);
            var started = due.AddMilliseconds(_random.Next(50));
            var took = TimeSpan.FromMilliseconds(10 + _random.Next(200));
            samples.Add(new Sample
            {
                Target = Name(t),
                Due = due,
                Started = started,
                Finished = started + took,
                Outcome = Outcome.Ok,
                Value = _values[t].ToString("R", CultureInfo.InvariantCulture),
                Number = _values[t],
                Unit = "F",
                Status = 200,
                Timings = new PhaseTimings { Headers = took * 0.6, Body = took * 0.4, Total = took },
                WireBytes = 2000 + _random.Next(4000),
                Attempts = 1,
                Changed = changed,
            });
        }

        return samples;
    }
}
