using System.Net.Sockets;

namespace Gleaner.Fetching.Connections;

/// <summary>
/// A connection's socket stream that tells its <see cref="ConnectionRegistry"/> when it closes, whoever closes it.
/// A <see cref="NetworkStream"/> itself, so the handler keeps its fast paths.
/// </summary>
internal sealed class TrackedStream(Socket socket, ConnectionRegistry registry) : NetworkStream(socket, ownsSocket: true)
{
    private int _closed;

    /// <summary>The registry's record of the endpoint this connection belongs to.</summary>
    public ConnectionRegistry.Endpoint? Endpoint { get; set; }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                registry.Closed(this);
            }
        }
    }
}
