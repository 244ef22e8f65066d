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
        AddMissing(states);
        foreach (var state in states)
        {
            Apply(state, sample: null, announce: false);
        }
    }

    /// <summary>
    /// Puts the watch's targets on the board before their first sample (shown as pending), so each has its row and
    /// page from the start; targets already there keep what they have.
    /// </summary>
    public void Declare(IEnumerable<Target> targets) =>
        AddMissing(targets.Select(t => new TargetState { Target = t.Name, Url = t.Url, Unit = t.Value.Unit }));

    /// <summary>
    /// Takes a target's new state, and the sample that made it when known; a target not seen before is added.
    /// </summary>
    public void Apply(TargetState state, Sample? sample, bool announce = true)
    {
        if (Find(state.Target) is not { } row)
        {
            AddMissing([state]);
            row = Find(state.Target)!;
        }

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
        AddMissing(updates.Select(u => u.State));
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

    // Gives each state whose target is not on the board a row, in one copy of the set however many are new: a target
    // new to the board is rare but for a start or a large watch's first write.
    private void AddMissing(IEnumerable<TargetState> states)
    {
        lock (_lock)
        {
            Dictionary<string, TargetRow>? byName = null;
            foreach (var state in states)
            {
                if (!_byName.ContainsKey(state.Target) && !(byName?.ContainsKey(state.Target) ?? false))
                {
                    byName ??= new Dictionary<string, TargetRow>(_byName, StringComparer.Ordinal);
                    byName[state.Target] = new TargetRow(state);
                }
            }

            if (byName is not null)
            {
                Publish(byName);
            }
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
