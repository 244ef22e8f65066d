using Gleaner.Watching;

namespace Gleaner.Dashboard.Board;

/// <summary>
/// Keeps a board current from a store that another process (a watch) writes: every <see cref="Interval"/> it reads
/// every target's state and applies those whose last sample is newer than the board's. A target sampled more than
/// once between two reads shows its latest sample only (its history is complete in the store and on its page).
/// </summary>
internal sealed class StoreFollower
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly LiveBoard _board;
    private readonly TimeProvider _time;

    public StoreFollower(LiveBoard board, TimeProvider time)
    {
        _board = board;
        _time = time;
    }

    /// <summary>Reads the store now and applies what is new; returns the targets applied.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var updates = new List<(TargetState, Sample?)>();
        foreach (var state in await _board.Store.LoadStatesAsync(cancellationToken))
        {
            var known = _board.Find(state.Target)?.State;
            if (known is not null && known.LastAt == state.LastAt && known.LastDue == state.LastDue)
            {
                continue;
            }

            updates.Add((state, state.LastDue is { } due && state.LastAt is { } at ? SampleOf(state, due, at) : null));
        }

        _board.ApplyAll(updates);
        return updates.Count;
    }

    /// <summary>Polls until <paramref name="cancellationToken"/> fires; a failed read is reported and tried again.</summary>
    public async Task RunAsync(Action<Exception> failed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await PollAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // What the state says of its last sample: enough for the overview and the stream.
    private static Sample SampleOf(TargetState state, DateTimeOffset due, DateTimeOffset at) => new()
    {
        Target = state.Target,
        Due = due,
        Started = at,
        Finished = at,
        Outcome = state.Outcome ?? Outcome.Ok,
        Value = state.Value,
        Number = state.Outcome == Outcome.Ok ? state.Number : null,
        Unit = state.Unit,
        Changed = state.ChangedAt == at,
    };
}
