using System.Net;
using System.Net.Sockets;
using Gleaner.Fetching.Addresses;
using Gleaner.Fetching.Connections;
using Gleaner.Fetching.Proxies;

namespace Gleaner.Fetching;

/// <summary>
/// Opens TCP connections for one address permission. DNS and connect run here, under their own deadlines, and
/// the address policy is checked on the very address the socket then connects to: there is no gap between
/// check and connect for DNS rebinding to use. Through a proxy, the socket goes to the proxy the user named, and
/// a tunnel to the target is asked for here (<see cref="ProxyTunnel"/>, <see cref="Socks5Tunnel"/>) under the
/// connect deadline; the target's own address is checked before the request (<see cref="ProxiedHostCheck"/>).
/// </summary>
internal sealed class ConnectionFactory(AddressPermission permission, ConnectionSettings settings, FetcherOptions options, ConnectionRegistry registry)
{
    private const int MaxAddressesTried = 3;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var trace = FetchTrace.Of(context.InitialRequestMessage);
        var url = context.InitialRequestMessage.RequestUri!;
        if (settings.Proxy?.For(url) is { } proxy)
        {
            return await ConnectThroughAsync(proxy, url, context.DnsEndPoint, trace, cancellationToken);
        }

        var host = context.DnsEndPoint.Host;
        var allowed = Allowed(host, await ResolveAsync(options, host, trace, cancellationToken), permission);
        var stream = await ConnectToFirstAsync(host, allowed, context.DnsEndPoint.Port, label: null, trace, cancellationToken);
        registry.Opened(ConnectionRegistry.KeyOf(url), stream);
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            ArmTlsDeadline(stream, trace);
        }

        return stream;
    }

    /// <summary>
    /// The registry's key for the connections <paramref name="url"/> is fetched on: the proxy's when the handler sends
    /// the request to the proxy (its connections serve every http target), the target's own otherwise.
    /// </summary>
    public static string KeyFor(Uri url, ConnectionSettings settings) =>
        AbsoluteFormProxy.Of(settings.Proxy, url) is { } proxy ? "proxy:" + proxy : ConnectionRegistry.KeyOf(url);

    // The proxy was named by the user and is reached as named, like an IP literal target; the target behind it was
    // checked before the request, or is checked here when its address is resolved here (socks5).
    private async Task<Stream> ConnectThroughAsync(ProxyServer proxy, Uri url, DnsEndPoint target, FetchTrace trace, CancellationToken cancellationToken)
    {
        var absoluteForm = AbsoluteFormProxy.Of(settings.Proxy, url) is not null;
        IPAddress? targetAddress = null;
        if (proxy.Scheme == "socks5")
        {
            targetAddress = Allowed(target.Host, await ResolveAsync(options, target.Host, trace, cancellationToken), permission)[0];
        }

        var label = $"the proxy {proxy}";
        var addresses = (await ResolveAsync(options, proxy.Host, trace, cancellationToken, label)).Take(MaxAddressesTried).ToList();
        var stream = await ConnectToFirstAsync(proxy.Host, addresses, proxy.Port, label, trace, cancellationToken);
        registry.Opened(KeyFor(url, settings), stream);
        if (absoluteForm)
        {
            return stream;
        }

        var started = options.Time.GetTimestamp();
        using var timeout = new CancellationTokenSource(trace.Limits.ConnectTimeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, trace.Watchdog.Token, timeout.Token);
        try
        {
            var host = target.Host;
            await (proxy.IsHttp
                ? ProxyTunnel.OpenAsync(stream, proxy, host, target.Port, linked.Token)
                : Socks5Tunnel.OpenAsync(stream, proxy, host, targetAddress, target.Port, linked.Token));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await stream.DisposeAsync();
            throw new FetchFailure(Outcome.ConnectTimeout,
                $"{label} did not open a tunnel to {target.Host}:{target.Port} within {Units.Duration.Format(trace.Limits.ConnectTimeout)}");
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        finally
        {
            trace.Connect += options.Time.GetElapsedTime(started);
        }

        trace.ConnectedAt = options.Time.GetTimestamp();
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            ArmTlsDeadline(stream, trace);
        }

        return stream;
    }

    /// <summary>The addresses of <paramref name="host"/> a connection may try, or the <see cref="Outcome.Blocked"/> failure when there are none.</summary>
    internal static List<IPAddress> Allowed(string host, IPAddress[] addresses, AddressPermission permission)
    {
        var allowed = addresses.Where(a => AddressClassifier.IsAllowed(a, permission)).Take(MaxAddressesTried).ToList();
        return allowed.Count > 0 ? allowed : throw Blocked(host, addresses[0], permission);
    }

    /// <summary>The failure for <paramref name="host"/> when its address <paramref name="address"/> is one the policy blocks.</summary>
    internal static FetchFailure Blocked(string host, IPAddress address, AddressPermission permission)
    {
        var hint = permission == AddressPermission.PublicOnly && AddressClassifier.IsAllowed(address, AddressPermission.AllowPrivate)
            ? " (name it with allow_private to reach it)"
            : "";
        var what = IPAddress.TryParse(host, out _)
            ? $"{address} is {AddressClassifier.Classify(address).Describe()}"
            : $"{host} is {address} ({AddressClassifier.Classify(address).Describe()})";
        return new FetchFailure(Outcome.Blocked, $"{what}, which the address policy blocks{hint}");
    }

    // The handler runs the TLS handshake itself, after this callback returns; the only lever on a handshake that
    // hangs is the socket under it.
    private void ArmTlsDeadline(Stream stream, FetchTrace trace)
    {
        trace.TlsDeadline = options.Time.CreateTimer(_ =>
        {
            trace.Watchdog.Fail(Outcome.Tls, $"TLS handshake took longer than {Units.Duration.Format(trace.Limits.TlsTimeout)}");
            stream.Dispose();
        }, null, trace.Limits.TlsTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Resolves <paramref name="host"/> with the fetcher's resolver under the DNS deadline; failures are
    /// <see cref="Outcome.Dns"/> (or <see cref="Outcome.LocalLimit"/>), naming the host or <paramref name="label"/>.
    /// </summary>
    internal static async Task<IPAddress[]> ResolveAsync(
        FetcherOptions options, string host, FetchTrace trace, CancellationToken cancellationToken, string? label = null)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var started = options.Time.GetTimestamp();
        using var timeout = new CancellationTokenSource(trace.Limits.DnsTimeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, trace.Watchdog.Token, timeout.Token);
        try
        {
            var addresses = await options.Resolve(host, linked.Token).WaitAsync(linked.Token);
            return addresses.Length > 0 ? addresses : throw new FetchFailure(Outcome.Dns, $"{Named(host, label)} has no addresses");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new FetchFailure(Outcome.Dns, $"resolving {Named(host, label)} took longer than {Units.Duration.Format(trace.Limits.DnsTimeout)}");
        }
        catch (SocketException e) when (LocalLimit(e) is { } problem)
        {
            throw new FetchFailure(Outcome.LocalLimit, $"resolving {Named(host, label)}: {problem}", e);
        }
        catch (SocketException e)
        {
            throw new FetchFailure(Outcome.Dns, $"{Named(host, label)} did not resolve ({e.SocketErrorCode})", e);
        }
        finally
        {
            trace.Dns += options.Time.GetElapsedTime(started);
        }
    }

    private static string Named(string host, string? label) => label is null ? host : $"{label} ({host})";

    private async Task<TrackedStream> ConnectToFirstAsync(
        string host, List<IPAddress> addresses, int port, string? label, FetchTrace trace, CancellationToken cancellationToken)
    {
        var endpoint = label ?? $"{host}:{port}";
        var started = options.Time.GetTimestamp();
        using var timeout = new CancellationTokenSource(trace.Limits.ConnectTimeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, trace.Watchdog.Token, timeout.Token);
        SocketException? last = null;
        try
        {
            foreach (var address in addresses)
            {
                var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                if (!registry.TryTakeSocket())
                {
                    throw new FetchFailure(Outcome.LocalLimit,
                        $"connecting to {endpoint}: all {registry.MaxSockets} sockets this process may open are in use; the rest of its "
                        + "descriptors are kept for its files (raise ulimit -n or lower the concurrency)");
                }

                var socket = NewSocket(target.AddressFamily);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(target, port), linked.Token);
                    trace.ConnectedAt = options.Time.GetTimestamp();
                    return new TrackedStream(socket, registry);
                }
                catch (SocketException e) when (LocalLimit(e) is { } problem)
                {
                    Discard(socket);
                    throw new FetchFailure(Outcome.LocalLimit, $"connecting to {endpoint}: {problem}", e);
                }
                catch (SocketException e)
                {
                    Discard(socket);
                    last = e;
                }
                catch
                {
                    Discard(socket);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new FetchFailure(Outcome.ConnectTimeout,
                $"connecting to {endpoint} took longer than {Units.Duration.Format(trace.Limits.ConnectTimeout)}");
        }
        finally
        {
            trace.Connect += options.Time.GetElapsedTime(started);
        }

        var outcome = last?.SocketErrorCode == SocketError.TimedOut ? Outcome.ConnectTimeout : Outcome.ConnectRefused;
        throw new FetchFailure(outcome, $"{endpoint} refused the connection ({last?.SocketErrorCode})", last);
    }

    private Socket NewSocket(AddressFamily family)
    {
        try
        {
            return new Socket(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        }
        catch (SocketException e) when (LocalLimit(e) is { } problem)
        {
            registry.ReturnSocket();
            throw new FetchFailure(Outcome.LocalLimit, $"no socket could be made: {problem}", e);
        }
    }

    private void Discard(Socket socket)
    {
        socket.Dispose();
        registry.ReturnSocket();
    }

    /// <summary>What ran out on this machine, when <paramref name="e"/> says something did; null otherwise.</summary>
    internal static string? LocalLimit(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.TooManyOpenSockets => "this process is out of file descriptors (raise ulimit -n or lower the concurrency)",
        SocketError.AddressNotAvailable => "no local port is free (too many connections recently closed; lower the concurrency)",
        SocketError.NoBufferSpaceAvailable => "the system is out of socket buffers",
        _ => null,
    };

    /// <summary>
    /// Called once the connection is ready for HTTP (after TLS on https): the TLS time is known now, and the
    /// time-to-headers deadline starts over from here.
    /// </summary>
    public ValueTask<Stream> OnPlaintextReady(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        var trace = FetchTrace.Of(context.InitialRequestMessage);
        trace.TlsDeadline?.Dispose();
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps && trace.ConnectedAt != 0)
        {
            trace.Tls += options.Time.GetElapsedTime(trace.ConnectedAt);
        }

        trace.Watchdog.StartHeaders();
        return ValueTask.FromResult(context.PlaintextStream);
    }
}
