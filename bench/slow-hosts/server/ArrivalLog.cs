using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SlowHosts;

/// <summary>
/// When each request and each connection arrived (Stopwatch ticks: CLOCK_MONOTONIC nanoseconds on Linux), and the
/// requests in flight, in all and per host, with their peaks. <see cref="Drain"/> hands the log over and starts a
/// new one, so one server serves every run of a benchmark.
/// </summary>
internal sealed class ArrivalLog(int hosts)
{
    private const int Capacity = 1 << 20;
    private readonly Lock _gate = new();
    private long[] _requests = new long[Capacity];
    private long[] _connections = new long[Capacity];
    private int _requestCount;
    private int _connectionCount;
    private int _inFlight;
    private int _peak;
    private readonly int[] _hostInFlight = new int[hosts + 1];
    private int[] _hostPeak = new int[hosts + 1];

    /// <summary>The key of a connection's <see cref="Served"/> in its items.</summary>
    public const string ServedKey = "served";

    private readonly long[] _closedServing = new long[4];

    public Served ConnectionOpened()
    {
        Note(_connections, ref _connectionCount);
        return new Served();
    }

    /// <summary>Counts a closed connection by how many requests it served: 0, 1, 2, 3 or more.</summary>
    public void ConnectionClosed(int served) => Interlocked.Increment(ref _closedServing[Math.Min(served, 3)]);

    public void RequestStarted(int host)
    {
        Note(_requests, ref _requestCount);
        Raise(ref _peak, Interlocked.Increment(ref _inFlight));
        Raise(ref _hostPeak[host], Interlocked.Increment(ref _hostInFlight[host]));
    }

    public void RequestEnded(int host)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Decrement(ref _hostInFlight[host]);
    }

    /// <summary>The log so far as text (one header line, then "r TICKS" and "c TICKS" lines), and a fresh log.</summary>
    public string Drain()
    {
        long[] requests, connections;
        int requestCount, connectionCount, peak;
        int[] hostPeak;
        lock (_gate)
        {
            (requests, requestCount) = (_requests, Math.Min(Capacity, Interlocked.Exchange(ref _requestCount, 0)));
            (connections, connectionCount) = (_connections, Math.Min(Capacity, Interlocked.Exchange(ref _connectionCount, 0)));
            _requests = new long[Capacity];
            _connections = new long[Capacity];
            peak = Interlocked.Exchange(ref _peak, Volatile.Read(ref _inFlight));
            hostPeak = Interlocked.Exchange(ref _hostPeak, new int[_hostPeak.Length]);
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"frequency {Stopwatch.Frequency} peak_in_flight {peak} peak_per_host {hostPeak.Max()} requests {requestCount} connections {connectionCount} closed_serving_0 {Interlocked.Exchange(ref _closedServing[0], 0)} closed_serving_1 {Interlocked.Exchange(ref _closedServing[1], 0)} closed_serving_2 {Interlocked.Exchange(ref _closedServing[2], 0)} closed_serving_3plus {Interlocked.Exchange(ref _closedServing[3], 0)}\n");
        foreach (var t in requests.AsSpan(0, requestCount))
        {
            text.Append(CultureInfo.InvariantCulture, $"r {t}\n");
        }

        foreach (var t in connections.AsSpan(0, connectionCount))
        {
            text.Append(CultureInfo.InvariantCulture, $"c {t}\n");
        }

        return text.ToString();
    }

    private void Note(long[] log, ref int count)
    {
        var at = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            var i = count++;
            if (i < Capacity)
            {
                log[i] = at;
            }
        }
    }

    private static void Raise(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref peak, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Requests one connection served (touched by one request at a time).</summary>
    public sealed class Served
    {
        public int Count { get; set; }
    }
}
