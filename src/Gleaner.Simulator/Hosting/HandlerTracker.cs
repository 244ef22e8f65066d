namespace Gleaner.Simulator.Hosting;

/// <summary>
/// Counts route handlers that are running on either server, so tests can await "the hanging handler has started"
/// or "every handler ended with its client" instead of sleeping. Lock-free unless someone is waiting.
/// </summary>
internal sealed class HandlerTracker
{
    private readonly Lock _gate = new();
    private readonly List<(Func<int, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
    private int _active;
    private int _waiting;

    public int Active => Volatile.Read(ref _active);

    public void Enter() => Changed(Interlocked.Increment(ref _active));

    public void Exit() => Changed(Interlocked.Decrement(ref _active));

    /// <summary>Completes when <paramref name="condition"/> holds for the number of running handlers.</summary>
    public Task WhenAsync(Func<int, bool> condition)
    {
        lock (_gate)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, signal));
            Interlocked.Increment(ref _waiting);
            Release(Active);
            return signal.Task;
        }
    }

    private void Changed(int active)
    {
        if (Volatile.Read(ref _waiting) == 0)
            return;
        lock (_gate)
            Release(Active);
    }

    private void Release(int active)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (!_waiters[i].Condition(active))
                continue;
            _waiters[i].Signal.TrySetResult();
            _waiters.RemoveAt(i);
            Interlocked.Decrement(ref _waiting);
        }
    }
}
