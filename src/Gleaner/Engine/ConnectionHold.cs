namespace Gleaner.Engine;

/// <summary>
/// A lane's hold on the endpoint of the target it works on, so the fetcher does not close that endpoint's connections
/// as idle between one fetch and the next: while the lane records a target (its turn at the output may come only after
/// thousands of other lanes') and takes the next one. The lane lets go whenever it waits (for a slot, the host's delay,
/// a retry), so hosts that wait leave their connections idle, under the fetcher's bound on idle connections.
/// </summary>
internal sealed class ConnectionHold
{
    private IDisposable? _held;

    /// <summary>Holds <paramref name="next"/> (a fetcher's use of an endpoint), then lets go of what was held: no gap.</summary>
    public void Replace(IDisposable next)
    {
        var previous = _held;
        _held = next;
        previous?.Dispose();
    }

    /// <summary>Lets go of what is held, if anything.</summary>
    public void Release()
    {
        var previous = _held;
        _held = null;
        previous?.Dispose();
    }
}
