using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Raw;

/// <summary>
/// A TcpListener on 127.0.0.1 for replies Kestrel refuses to produce: trickled or oversized headers, lying framing,
/// resets, close-delimited bodies and bytes that are not HTTP at all. One request per connection.
/// </summary>
internal sealed class RawServer : IAsyncDisposable
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(300);

    private readonly TcpListener _listener;
    private readonly IReadOnlyDictionary<string, RawHandler> _handlers;
    private readonly SimulatorContext _sim;
    private readonly ConcurrentDictionary<RawExchange, byte> _open = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Task _acceptLoop;

    private RawServer(IReadOnlyDictionary<string, RawHandler> handlers, SimulatorContext sim)
    {
        _handlers = handlers;
        _sim = sim;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 512);
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUri { get; }

    public static RawServer Start(IReadOnlyDictionary<string, RawHandler> handlers, SimulatorContext sim) =>
        new(handlers, sim);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _acceptLoop;
        // Handlers watch the stopping token; give them a moment, then pull the sockets out from under them.
        var all = Task.WhenAll(_running.Keys);
        await Task.WhenAny(all, Task.Delay(DrainGrace));
        foreach (var exchange in _open.Keys)
            exchange.Abort();
        await Task.WhenAny(all, Task.Delay(DrainGrace));
        _listener.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_sim.Stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_sim.Stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException
                                          || (e is SocketException && _sim.Stopping.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                continue; // one failed accept (the client gave up in the backlog) is not the server's end
            }
            var task = ServeAsync(socket);
            _running.TryAdd(task, 0);
            _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield(); // never run a handler on the accept loop
        using var exchange = new RawExchange(socket, _sim.Stopping);
        _open.TryAdd(exchange, 0);
        _sim.Handlers.Enter();
        var headRead = false;
        try
        {
            headRead = await exchange.ReadRequestHeadAsync();
            if (!headRead)
                return;
            _sim.Traffic.Record(TrafficLog.Raw, exchange.Host, exchange.Target);
            var handler = _handlers.GetValueOrDefault(exchange.Path, NotFoundAsync);
            await handler(exchange, _sim);
            await exchange.CloseGracefullyAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException
                                      or OperationCanceledException)
        {
            // The client left, reset, or the simulator is stopping: all normal endings for a hostile server.
        }
        finally
        {
            // A connection that never sent a whole request head still reached this server: count it too.
            if (!headRead)
                _sim.Traffic.Record(TrafficLog.Raw, "", TrafficLog.NoRequest);
            exchange.Abort();
            await exchange.Completion;
            _open.TryRemove(exchange, out _);
            _sim.Handlers.Exit();
        }
    }

    private static Task NotFoundAsync(RawExchange exchange, SimulatorContext sim) => exchange.SendAsync(
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n");
}
