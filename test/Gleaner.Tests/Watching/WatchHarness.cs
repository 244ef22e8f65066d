using System.Net;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Watching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Watching;

/// <summary>
/// A watch on a fake clock against a real loopback server: the test moves the clock only while the engine waits for
/// its next due time, and waits for the samples it expects before moving it again.
/// </summary>
internal sealed class WatchHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waits = [];
    private int _taken;
    private Task? _running;

    public WatchHarness(MemorySampleStore? store = null, FakeTimeProvider? time = null, RunSettings? settings = null, ILoggerFactory? log = null)
    {
        Store = store ?? new MemorySampleStore();
        Time = time ?? new FakeTimeProvider(Start);
        // The fetches keep time on the same fake clock, with deadlines far beyond any step a test takes, so moving the
        // clock while a sample waits for its host never ends a fetch in flight.
        Fetcher = new Fetcher(new FetcherOptions
        {
            Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }),
            Time = Time,
        });
        Engine = new WatchEngine(Fetcher, settings ?? new RunSettings { RespectRobots = false, Retries = 0 }, Store, Time)
        {
            SampleTaken = (_, _, _, _) => Taken(),
            LoggerFactory = log,
        };
    }

    public MemorySampleStore Store { get; }

    public FakeTimeProvider Time { get; }

    public Fetcher Fetcher { get; }

    public WatchEngine Engine { get; }

    public static readonly FetchLimits Patient = Limits with
    {
        DnsTimeout = TimeSpan.FromMinutes(30),
        ConnectTimeout = TimeSpan.FromMinutes(30),
        TlsTimeout = TimeSpan.FromMinutes(30),
        HeadersTimeout = TimeSpan.FromMinutes(30),
        TotalTimeout = TimeSpan.FromMinutes(30),
        Stall = StallRule.Off,
    };

    public static Target Every(Uri url, string name, TimeSpan every) => Page(url, Patient) with
    {
        Name = name,
        Watch = new WatchSpec { Schedule = new EverySchedule(every) },
    };

    public void Run(params Target[] targets) => Run(new WatchList(targets));

    public void Run(WatchList list) => _running = Engine.RunAsync(list, _stop.Token);

    /// <summary>Moves the clock by <paramref name="step"/> once the engine waits, then waits for <paramref name="taken"/> samples in all.</summary>
    public async Task AdvanceAsync(TimeSpan step, int taken)
    {
        await Engine.Parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Time.Advance(step);
        await SamplesAsync(taken);
    }

    public Task SamplesAsync(int count)
    {
        lock (_gate)
        {
            if (_taken >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
    }

    /// <summary>Stops the watch and waits for it to end (its samples in flight written).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Fetcher.Dispose();
        _stop.Dispose();
    }

    private void Taken()
    {
        lock (_gate)
        {
            _taken++;
            foreach (var wait in _waits.Where(w => w.Count <= _taken).ToList())
            {
                _waits.Remove(wait);
                wait.Reached.TrySetResult();
            }
        }
    }
}
