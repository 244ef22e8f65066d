using Gleaner.Fetching;
using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>
/// One row of <c>latency_hours</c>: a target's samples that started in one hour, their count, the sum and maximum of
/// each phase's time (microseconds) and the sum of their wire bytes. A sample's own timings are not kept: at a
/// sample every 10 s this costs a fraction of a byte per sample, where exact timings would cost ten.
/// </summary>
internal sealed class LatencyHour
{
    /// <summary>The phases, in column order: each has a <c>_sum</c> and a <c>_max</c> column.</summary>
    public static readonly string[] Phases = ["dns", "connect", "tls", "headers", "body", "total"];

    private readonly long[] _sums = new long[6];
    private readonly long[] _maxes = new long[6];

    public long Count { get; private set; }

    public long WireSum { get; private set; }

    /// <summary>The columns <see cref="Read"/> expects after the hour, in its order.</summary>
    public static string Columns => "count, " + string.Join(", ", Phases.Select(p => $"{p}_sum, {p}_max")) + ", wire_sum";

    /// <summary>Counts one more sample in.</summary>
    public void Add(Sample sample)
    {
        Count++;
        WireSum += sample.WireBytes;
        var t = sample.Timings;
        ReadOnlySpan<TimeSpan> phases = [t.Dns, t.Connect, t.Tls, t.Headers, t.Body, t.Total];
        for (var i = 0; i < phases.Length; i++)
        {
            var micros = phases[i].Ticks / TimeSpan.TicksPerMicrosecond;
            _sums[i] += micros;
            _maxes[i] = Math.Max(_maxes[i], micros);
        }
    }

    /// <summary>The mean time of each phase, to the microsecond (rounded down).</summary>
    public PhaseTimings Means()
    {
        TimeSpan Mean(int i) => TimeSpan.FromTicks(_sums[i] / Count * TimeSpan.TicksPerMicrosecond);
        return new PhaseTimings { Dns = Mean(0), Connect = Mean(1), Tls = Mean(2), Headers = Mean(3), Body = Mean(4), Total = Mean(5) };
    }

    /// <summary>The mean wire bytes, rounded down.</summary>
    public long MeanWireBytes => WireSum / Count;

    /// <summary>Binds the row to <paramref name="command"/>'s <c>$count</c>, <c>$dns_sum</c>, … parameters.</summary>
    public void Bind(SqliteCommand command)
    {
        command.Bind("$count", Count);
        for (var i = 0; i < Phases.Length; i++)
        {
            command.Bind($"${Phases[i]}_sum", _sums[i]);
            command.Bind($"${Phases[i]}_max", _maxes[i]);
        }

        command.Bind("$wire_sum", WireSum);
    }

    /// <summary>The row whose <see cref="Columns"/> start at <paramref name="first"/> in <paramref name="reader"/>.</summary>
    public static LatencyHour Read(SqliteDataReader reader, int first)
    {
        var hour = new LatencyHour { Count = reader.GetInt64(first) };
        for (var i = 0; i < Phases.Length; i++)
        {
            hour._sums[i] = reader.GetInt64(first + 1 + 2 * i);
            hour._maxes[i] = reader.GetInt64(first + 2 + 2 * i);
        }

        hour.WireSum = reader.GetInt64(first + 1 + 2 * Phases.Length);
        return hour;
    }
}
