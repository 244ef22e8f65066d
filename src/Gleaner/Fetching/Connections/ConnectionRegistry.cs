namespace Gleaner.Fetching.Connections;

/// <summary>
/// Every connection a <see cref="Fetcher"/> has open, by endpoint (scheme, host, port), and whether a fetch is
/// using that endpoint. SocketsHttpHandler keeps an idle connection to every endpoint it has reached for as long as
/// its idle timeout, so a crawl of many hosts would hold one descriptor per host visited; this closes idle ones
/// instead: all of an endpoint's when its user says it is done with it (<see cref="CloseIdle"/>), and the least
/// recently used whenever more than <see cref="MaxIdle"/> sit idle. An endpoint in use is never touched, so a
/// connection is never closed under a request. The handler may still offer a connection closed this way to the next
/// request before it has noticed; that request fails before anything is sent, and the fetcher sends it again.
/// It also keeps sockets within <see cref="MaxSockets"/>, below the process's descriptor limit, so that running out
/// is a named failure of the fetch that would have crossed it, never a crash elsewhere: the output, SQLite and the
/// runtime (which opens files to load code) keep descriptors of their own.
/// </summary>
internal sealed class ConnectionRegistry(int maxIdle, int maxSockets)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    // Endpoints with open connections and no fetch using them, least recently used first.
    private readonly LinkedList<Endpoint> _idle = new();
    private int _idleConnections;
    private int _sockets;

    /// <summary>Idle connections kept at most, across all endpoints.</summary>
    public int MaxIdle { get; } = maxIdle;

    /// <summary>Sockets open (or opening) at most.</summary>
    public int MaxSockets { get; } = maxSockets;

    /// <summary>
    /// Takes a socket from the budget, first closing the least recently used idle connections when it is spent;
    /// false when every socket is in use. Give it back with <see cref="ReturnSocket"/> unless it becomes a
    /// <see cref="TrackedStream"/>, whose closing gives it back.
    /// </summary>
    public bool TryTakeSocket()
    {
        if (Interlocked.Increment(ref _sockets) <= MaxSockets)
        {
            return true;
        }

        lock (_gate)
        {
            // Closing gives sockets back (Closed) before this lock is left.
            while (Volatile.Read(ref _sockets) > MaxSockets && _idle.First is { } oldest)
            {
                CloseAll([.. oldest.Value.Open]);
            }
        }

        if (Volatile.Read(ref _sockets) <= MaxSockets)
        {
            return true;
        }

        ReturnSocket();
        return false;
    }

    /// <summary>Gives back a socket taken with <see cref="TryTakeSocket"/> that was closed without being tracked.</summary>
    public void ReturnSocket() => Interlocked.Decrement(ref _sockets);

    /// <summary>Connections open now (for diagnostics and tests).</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.Values.Sum(e => e.Open.Count);
            }
        }
    }

    /// <summary>Idle connections open now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idleConnections;
            }
        }
    }

    /// <summary>The endpoint key of <paramref name="url"/>: the handler pools connections by the same three parts.</summary>
    public static string KeyOf(Uri url) => string.Concat(url.Scheme, "://", url.IdnHost, ":", url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Marks <paramref name="key"/> in use until the returned lease is disposed.</summary>
    public Lease Use(string key)
    {
        lock (_gate)
        {
            var endpoint = Get(key);
            if (endpoint.IdleNode is not null)
            {
                _idle.Remove(endpoint.IdleNode);
                endpoint.IdleNode = null;
                _idleConnections -= endpoint.Open.Count;
            }

            endpoint.InUse++;
            return new Lease(this, endpoint);
        }
    }

    /// <summary>Records a connection the handler just opened to <paramref name="key"/>.</summary>
    public void Opened(string key, TrackedStream stream)
    {
        lock (_gate)
        {
            var endpoint = Get(key);
            endpoint.Open.Add(stream);
            stream.Endpoint = endpoint;
            if (endpoint.InUse == 0)
            {
                // Opened for a fetch that has ended since (a connect that outlived its deadline): idle at once.
                endpoint.IdleNode ??= _idle.AddLast(endpoint);
                _idleConnections++;
                CloseAll(TrimIdle());
            }
        }
    }

    /// <summary>Forgets a connection that was closed (by the handler, the server or this registry).</summary>
    public void Closed(TrackedStream stream)
    {
        ReturnSocket();
        lock (_gate)
        {
            if (stream.Endpoint is not { } endpoint || !endpoint.Open.Remove(stream))
            {
                return;
            }

            if (endpoint.IdleNode is not null)
            {
                _idleConnections--;
                if (endpoint.Open.Count == 0)
                {
                    _idle.Remove(endpoint.IdleNode);
                    endpoint.IdleNode = null;
                }
            }

            Forget(endpoint);
        }
    }

    /// <summary>Closes the connections to <paramref name="url"/>'s endpoint when no fetch is using it.</summary>
    public void CloseIdle(Uri url)
    {
        lock (_gate)
        {
            if (_endpoints.TryGetValue(KeyOf(url), out var endpoint) && endpoint.InUse == 0 && endpoint.Open.Count > 0)
            {
                CloseAll([.. endpoint.Open]);
            }
        }
    }

    private void Release(Endpoint endpoint)
    {
        lock (_gate)
        {
            if (--endpoint.InUse > 0)
            {
                return;
            }

            if (endpoint.Open.Count == 0)
            {
                Forget(endpoint);
                return;
            }

            endpoint.IdleNode = _idle.AddLast(endpoint);
            _idleConnections += endpoint.Open.Count;
            CloseAll(TrimIdle());
        }
    }

    // Under the lock: picks the least recently used idle endpoints' connections until at most MaxIdle stay.
    private List<TrackedStream>? TrimIdle()
    {
        List<TrackedStream>? close = null;
        var excess = _idleConnections - MaxIdle;
        for (var node = _idle.First; node is not null && excess > 0; node = node.Next)
        {
            close ??= [];
            close.AddRange(node.Value.Open);
            excess -= node.Value.Open.Count;
        }

        return close;
    }

    private Endpoint Get(string key)
    {
        if (!_endpoints.TryGetValue(key, out var endpoint))
        {
            _endpoints[key] = endpoint = new Endpoint(key);
        }

        return endpoint;
    }

    private void Forget(Endpoint endpoint)
    {
        if (endpoint.InUse == 0 && endpoint.Open.Count == 0)
        {
            _endpoints.Remove(endpoint.Key);
        }
    }

    // Called under the lock (Lock is re-entrant, and Closed takes it again): a fetch that marks an endpoint in use
    // after this finds its connections already closed and flagged, never half-closed.
    private static void CloseAll(List<TrackedStream>? streams)
    {
        if (streams is null)
        {
            return;
        }

        foreach (var stream in streams)
        {
            stream.CloseAsIdle();
        }
    }

    /// <summary>One endpoint's open connections and the fetches using it.</summary>
    internal sealed class Endpoint(string key)
    {
        public string Key { get; } = key;

        public List<TrackedStream> Open { get; } = [];

        public int InUse { get; set; }

        public LinkedListNode<Endpoint>? IdleNode { get; set; }
    }

    /// <summary>A fetch's use of an endpoint; disposing it may leave the endpoint idle.</summary>
    internal sealed class Lease(ConnectionRegistry owner, Endpoint endpoint) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(endpoint);
            }
        }
    }
}
