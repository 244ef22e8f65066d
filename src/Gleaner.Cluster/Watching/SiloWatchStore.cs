namespace Gleaner.Cluster.Watching;

/// <summary>
/// This silo's way to the watch store: the storage it was started with and the one writer its target grains share,
/// or nothing when it was started without a store (it then runs no watched targets, and says so).
/// </summary>
internal sealed class SiloWatchStore(WatchStorage? storage) : IAsyncDisposable
{
    private readonly CommittedSampleWriter? _writer = storage is null ? null : new CommittedSampleWriter(storage.Samples);

    public WatchStorage Storage => storage ?? throw new InvalidOperationException(
        "this silo was started without a watch store: start every silo with --store (PostgreSQL, the same on each), or one node on localhost clustering");

    public CommittedSampleWriter Writer => _writer ?? throw new InvalidOperationException(Storage.Describe);

    public bool IsConfigured => storage is not null;

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        if (storage is not null)
        {
            await storage.DisposeAsync();
        }
    }
}
