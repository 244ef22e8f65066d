using System.Globalization;
using Gleaner.Fetching;
using Gleaner.Watching;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// A day of a watch's history over <c>targets</c> targets, ending at <c>end</c>: every target sampled every 5 min
/// (288 samples) but the first, sampled every 10 s (8,640). Temperatures change when their observation is updated
/// (about hourly), prices about daily, counts every few samples; 8 % of targets fail now and then, 2 % often, and a
/// few dozen have been down for the last hours. Samples come in due order, in batches as the watch's writer makes
/// them, each with the events and the new states it brings. Seeded: every run writes the same day.
/// </summary>
internal sealed class DayOfHistory
{
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);
    public static readonly TimeSpan SlowInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan FastInterval = TimeSpan.FromSeconds(10);

    private static readonly Outcome[] Failures = [Outcome.HeadersTimeout, Outcome.Reset, Outcome.HttpStatus, Outcome.Deadline, Outcome.NoMatch];
    private static readonly Outcome[] Downs = [Outcome.Dns, Outcome.ConnectRefused, Outcome.HttpStatus, Outcome.Tls];

    private readonly Random _random = new(42);
    private readonly TargetProfile[] _profiles;
    private readonly TargetState[] _states;
    private readonly double[] _base;

    public DayOfHistory(int targets, DateTimeOffset end)
    {
        End = end;
        Start = end - Day;
        _profiles = new TargetProfile[targets];
        _states = new TargetState[targets];
        _base = new double[targets];
        for (var i = 0; i < targets; i++)
        {
            _profiles[i] = Profile(i, targets);
            _states[i] = new TargetState { Target = _profiles[i].Name, Url = _profiles[i].Url, Unit = _profiles[i].Unit };
            _base[i] = _profiles[i].Unit switch { "F" => 35 + _random.NextDouble() * 50, "C" => -5 + _random.NextDouble() * 30, _ => 5 + _random.NextDouble() * 500 };
        }
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public IReadOnlyList<TargetProfile> Profiles => _profiles;

    /// <summary>The target sampled every 10 s: the "day of samples" the API is timed on.</summary>
    public TargetProfile Fast => _profiles[0];

    /// <summary>Samples the whole day holds: 288 per 5-min target, 8,640 for the fast one.</summary>
    public long SampleCount => (long)(_profiles.Length - 1) * (long)(Day / SlowInterval) + (long)(Day / FastInterval);

    /// <summary>The day in due order, <paramref name="batchSize"/> samples at a time with their events and states.</summary>
    public IEnumerable<Batch> Batches(int batchSize)
    {
        var round = new List<(int Target, DateTimeOffset Due)>(_profiles.Length + 40);
        var batch = new Batch();
        var states = new Dictionary<int, TargetState>();
        for (var r = 0; r < (int)(Day / SlowInterval); r++)
        {
            var roundStart = Start + SlowInterval * r;
            round.Clear();
            for (var i = 0; i < _profiles.Length; i++)
            {
                var p = _profiles[i];
                if (p.Interval == SlowInterval)
                {
                    round.Add((i, roundStart + p.Offset));
                }
                else
                {
                    for (var due = roundStart + p.Offset; due < roundStart + SlowInterval; due += p.Interval)
                    {
                        round.Add((i, due));
                    }
                }
            }

            round.Sort(static (x, y) => x.Due.CompareTo(y.Due));
            foreach (var (target, due) in round)
            {
                batch.Samples.Add(Take(target, due, batch.Events));
                states[target] = _states[target];
                if (batch.Samples.Count == batchSize)
                {
                    batch.States.AddRange(states.Values);
                    yield return batch;
                    batch = new Batch();
                    states.Clear();
                }
            }
        }

        if (batch.Samples.Count > 0)
        {
            batch.States.AddRange(states.Values);
            yield return batch;
        }
    }

    /// <summary>One write's worth, as <c>SampleBatcher</c> hands it to the store.</summary>
    public sealed class Batch
    {
        public List<Sample> Samples { get; } = [];

        public List<WatchEvent> Events { get; } = [];

        public List<TargetState> States { get; } = [];
    }

    private static TargetProfile Profile(int index, int targets)
    {
        var site = Sites.Of(index);
        var fast = index == 0;
        var interval = fast ? FastInterval : SlowInterval;
        var hash = (uint)(index * 2246822519u);
        var failureRate = (hash % 100) switch { < 2 => 0.10, < 10 => 0.02, _ => 0.0 };
        var down = !fast && index % 300 == 7 ? TimeSpan.FromMinutes(30 + (hash % 240)) : TimeSpan.Zero;
        return new TargetProfile(
            Name: $"{site.Short}-{index:D5}",
            Url: new Uri($"https://{site.Host}{string.Format(CultureInfo.InvariantCulture, site.PathFormat, index)}"),
            Unit: fast ? "C" : site.Unit,
            Kind: fast ? ValueKind.Sensor : site.Kind,
            Interval: interval,
            Offset: interval * index / targets,
            FailureRate: fast ? 0.01 : failureRate,
            DownFor: down,
            SendsValidators: site.SendsValidators);
    }

    private Sample Take(int target, DateTimeOffset due, List<WatchEvent> events)
    {
        var p = _profiles[target];
        var before = _states[target];
        var started = due.AddMilliseconds(_random.Next(40));
        var failed = due >= End - p.DownFor || _random.NextDouble() < p.FailureRate;
        var sample = failed ? Failure(p, due, started, before) : Success(p, target, due, started, before);
        var after = Judge(before, sample, p.SendsValidators, events);
        _states[target] = after;
        return sample;
    }

    private Sample Success(TargetProfile p, int target, DateTimeOffset due, DateTimeOffset started, TargetState before)
    {
        var value = ValueAt(p, target, due);
        var changed = before.Value != value;
        var notModified = !changed && p.SendsValidators;
        var headers = TimeSpan.FromMilliseconds(40 + _random.Next(260));
        var body = notModified ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1 + _random.Next(30));
        var total = headers + body + TimeSpan.FromMilliseconds(1);
        return new Sample
        {
            Target = p.Name,
            Due = due,
            Started = started,
            Finished = started + total,
            Outcome = Outcome.Ok,
            Value = value,
            Number = double.Parse(value, CultureInfo.InvariantCulture),
            Unit = p.Unit,
            Status = notModified ? 304 : 200,
            Timings = new PhaseTimings { Headers = headers, Body = body, Total = total },
            WireBytes = notModified ? 0 : 8_000 + _random.Next(60_000),
            Attempts = 1,
            NotModified = notModified,
            Changed = changed,
        };
    }

    private Sample Failure(TargetProfile p, DateTimeOffset due, DateTimeOffset started, TargetState before)
    {
        var down = due >= End - p.DownFor;
        var outcome = down ? Downs[(int)p.DownFor.TotalMinutes % Downs.Length] : Failures[_random.Next(Failures.Length)];
        var took = outcome is Outcome.HeadersTimeout or Outcome.Deadline ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(5 + _random.Next(200));
        return new Sample
        {
            Target = p.Name,
            Due = due,
            Started = started,
            Finished = started + took,
            Outcome = outcome,
            Unit = p.Unit,
            Status = outcome == Outcome.HttpStatus ? (down ? 404 : 503) : null,
            Timings = new PhaseTimings { Total = took },
            Attempts = outcome is Outcome.NoMatch or Outcome.HttpStatus ? 1 : 3,
            Error = outcome switch
            {
                Outcome.HttpStatus => down ? "HTTP 404 Not Found" : "HTTP 503 Service Unavailable",
                Outcome.Dns => $"{p.Url.Host}: Name or service not known",
                Outcome.ConnectRefused => "Connection refused",
                Outcome.Tls => "The remote certificate is invalid because of errors in the certificate chain: NotTimeValid",
                Outcome.NoMatch => "regex matched nothing",
                _ => $"{outcome.ToName()} after {took.TotalSeconds:0.#} s",
            },
            Changed = false,
        };
    }

    // Values move on a daily curve, but only as often as their source updates them.
    private string ValueAt(TargetProfile p, int target, DateTimeOffset due)
    {
        var cadence = p.Kind switch
        {
            ValueKind.Temperature => TimeSpan.FromHours(1),
            ValueKind.Price => TimeSpan.FromDays(1),
            ValueKind.Count => TimeSpan.FromMinutes(15),
            _ => TimeSpan.FromMinutes(1),
        };
        var step = (due - Start + p.Offset * 7).Ticks / cadence.Ticks;
        var at = Start + cadence * step;
        var phase = (at - Start).TotalHours / 24 * 2 * Math.PI;
        var wobble = (double)Mix((ulong)target << 32 ^ (ulong)step) / uint.MaxValue;
        return p.Kind switch
        {
            ValueKind.Price => (_base[target] * (1 + 0.05 * (wobble - 0.5))).ToString("F2", CultureInfo.InvariantCulture),
            ValueKind.Count => ((int)(_base[target] * wobble)).ToString(CultureInfo.InvariantCulture),
            _ => (_base[target] + (p.Unit == "F" ? 9 : 5) * Math.Sin(phase) + wobble).ToString("F1", CultureInfo.InvariantCulture),
        };
    }

    // A fixed integer hash (string and HashCode hashes change from process to process; the day must not).
    private static uint Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (uint)x;
    }

    // What the watch's change detection makes of a sample: the target's next state and its events.
    private static TargetState Judge(TargetState before, Sample sample, bool validators, List<WatchEvent> events)
    {
        if (sample.Outcome != Outcome.Ok)
        {
            var failures = before.FailuresInARow + 1;
            if (failures == 1)
            {
                events.Add(new WatchEvent { Target = sample.Target, At = sample.Finished, Kind = WatchEventKind.Failure, From = before.Value, Outcome = sample.Outcome, Message = sample.Error, FailuresInARow = 1 });
            }

            return before with { LastDue = sample.Due, LastAt = sample.Finished, Outcome = sample.Outcome, FailuresInARow = failures };
        }

        if (before.FailuresInARow > 0)
        {
            events.Add(new WatchEvent { Target = sample.Target, At = sample.Finished, Kind = WatchEventKind.Recovery, From = before.Value, To = sample.Value, Outcome = Outcome.Ok });
        }

        if (sample.Changed && before.Value is not null)
        {
            events.Add(new WatchEvent { Target = sample.Target, At = sample.Finished, Kind = WatchEventKind.Change, From = before.Value, To = sample.Value, Outcome = Outcome.Ok });
        }

        return before with
        {
            LastDue = sample.Due,
            LastAt = sample.Finished,
            Outcome = Outcome.Ok,
            Value = sample.Value,
            Number = sample.Number,
            ChangedAt = sample.Changed ? sample.Finished : before.ChangedAt,
            ETag = !validators ? null : sample.Changed ? $"\"{Mix((ulong)sample.Due.ToUnixTimeMilliseconds()):x8}\"" : before.ETag,
            FailuresInARow = 0,
        };
    }
}
