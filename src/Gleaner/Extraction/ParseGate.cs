namespace Gleaner.Extraction;

/// <summary>
/// Bounds how many documents are parsed at once in the process: at most one per core. A parse runs on a thread-pool
/// thread until it is done, so without a bound a few pages that are costly to parse (2 MiB of them takes seconds of
/// CPU, and a hostile one keeps its thread until its deadline) hold every pool thread as well as every core, and the
/// rest of the run (fetches, regexes, records) stalls until the pool grows. A parse waits for its turn without a
/// thread, under its own token: a target whose deadline passes while it waits ends there.
/// </summary>
/// <remarks>
/// One slot fewer than the cores would keep a core free whatever the pages, but on two cores it holds a CSS job to
/// one core's parse rate: 20,000 small pages took 8.3 s or more instead of as little as 5.7 s (bench/README.md,
/// "Parse gate").
/// </remarks>
internal sealed class ParseGate : IDisposable
{
    private readonly SemaphoreSlim _free;
    private readonly Action? _waiting;

    /// <summary>A gate of <paramref name="slots"/> parses; <paramref name="waiting"/> is told each time one must wait.</summary>
    public ParseGate(int slots, Action? waiting = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _free = new SemaphoreSlim(slots, slots);
        _waiting = waiting;
    }

    /// <summary>The process's gate, one slot for each core the process may use.</summary>
    public static ParseGate Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Runs <paramref name="parse"/> once a slot is free; throws <see cref="OperationCanceledException"/> if the token fires first.</summary>
    public async Task<T> RunAsync<T>(Func<T> parse, CancellationToken cancellationToken)
    {
        var slot = _free.WaitAsync(cancellationToken);
        if (!slot.IsCompleted)
        {
            _waiting?.Invoke();
        }

        await slot;
        try
        {
            return parse();
        }
        finally
        {
            _free.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _free.Dispose();
}
