using System.Net;
using System.Net.Sockets;
using Gleaner.Fetching.Addresses;
using Gleaner.Fetching.Connections;

namespace Gleaner.Fetching;

/// <summary>
/// Opens TCP connections for one address permission. DNS and connect run here, under their own deadlines, and
/// the address policy is checked on the very address the socket then connects to: there is no gap between
/// check and connect for DNS rebinding to use.
/// </summary>
internal sealed class ConnectionFactory(AddressPermission permission, FetcherOptions options, ConnectionRegistry registry)
{
    private const int MaxAddressesTried = 3;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var trace = FetchTrace.Of(context.InitialRequestMessage);
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, trace, cancellationToken);

        var allowed = addresses.Where(a => AddressClassifier.IsAllowed(a, permission)).Take(MaxAddressesTried).ToList();
        if (allowed.Count == 0)
        {
            var first = addresses[0];
            var hint = permission == AddressPermission.PublicOnly && AddressClassifier.IsAllowed(first, AddressPermission.AllowPrivate)
                ? " (name it with allow_private to reach it)"
                : "";
            var what = IPAddress.TryParse(host, out _)
                ? $"{first} is {AddressClassifier.Classify(first).Describe()}"
                : $"{host} is {first} ({AddressClassifier.Classify(first).Describe()})";
            throw new FetchFailure(Outcome.Blocked, $"{what}, which the address policy blocks{hint}");
        }

        var stream = await ConnectToFirstAsync(host, allowed, context.DnsEndPoint.Port, trace, cancellationToken);
        registry.Opened(ConnectionRegistry.KeyOf(context.InitialRequestMessage.RequestUri!), stream);
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps)
        {
            ArmTlsDeadline(stream, trace);
        }

        return stream;
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

    private async Task<IPAddress[]> ResolveAsync(string host, FetchTrace trace, CancellationToken cancellationToken)
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
            return addresses.Length > 0 ? addresses : throw new FetchFailure(Outcome.Dns, $"{host} has no addresses");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new FetchFailure(Outcome.Dns, $"resolving {host} took longer than {Units.Duration.Format(trace.Limits.DnsTimeout)}");
        }
        catch (SocketException e) when (LocalLimit(e) is { } problem)
        {
            throw new FetchFailure(Outcome.LocalLimit, $"resolving {host}: {problem}", e);
        }
        catch (SocketException e)
        {
            throw new FetchFailure(Outcome.Dns, $"{host} did not resolve ({e.SocketErrorCode})", e);
        }
        finally
        {
            trace.Dns += options.Time.GetElapsedTime(started);
        }
    }

    private async Task<TrackedStream> ConnectToFirstAsync(
        string host, List<IPAddress> addresses, int port, FetchTrace trace, CancellationToken cancellationToken)
    {
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
                        $"connecting to {host}:{port}: all {registry.MaxSockets} sockets this process may open are in use; the rest of its "
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
                    throw new FetchFailure(Outcome.LocalLimit, $"connecting to {host}:{port}: {problem}", e);
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
                $"connecting to {host}:{port} took longer than {Units.Duration.Format(trace.Limits.ConnectTimeout)}");
        }
        finally
        {
            trace.Connect += options.Time.GetElapsedTime(started);
        }

        var outcome = last?.SocketErrorCode == SocketError.TimedOut ? Outcome.ConnectTimeout : Outcome.ConnectRefused;
        throw new FetchFailure(outcome, $"{host}:{port} refused the connection ({last?.SocketErrorCode})", last);
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
