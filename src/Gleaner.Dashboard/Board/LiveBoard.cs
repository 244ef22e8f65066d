using System.Collections.Frozen;
using Gleaner.Storage;
using Gleaner.Targets;
using Gleaner.Watching;

namespace Gleaner.Dashboard.Board;

/// <summary>
/// The dashboard's picture of every target, kept current by whoever takes the samples (<see cref="Apply"/>): the
/// watch in this process, or <see cref="StoreFollower"/> reading another process's store. Pages and the API read it;
/// each sample applied is also offered to the live stream.
/// </summary>
internal sealed class LiveBoard
{
    private readonly Lock _lock = new();
    private readonly ISampleStore _store;
    private FrozenDictionary<string, TargetRow> _byName = FrozenDictionary<string, TargetRow>.Empty;
    private TargetRow[] _sorted = [];

    public LiveBoard(ISampleStore store)
    {
        _store = store;
    }

    /// <summary>Called with every row a sample changed (after it changed), for the live stream.</summary>
    public Action<TargetRow, Sample?>? Changed { get; set; }

    /// <summary>The store the board reads history from.</summary>
    public ISampleStore Store => _store;

    /// <summary>Every row, ordered by name (ordinal); a snapshot that later additions do not change.</summary>
    public IReadOnlyList<TargetRow> Rows => Volatile.Read(ref _sorted);

    public int Count => Volatile.Read(ref _sorted).Length;

    public TargetRow? Find(string name) => Volatile.Read(ref _byName).GetValueOrDefault(name);

    /// <summary>Takes the states the store holds now, e.g. at start.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var states = await _store.LoadStatesAsync(cancellationToken);
        lock (_lock)
        {
            var byName = new Dictionary<string, TargetRow>(_byName, StringComparer.Ordinal);
            foreach (var state in states)
            {
                if (byName.TryGetValue(state.Target, out var row))
                {
                    row.Apply(state, sample: null);
                }
                else
                {
                    byName[state.Target] = new TargetRow(state);
                }
            }

            Publish(byName);
        }
    }

    /// <summary>
    /// Puts the watch's targets on the board before their first sample (shown as pending), so each has its row and
    /// page from the start; targets already there keep what they have.
    /// </summary>
    public void Declare(IEnumerable<Target> targets)
    {
        lock (_lock)
        {
            var byName = new Dictionary<string, TargetRow>(_byName, StringComparer.Ordinal);
            var added = false;
            foreach (var target in targets)
            {
                if (!byName.ContainsKey(target.Name))
                {
                    byName[target.Name] = new TargetRow(new TargetState { Target = target.Name, Url = target.Url, Unit = target.Value.Unit });
                    added = true;
                }
            }

            if (added)
            {
                Publish(byName);
            }
        }
    }

    /// <summary>
    /// Takes a target's new state, and the sample that made it when known; a target not seen before is added.
    /// </summary>
    public void Apply(TargetState state, Sample? sample, bool announce = true)
    {
        var row = Find(state.Target) ?? Add(state);
        row.Apply(state, sample);
        if (announce)
        {
            Changed?.Invoke(row, sample);
        }
    }

    /// <summary>
    /// <see cref="Apply"/> for many at once: the targets new to the board are added in one step, not one copy of the
    /// whole set each (a follower that starts before a large watch's first write sees thousands of new targets at once).
    /// </summary>
    public void ApplyAll(IReadOnlyList<(TargetState State, Sample? Sample)> updates)
    {
        if (updates.Any(u => Find(u.State.Target) is null))
        {
            lock (_lock)
            {
                var byName = new Dictionary<string, TargetRow>(_byName, StringComparer.Ordinal);
                foreach (var (state, _) in updates)
                {
                    byName.TryAdd(state.Target, new TargetRow(state));
                }

                Publish(byName);
            }
        }

        foreach (var (state, sample) in updates)
        {
            Apply(state, sample);
        }
    }

    /// <summary>Seeds the sparklines of <paramref name="rows"/> that have none yet from the store's latest samples.</summary>
    public async Task SeedAsync(IEnumerable<TargetRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            if (row.Seeded)
            {
                continue;
            }

            var stored = new List<Sample>(TargetRow.RecentCount);
            await foreach (var sample in _store.ReadLatestSamplesAsync(row.Name, TargetRow.RecentCount, cancellationToken))
            {
                stored.Add(sample);
            }

            row.Seed(stored);
        }
    }

    private TargetRow Add(TargetState state)
    {
        lock (_lock)
        {
            if (_byName.GetValueOrDefault(state.Target) is { } existing)
            {
                return existing;
            }

            // A target new to the board is rare (a reloaded job file): copying the whole set for it is fine.
            var row = new TargetRow(state);
            Publish(new Dictionary<string, TargetRow>(_byName, StringComparer.Ordinal) { [row.Name] = row });
            return row;
        }
    }

    // Readers take one snapshot or the other, each complete.
    private void Publish(Dictionary<string, TargetRow> byName)
    {
        var sorted = byName.Values.ToArray();
        Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        Volatile.Write(ref _byName, byName.ToFrozenDictionary(StringComparer.Ordinal));
        Volatile.Write(ref _sorted, sorted);
    }
}
