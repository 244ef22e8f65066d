using Gleaner.Watching;

namespace Gleaner.Dashboard.Board;

/// <summary>
/// What the dashboard knows of one target: its state as last seen, the last failure's message when a sample brought
/// it, and its last <see cref="RecentCount"/> samples' numbers for the sparkline. Guarded by its own lock: samples
/// arrive from the watch while requests read.
/// </summary>
internal sealed class TargetRow
{
    public const int RecentCount = 60;

    private readonly Lock _lock = new();
    // Oldest first, by due time; at most RecentCount.
    private readonly List<Point> _recent = new(RecentCount + 1);
    private TargetState _state;
    private string? _error;
    private bool _seeded;

    public TargetRow(TargetState state)
    {
        _state = state;
        Name = state.Target;
        Host = state.Url?.IdnHost ?? "";
    }

    public string Name { get; }

    /// <summary>The URL's host, for the host filter; empty when the store has no URL.</summary>
    public string Host { get; private set; }

    /// <summary>True once the sparkline was seeded from the store: no need to ask it again.</summary>
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
            if (_recent.Count == 0 || sample.Due > _recent[^1].Due)
            {
                _recent.Add(PointOf(sample));
                Trim();
            }
        }
    }

    /// <summary>
    /// Seeds the sparkline with the store's latest samples, oldest first: they go before the samples that arrived live
    /// since the board started (those the store has too are taken once).
    /// </summary>
    public void Seed(IReadOnlyList<Sample> stored)
    {
        lock (_lock)
        {
            if (_seeded)
            {
                return;
            }

            _seeded = true;
            var live = stored.Count == 0 ? _recent : _recent.Where(p => p.Due > stored[^1].Due).ToList();
            var merged = stored.Select(PointOf).Concat(live).ToList();
            _recent.Clear();
            _recent.AddRange(merged);
            Trim();
        }
    }

    /// <summary>A consistent copy for one answer.</summary>
    public (TargetState State, string? Error, double?[] Recent) Read()
    {
        lock (_lock)
        {
            return (_state, _error, [.. _recent.Select(p => p.Number)]);
        }
    }

    private static Point PointOf(Sample sample) => new(sample.Due, sample.Outcome == Outcome.Ok ? sample.Number : null);

    private void Trim()
    {
        if (_recent.Count > RecentCount)
        {
            _recent.RemoveRange(0, _recent.Count - RecentCount);
        }
    }

    private readonly record struct Point(DateTimeOffset Due, double? Number);
}
