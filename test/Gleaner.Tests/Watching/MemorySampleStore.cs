using System.Runtime.CompilerServices;
using Gleaner.Storage;
using Gleaner.Watching;

namespace Gleaner.Tests.Watching;

/// <summary>An <see cref="ISampleStore"/> in memory, for engine tests: it keeps what it is given, as given.</summary>
internal sealed class MemorySampleStore : ISampleStore
{
    private readonly Lock _gate = new();
    private readonly List<Sample> _samples = [];
    private readonly List<WatchEvent> _events = [];
    private readonly Dictionary<string, TargetState> _states = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public List<RetentionPolicy> Prunes { get; } = [];

    /// <summary>When set, every write throws it.</summary>
    public Exception? FailWith { get; set; }

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public IReadOnlyList<WatchEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public TargetState State(string name)
    {
        lock (_gate)
        {
            return _states[name];
        }
    }

    public Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TargetState>>([.. _states.Values]);
        }
    }

    public Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_states.GetValueOrDefault(target));
        }
    }

    public Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            Writes++;
            _samples.AddRange(samples);
            _events.AddRange(events);
            foreach (var state in states)
            {
                _states[state.Target] = state;
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Prunes.Add(policy);
        }

        return Task.FromResult(0L);
    }

    public async IAsyncEnumerable<Sample> ReadSamplesAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var sample in Samples.Where(s => target is null || s.Target == target))
        {
            yield return sample;
        }
    }

    public async IAsyncEnumerable<Sample> ReadLatestSamplesAsync(string target, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var sample in Samples.Where(s => s.Target == target).OrderBy(s => s.Due).TakeLast(count))
        {
            yield return sample;
        }
    }

    public async IAsyncEnumerable<WatchEvent> ReadEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var e in Events.Where(e => target is null || e.Target == target))
        {
            yield return e;
        }
    }

    public Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WatchEvent>>(
            [.. Events.Where(e => (target is null || e.Target == target) && !(e.At < from) && !(e.At >= to)).Reverse().Take(limit)]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
