using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Microsoft.Extensions.Logging;

namespace Gleaner.Engine;

/// <summary>
/// Runs many targets concurrently and streams each finished one as a <see cref="RunRecord"/>, in the order they
/// finish. One global bound on fetches in flight; per-host slots for politeness; retries with backoff; robots.txt;
/// a per-host circuit breaker. A target waiting on a slow or silent server holds only its own host lane and its
/// own fetch slot: other hosts keep flowing.
/// </summary>
public sealed class RunEngine
{
    private readonly Fetcher _fetcher;
    private readonly TargetRunner _runner;
    private readonly RunSettings _settings;
    private readonly TimeProvider _time;
    private readonly Func<Uri, string> _hostKey;

    /// <summary>Creates an engine over <paramref name="fetcher"/> (share one per process: it holds the connection pools).</summary>
    public RunEngine(Fetcher fetcher, RunSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _fetcher = fetcher;
        _settings = settings.Validate();
        _time = time ?? TimeProvider.System;
        _runner = new TargetRunner(fetcher, _time);
        _hostKey = HostKeys.For(settings.KeyByRegistrableDomain);
    }

    /// <summary>
    /// Where runs tell of retries, circuit breaker changes, hosts pushed back and unreachable robots.txt files
    /// (category <c>Gleaner.Engine.RunEngine</c>); none when null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Runs <paramref name="targets"/>, skipping those whose <see cref="RunRecord.KeyFor"/> is in
    /// <paramref name="done"/> (a resumed run), and yields each record as its target finishes. When
    /// <paramref name="cancellationToken"/> fires, no new request leaves (robots.txt and retries included); fetches
    /// in flight end as they end (their own deadlines bound them) and are still yielded; a target waiting for a
    /// retry ends with its last attempt; targets not yet started yield nothing, so a resumed run fetches them. A
    /// target on which Gleaner itself fails ends as <see cref="Outcome.Internal"/>, and the run goes on.
    /// </summary>
    public async IAsyncEnumerable<RunRecord> RunAsync(
        IReadOnlyList<Target> targets,
        IReadOnlySet<string>? done = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        // Bounded: when the consumer (an output, a slow disk) falls behind, lanes wait instead of finished
        // records piling up in memory.
        var records = Channel.CreateBounded<RunRecord>(new BoundedChannelOptions(Math.Max(64, _settings.Concurrency)) { SingleReader = true });
        // Cancelled when the caller stops reading early, so lanes blocked on a full channel give up.
        using var abandoned = new CancellationTokenSource();
        var driver = RunCoreAsync(targets, done, (record, ct) => records.Writer.WriteAsync(record, ct), cancellationToken, abandoned.Token)
            .ContinueWith(run => records.Writer.Complete(run.Exception?.InnerException), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await foreach (var record in records.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return record;
            }
        }
        finally
        {
            await abandoned.CancelAsync();
            await driver;
        }
    }

    /// <summary>
    /// Runs <paramref name="targets"/> as the other overload does, handing each record to <paramref name="onRecord"/>
    /// on the thread that finished it, as it finishes: no hand-off to a reader. Calls may overlap, one per lane, so
    /// <paramref name="onRecord"/> must be thread-safe. When it throws, the run starts no new target (a lane busy at
    /// that moment still finishes, and reports, the one in hand) and ends with that exception.
    /// </summary>
    public Task RunAsync(
        IReadOnlyList<Target> targets,
        Func<RunRecord, CancellationToken, ValueTask> onRecord,
        IReadOnlySet<string>? done = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(onRecord);
        return RunCoreAsync(targets, done, onRecord, cancellationToken, CancellationToken.None);
    }

    private async Task RunCoreAsync(
        IReadOnlyList<Target> targets,
        IReadOnlySet<string>? done,
        Func<RunRecord, CancellationToken, ValueTask> onRecord,
        CancellationToken stop,
        CancellationToken abandoned)
    {
        using var run = new Run(_fetcher, _runner, _settings, _time, onRecord, stop, abandoned, LoggerFactory?.CreateLogger<RunEngine>());
        await run.DriveAsync(targets, done ?? new HashSet<string>(), _hostKey);
    }

    /// <summary>The longest robots.txt Crawl-delay honoured; a site asking for more gets this.</summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromSeconds(60);
}
