using System.Net;
using Gleaner.Fetching.Addresses;
using Gleaner.Fetching.Connections;
using Gleaner.Fetching.Proxies;

namespace Gleaner.Fetching;

/// <summary>The fetcher's connection pools: one handler per address permission and connection settings, and who may use them.</summary>
public sealed partial class Fetcher
{
    /// <summary>
    /// Closes the idle connections to <paramref name="url"/>'s endpoint (scheme, host, port), unless a fetch is using
    /// it: a caller that is done with a host says so, and the host's descriptors are freed at once.
    /// </summary>
    internal void CloseIdleConnections(Uri url) => _connections.CloseIdle(url);

    /// <summary>
    /// Marks <paramref name="url"/>'s endpoint in use until the result is disposed, as a fetch does: its connections
    /// are not closed as idle meanwhile. A caller that goes from one fetch straight to the next holds it across the gap.
    /// </summary>
    internal IDisposable UseConnections(Uri url) => _connections.Use(ConnectionRegistry.KeyOf(url));

    /// <summary>The fetcher's open connections (for tests and diagnostics).</summary>
    internal ConnectionRegistry Connections => _connections;

    /// <summary>
    /// The origin a user names is reached as named: an IP literal there may be any address. Everything else is
    /// public-only, unless the target allows private addresses.
    /// </summary>
    private static AddressPermission PermissionFor(Uri named, Uri current, FetchLimits limits)
    {
        var sameOrigin = ReferenceEquals(named, current) || SameOrigin(named, current);
        return sameOrigin && TargetUrl.IsIpLiteral(current) ? AddressPermission.Any
            : limits.AllowPrivate ? AddressPermission.AllowPrivate
            : AddressPermission.PublicOnly;
    }

    private HttpMessageInvoker InvokerFor(AddressPermission permission, ConnectionSettings settings) =>
        settings.Equals(ConnectionSettings.Default) ? _invokers[permission]
        : _otherInvokers.GetOrAdd((permission, settings), static (key, self) => new(() => new HttpMessageInvoker(self.CreateHandler(key.Item1, key.Item2))), this).Value;

    private SocketsHttpHandler CreateHandler(AddressPermission permission, ConnectionSettings settings)
    {
        var connections = new ConnectionFactory(permission, settings, _options, _connections);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // Only http targets behind an HTTP proxy go to it through the handler; tunnels are made in ConnectCallback.
            UseProxy = settings.Proxy is not null,
            Proxy = settings.Proxy is null ? null : new AbsoluteFormProxy(settings.Proxy),
            // Over HTTP/2 too: the handler counts each decoded field's name and value against it, so a small HPACK
            // block that references one big table entry many times ends as too_large, not as memory.
            MaxResponseHeadersLength = Math.Max(1, _options.MaxHeaderBytes / 1024),
            // When a server allows fewer concurrent streams than a host's fetches (per-host concurrency), open
            // another connection rather than queue inside the handler, where the wait would count against the
            // headers deadline and end as headers_timeout. The engine's per-host slots bound the fetches to a
            // host, so connections never outnumber what HTTP/1.1 would have opened.
            EnableMultipleHttp2Connections = true,
            // Not set, on purpose: InitialHttp2StreamWindowSize keeps the 64 KiB default, which bounds what one
            // stream may have buffered unread, and the handler widens the window of a stream read quickly (dynamic
            // window sizing), so large bodies are not slowed. KeepAlivePingDelay stays off: every stream already has
            // the headers deadline and the stall guard, and idle connections are closed (PooledConnectionIdleTimeout,
            // the registry) rather than kept alive by pinging servers.
            PooledConnectionIdleTimeout = _options.PooledConnectionIdleTimeout,
            // A backstop only: DNS, connect and TLS each have their own, shorter deadline.
            ConnectTimeout = TimeSpan.FromMinutes(1),
            MaxResponseDrainSize = 64 << 10,
            ResponseDrainTimeout = TimeSpan.FromSeconds(1),
            ActivityHeadersPropagator = null,
            ConnectCallback = connections.ConnectAsync,
            PlaintextStreamFilter = connections.OnPlaintextReady,
        };
        TlsTrust.Apply(handler, settings);
        return handler;
    }

    /// <summary>Closes every pooled connection.</summary>
    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }

        foreach (var invoker in _otherInvokers.Values.Where(i => i.IsValueCreated))
        {
            invoker.Value.Dispose();
        }
    }
}
