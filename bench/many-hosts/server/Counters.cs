using System.IO.MemoryMappedFiles;

namespace ManyHosts;

/// <summary>
/// Counters shared by every server process through one memory-mapped file of 64-bit slots (manyhosts.py reads
/// them): requests in flight with their peak, requests by kind, connections open with their peak, processes ready.
/// </summary>
internal sealed unsafe class Counters : IDisposable
{
    private const int InFlight = 0, PeakInFlight = 1, ByKind = 2, Connections = 5, PeakConnections = 6, ConnectionsTotal = 7, ReadySlot = 8, Slots = 9;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _slots;

    public Counters(string path)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, Slots * sizeof(long));
        _view = _file.CreateViewAccessor(0, Slots * sizeof(long));
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _slots = (long*)(start + _view.PointerOffset);
    }

    public void RequestStarted(RequestKind kind)
    {
        Raise(ref _slots[PeakInFlight], Interlocked.Increment(ref _slots[InFlight]));
        Interlocked.Increment(ref _slots[ByKind + (int)kind]);
    }

    public void RequestEnded() => Interlocked.Decrement(ref _slots[InFlight]);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _slots[ConnectionsTotal]);
        Raise(ref _slots[PeakConnections], Interlocked.Increment(ref _slots[Connections]));
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _slots[Connections]);

    public void Ready() => Interlocked.Increment(ref _slots[ReadySlot]);

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private static void Raise(ref long peak, long value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref peak, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
