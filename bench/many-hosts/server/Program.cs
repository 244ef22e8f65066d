using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ManyHosts;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Usage: ManyHostsServer PORT LATENCY_MS COUNTERS_FILE
// Answers on every address of the machine (0.0.0.0:PORT), which is safe only because run.sh starts it inside a
// network namespace of its own whose only interface is lo. run.sh starts several of these on one port
// (SO_REUSEPORT): a process may not hold more descriptors than the client's limit here, and the client may keep
// that many connections open. They count into one shared file, so the peak in flight is the peak of the sum.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var latency = TimeSpan.FromMilliseconds(int.Parse(args[1], CultureInfo.InvariantCulture));
using var counters = new Counters(args[2]);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
{
    var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    const int SolSocket = 1, SoReusePort = 15; // Linux
    socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
    socket.Bind(endpoint);
    return socket;
});
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // Kestrel's default keep-alive (130 s), stated: longer than Gleaner's 30 s pool idle timeout, as most servers'
    // are (nginx 75 s), so it is the client that decides how long an idle connection stays open.
    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
    kestrel.Listen(IPAddress.Any, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(next => async connection =>
        {
            counters.ConnectionOpened();
            try
            {
                await next(connection);
            }
            finally
            {
                counters.ConnectionClosed();
            }
        });
    });
});

var app = builder.Build();
app.Run(context => Pages.ServeAsync(context, counters, latency));
await app.StartAsync();
counters.Ready();
await app.WaitForShutdownAsync();
