using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Fetching;

/// <summary>DNS, connect and TLS phases: deadlines, failures and the address policy at connect time.</summary>
public class FetcherConnectionTests
{
    // Timers may fire a few milliseconds before a stopwatch started a little earlier says they should.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(25);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FetchAsync_ResolverHangs_ReturnsDnsAtTheDnsTimeout()
    {
        var time = new FakeTimeProvider();
        var resolving = new TaskCompletionSource();
        using var fetcher = new Fetcher(new FetcherOptions
        {
            Time = time,
            Resolve = (_, ct) => { resolving.SetResult(); return Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => Array.Empty<IPAddress>(), TaskScheduler.Default); },
        });
        var limits = new FetchLimits { DnsTimeout = TimeSpan.FromMilliseconds(300) };

        var fetch = fetcher.FetchAsync(new Uri("http://weather.example/"), limits, Ct);
        await resolving.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromMilliseconds(299));
        var before = fetch.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await fetch.WaitAsync(Ct);

        Assert.False(before);
        Assert.Equal((Outcome.Dns, "resolving weather.example took longer than 300ms"), (result.Outcome, result.Error));
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Timings.Total);
    }

    [Fact]
    public async Task FetchAsync_NameDoesNotResolve_ReturnsDns()
    {
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (host, _) => throw new SocketException((int)SocketError.HostNotFound) });

        var result = await fetcher.FetchAsync(new Uri("http://no-such-host.example/"), cancellationToken: Ct);

        Assert.Equal(Outcome.Dns, result.Outcome);
        Assert.Contains("no-such-host.example did not resolve", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NamedHostResolvesToLoopback_IsBlockedWithoutAllowPrivate()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "45"));
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
        var url = new Uri($"http://rebind.example:{server.BaseUri.Port}/");

        var blocked = await fetcher.FetchAsync(url, cancellationToken: Ct);
        var allowed = await fetcher.FetchAsync(url, new FetchLimits { AllowPrivate = true }, Ct);

        Assert.Equal(Outcome.Blocked, blocked.Outcome);
        Assert.Equal("rebind.example is 127.0.0.1 (loopback), which the address policy blocks (name it with allow_private to reach it)", blocked.Error);
        Assert.Equal(Outcome.Ok, allowed.Outcome);
        Assert.Equal("45", allowed.Body);
    }

    [Fact]
    public async Task FetchAsync_AllowPrivate_StillBlocksCloudMetadata()
    {
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") }) });

        var result = await fetcher.FetchAsync(new Uri("http://metadata.example/"), new FetchLimits { AllowPrivate = true }, Ct);

        Assert.Equal(Outcome.Blocked, result.Outcome);
        Assert.Contains("169.254.169.254", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NothingListens_ReturnsConnectRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken: Ct);

        Assert.Equal(Outcome.ConnectRefused, result.Outcome);
    }

    [Fact]
    public async Task FetchAsync_ListenBacklogFull_ReturnsConnectTimeoutWithinDeadline()
    {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so a connect hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(s);
                using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    await s.ConnectAsync(endpoint, quick.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            using var fetcher = new Fetcher();
            var limits = new FetchLimits { ConnectTimeout = TimeSpan.FromMilliseconds(400) };

            var result = await fetcher.FetchAsync(new Uri($"http://127.0.0.1:{endpoint.Port}/"), limits, Ct);

            // The outcome says the connect deadline fired (else the 10 s total deadline would have); the wall clock
            // is asked only whether it fired early, which a loaded machine cannot make happen.
            Assert.Equal(Outcome.ConnectTimeout, result.Outcome);
            Assert.True(result.Timings.Total >= limits.ConnectTimeout - TimerSlack, $"ended after {result.Timings.Total}");
        }
        finally
        {
            fillers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task FetchAsync_UntrustedCertificate_ReturnsTls()
    {
        using var certificate = SelfSigned();
        await using var server = await LoopbackServer.StartAsync(
            app => app.MapGet("/", () => "45"),
            builder => builder.WebHost.UseKestrelHttpsConfiguration().UseUrls("https://127.0.0.1:0").ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate)));
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(server.BaseUri, cancellationToken: Ct);

        Assert.Equal(Outcome.Tls, result.Outcome);
        Assert.Equal("the certificate of 127.0.0.1 is not trusted (self-signed; add it with ca_cert / --ca-cert to trust it)", result.Error);
    }

    [Fact]
    public async Task FetchAsync_TlsHandshakeNeverAnswered_ReturnsTlsWithinTlsTimeout()
    {
        // Accepts TCP and then says nothing: the client's ClientHello is never answered.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptTcpClientAsync(Ct).AsTask();
        using var fetcher = new Fetcher();
        var limits = new FetchLimits { TlsTimeout = TimeSpan.FromMilliseconds(300) };

        var result = await fetcher.FetchAsync(new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), limits, Ct);

        Assert.Equal(Outcome.Tls, result.Outcome);
        Assert.Equal("TLS handshake took longer than 300ms", result.Error);
        Assert.True(result.Timings.Total >= limits.TlsTimeout - TimerSlack, $"ended after {result.Timings.Total}");
        (await accept).Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
