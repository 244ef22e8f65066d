using Gleaner.Watching;

namespace Gleaner.Dashboard.Board;

/// <summary>
/// What the dashboard knows of one target: its state as last seen, the last failure's message when a sample brought
/// it, and the numbers of its last <see cref="RecentCount"/> samples for the sparkline. Guarded by its own lock:
/// samples arrive from the watch while requests read.
/// </summary>
internal sealed class TargetRow
{
    public const int RecentCount = 60;

    private readonly Lock _lock = new();
    private readonly double?[] _recent = new double?[RecentCount];
    private int _recentStart;
    private int _recentCount;
    private TargetState _state;
    private string? _error;
    private bool _seeded;

    // The due time of the first sample that arrived live: the store's samples before it go in front when seeding.
    private DateTimeOffset? _firstLiveDue;

    public TargetRow(TargetState state)
    {
        _state = state;
        Name = state.Target;
        Host = state.Url?.IdnHost ?? "";
    }

    public string Name { get; }

    /// <summary>The URL's host, for the host filter; empty when the store has no URL.</summary>
    public string Host { get; private set; }

    /// <summary>Takes a new state and, when the sample that made it is known, its number and failure message.</summary>
    public void Apply(TargetState state, Sample? sample)
    {
        lock (_lock)
        {
            _state = state;
            Host = state.Url?.IdnHost ?? Host;
            if (sample is null)
            {
                return;
            }

            _error = sample.Outcome == Outcome.Ok ? null : sample.Error;
            _firstLiveDue ??= sample.Due;
            Push(sample.Outcome == Outcome.Ok ? sample.Number : null);
        }
    }

    /// <summary>
    /// Seeds the sparkline from the store's latest samples (oldest first), once. Samples that arrived live stay last;
    /// the store's samples due before the first of them go in front (its later ones are the live ones themselves,
    /// once the watch has written them).
    /// </summary>
    public void Seed(IReadOnlyList<(DateTimeOffset Due, double? Number)> latest)
    {
        lock (_lock)
        {
            if (_seeded)
            {
                return;
            }

            _seeded = true;
            var live = ReadRecent();
            var stored = latest.Where(s => _firstLiveDue is not { } first || s.Due < first).Select(s => s.Number);
            _recentStart = 0;
            _recentCount = 0;
            foreach (var number in stored.Concat(live).TakeLast(RecentCount))
            {
                Push(number);
            }
        }
    }

    /// <summary>True once the sparkline was seeded from the store: no need to ask the store again.</summary>
    public bool Seeded
    {
        get
        {
            lock (_lock)
            {
                return _seeded;
            }
        }
    }

    /// <summary>A consistent copy for one answer.</summary>
    public (TargetState State, string? Error, double?[] Recent) Read()
    {
        lock (_lock)
        {
            return (_state, _error, ReadRecent());
        }
    }

    public TargetState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    private double?[] ReadRecent()
    {
        var recent = new double?[_recentCount];
        for (var i = 0; i < _recentCount; i++)
        {
            recent[i] = _recent[(_recentStart + i) % RecentCount];
        }

        return recent;
    }

    private void Push(double? number)
    {
        if (_recentCount < RecentCount)
        {
            _recent[(_recentStart + _recentCount++) % RecentCount] = number;
            return;
        }

        _recent[_recentStart] = number;
        _recentStart = (_recentStart + 1) % RecentCount;
    }
}
