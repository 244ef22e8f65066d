using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SlowHosts;

// Usage: SlowHostsServer PORT HOSTS LATENCY_MS
// Listens on 127.0.1.1 .. 127.0.1.HOSTS, port PORT, each address bound explicitly (Linux routes all of 127.0.0.0/8
// to lo), and answers every request after LATENCY_MS. It logs the arrival of every request and connection on the
// monotonic clock (CLOCK_MONOTONIC, as Python's time.monotonic_ns), which slowhosts.py reads from /_log.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var hosts = int.Parse(args[1], CultureInfo.InvariantCulture);
var latency = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));
var log = new ArrivalLog(hosts);

// Kestrel's thread pool must not be what delays arrivals: enough threads from the start for a wave of accepts.
ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), Math.Max(16, Environment.ProcessorCount * 4));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxConcurrentConnections = null;
    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
    for (var i = 1; i <= hosts; i++)
    {
        kestrel.Listen(new IPEndPoint(IPAddress.Parse($"127.0.1.{i}"), port), listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => async connection =>
            {
                var served = log.ConnectionOpened();
                connection.Items[ArrivalLog.ServedKey] = served;
                try
                {
                    await next(connection);
                }
                finally
                {
                    log.ConnectionClosed(served.Count);
                }
            });
        });
    }
});
builder.WebHost.UseSockets(sockets => sockets.Backlog = 65535);

var app = builder.Build();
app.Run(context => Pages.ServeAsync(context, log, latency));
await app.StartAsync();
Console.WriteLine("ready");
await app.WaitForShutdownAsync();
