using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gleaner.Fetching;
using Gleaner.Fetching.Proxies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Fetching.Proxies;

/// <summary>
/// Fetches through a proxy written in the test: what the proxy was asked, what reached the target, the address
/// policy before the proxy is asked, and the names of a proxy's failures.
/// </summary>
public sealed class FetcherProxyTests
{
    private const string Credentials = "scraper:s3cret-Pa55";
    // Base64 of "scraper:s3cret-Pa55": what a proxy gets in Proxy-Authorization.
    private static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials));
    private static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.216.34");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // weather.example is public here; intranet.example is private; nowhere.example does not resolve.
    private static Task<IPAddress[]> Resolve(string host, CancellationToken _) => host switch
    {
        "weather.example" => Task.FromResult(new[] { PublicAddress }),
        "intranet.example" => Task.FromResult(new[] { IPAddress.Parse("10.1.2.3") }),
        _ => throw new SocketException((int)SocketError.HostNotFound),
    };

    private static FetchRequest Through(string proxy, string url, FetchLimits? limits = null, string noProxy = "")
    {
        Assert.True(ProxyServer.TryParse(proxy, out var server, out var problem), problem);
        var settings = new ConnectionSettings { Proxy = ProxySettings.Through(server, name => name == "NO_PROXY" ? noProxy : null) };
        return new FetchRequest { Url = new Uri(url), Limits = limits ?? FetchLimits.Default, Connection = settings };
    }

    private static Task<LoopbackServer> TargetAsync(List<string> seen) => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/temp", (HttpRequest r) =>
        {
            lock (seen)
            {
                seen.Add(string.Join("\n", r.Headers.Select(h => $"{h.Key}: {h.Value}")));
            }

            return "21.5";
        });
        app.MapGet("/to-intranet", () => Results.Redirect("http://intranet.example/secret"));
        app.MapGet("/to-nowhere", () => Results.Redirect("http://nowhere.example/"));
        app.MapGet("/big", () => new string('x', 4096));
    });

    [Fact]
    public async Task FetchAsync_HttpTargetThroughHttpProxy_IsSentAbsoluteFormWithProxyCredentials()
    {
        await using var proxy = TestProxy.Http();
        var seen = new List<string>();
        await using var target = await TargetAsync(seen);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });
        var url = $"http://weather.example:{target.BaseUri.Port}/temp";

        var result = await fetcher.FetchAsync(Through($"http://{Credentials}@127.0.0.1:{proxy.Port}", url), Ct);

        Assert.Equal((Outcome.Ok, "21.5"), (result.Outcome, result.Body));
        var asked = Assert.Single(proxy.Asked);
        Assert.StartsWith($"GET {url} HTTP/1.1\r\n", asked, StringComparison.Ordinal);
        Assert.Contains($"\r\nProxy-Authorization: {Basic}\r\n", asked, StringComparison.Ordinal);
        Assert.Contains($"Host: weather.example:{target.BaseUri.Port}", Assert.Single(seen), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_HttpsTargetThroughHttpProxy_AsksForATunnelWithCredentialsAndShakesHandsThroughIt()
    {
        await using var proxy = TestProxy.Http();
        using var certificate = SelfSigned();
        await using var target = await LoopbackServer.StartAsync(
            app => app.MapGet("/", () => "45"),
            builder => builder.WebHost.UseKestrelHttpsConfiguration().UseUrls("https://127.0.0.1:0").ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate)));
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"http://{Credentials}@127.0.0.1:{proxy.Port}", $"https://weather.example:{target.BaseUri.Port}/"), Ct);

        // The test's certificate is not trusted: the handshake went through the tunnel to the target and failed there.
        Assert.Equal(Outcome.Tls, result.Outcome);
        Assert.Equal(
            $"CONNECT weather.example:{target.BaseUri.Port} HTTP/1.1\r\nHost: weather.example:{target.BaseUri.Port}\r\nProxy-Authorization: {Basic}\r\n\r\n",
            Assert.Single(proxy.Asked));
        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ThroughSocks5_SendsTheAddressResolvedHereAndNoProxyFieldToTheTarget()
    {
        await using var proxy = TestProxy.Socks5();
        var seen = new List<string>();
        await using var target = await TargetAsync(seen);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"socks5://{Credentials}@127.0.0.1:{proxy.Port}", $"http://weather.example:{target.BaseUri.Port}/temp"), Ct);

        Assert.Equal((Outcome.Ok, "21.5"), (result.Outcome, result.Body));
        Assert.Equal($"methods 0,2; login {Credentials}; connect address {PublicAddress}:{target.BaseUri.Port}", Assert.Single(proxy.Asked));
        var headers = Assert.Single(seen);
        Assert.DoesNotContain("Proxy-Authorization", headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ThroughSocks5h_SendsTheNameForTheProxyToResolve()
    {
        await using var proxy = TestProxy.Socks5();
        var seen = new List<string>();
        await using var target = await TargetAsync(seen);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"socks5h://127.0.0.1:{proxy.Port}", $"http://weather.example:{target.BaseUri.Port}/temp"), Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal($"methods 0; connect name weather.example:{target.BaseUri.Port}", Assert.Single(proxy.Asked));
    }

    [Fact]
    public async Task FetchAsync_HostInNoProxy_GoesDirectWithoutProxyCredentials()
    {
        await using var proxy = TestProxy.Http();
        var seen = new List<string>();
        await using var target = await TargetAsync(seen);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(
            Through($"http://{Credentials}@127.0.0.1:{proxy.Port}", $"http://127.0.0.1:{target.BaseUri.Port}/temp", noProxy: "localhost, 127.0.0.0/8"), Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Empty(proxy.Asked);
        Assert.DoesNotContain("Proxy-Authorization", Assert.Single(seen), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    [InlineData("socks5")]
    [InlineData("socks5h")]
    public async Task FetchAsync_TargetResolvesToAPrivateAddress_IsBlockedBeforeTheProxyIsAsked(string scheme)
    {
        await using var proxy = scheme.StartsWith("socks", StringComparison.Ordinal) ? TestProxy.Socks5() : TestProxy.Http();
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });
        var url = scheme == "https" ? "https://intranet.example/secret" : "http://intranet.example/secret";
        var through = scheme == "https" ? "http" : scheme;

        var result = await fetcher.FetchAsync(Through($"{through}://127.0.0.1:{proxy.Port}", url), Ct);

        Assert.Equal(Outcome.Blocked, result.Outcome);
        Assert.Equal("intranet.example is 10.1.2.3 (private), which the address policy blocks (name it with allow_private to reach it)", result.Error);
        Assert.Empty(proxy.Asked);
    }

    [Fact]
    public async Task FetchAsync_RedirectThroughProxyToAPrivateAddress_IsBlockedBeforeTheProxyIsAskedForIt()
    {
        await using var proxy = TestProxy.Http();
        await using var target = await TargetAsync([]);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"http://127.0.0.1:{proxy.Port}", $"http://weather.example:{target.BaseUri.Port}/to-intranet"), Ct);

        Assert.Equal(Outcome.Blocked, result.Outcome);
        Assert.Equal(
            "redirect to http://intranet.example/secret: intranet.example is 10.1.2.3 (private), which the address policy blocks (name it with allow_private to reach it)",
            result.Error);
        Assert.StartsWith($"GET http://weather.example:{target.BaseUri.Port}/to-intranet ", Assert.Single(proxy.Asked), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NamedHostThatDoesNotResolveHere_IsLeftToTheProxyButARedirectToOneIsBlocked()
    {
        await using var proxy = TestProxy.Http();
        await using var target = await TargetAsync([]);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (host, ct) => host == "corp.example" ? Resolve("nowhere", ct) : Resolve(host, ct) });

        var named = await fetcher.FetchAsync(Through($"http://127.0.0.1:{proxy.Port}", $"http://corp.example:{target.BaseUri.Port}/temp"), Ct);
        var hop = await fetcher.FetchAsync(Through($"http://127.0.0.1:{proxy.Port}", $"http://weather.example:{target.BaseUri.Port}/to-nowhere"), Ct);

        Assert.Equal((Outcome.Ok, "21.5"), (named.Outcome, named.Body));
        Assert.Equal(Outcome.Blocked, hop.Outcome);
        Assert.Equal("redirect to http://nowhere.example/: nowhere.example did not resolve (HostNotFound), so its address cannot be checked before the proxy is asked", hop.Error);
        Assert.Equal(2, proxy.Asked.Count);
    }

    [Fact]
    public async Task FetchAsync_ProxyPortRefuses_ReturnsConnectRefusedNamingTheProxy()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"http://user:s3cret@127.0.0.1:{port}", "https://weather.example/"), Ct);

        Assert.Equal((Outcome.ConnectRefused, $"the proxy http://127.0.0.1:{port} refused the connection (ConnectionRefused)"), (result.Outcome, result.Error));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("socks5")]
    public async Task FetchAsync_ProxyAcceptsAndNeverAnswersTheTunnel_ReturnsConnectTimeoutAtTheConnectDeadline(string scheme)
    {
        await using var proxy = scheme == "http" ? TestProxy.Http(ProxyBehaviour.Hang) : TestProxy.Socks5(ProxyBehaviour.Hang);
        var time = new FakeTimeProvider();
        using var fetcher = new Fetcher(new FetcherOptions { Time = time, Resolve = Resolve });
        var limits = new FetchLimits { ConnectTimeout = TimeSpan.FromSeconds(5) };

        var fetch = fetcher.FetchAsync(Through($"{scheme}://127.0.0.1:{proxy.Port}", "https://weather.example/", limits), Ct);
        await proxy.FirstAsked.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await fetch.WaitAsync(Ct);

        Assert.Equal(Outcome.ConnectTimeout, result.Outcome);
        Assert.Equal($"the proxy {scheme}://127.0.0.1:{proxy.Port} did not open a tunnel to weather.example:443 within 5s", result.Error);
    }

    [Fact]
    public async Task FetchAsync_ProxyNeverAnswersAnAbsoluteFormRequest_ReturnsHeadersTimeout()
    {
        await using var proxy = TestProxy.Http(ProxyBehaviour.Hang);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });
        var limits = new FetchLimits { HeadersTimeout = TimeSpan.FromMilliseconds(300) };

        var result = await fetcher.FetchAsync(Through($"http://127.0.0.1:{proxy.Port}", "http://weather.example/", limits), Ct);

        Assert.Equal(Outcome.HeadersTimeout, result.Outcome);
        Assert.Single(proxy.Asked);
    }

    [Theory]
    [InlineData("403 Forbidden")]
    [InlineData("407 Proxy Authentication Required")]
    [InlineData("502 Bad Gateway")]
    public async Task FetchAsync_ProxyRefusesTheTunnel_ReturnsProxyWithItsStatus(string status)
    {
        await using var proxy = TestProxy.Http(ProxyBehaviour.Refuse, status);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"http://user:s3cret@127.0.0.1:{proxy.Port}", "https://weather.example/"), Ct);

        Assert.Equal((Outcome.Proxy, $"the proxy http://127.0.0.1:{proxy.Port} answered CONNECT weather.example:443 with {status}"), (result.Outcome, result.Error));
        Assert.Equal("proxy", result.Outcome.ToName());
    }

    [Fact]
    public async Task FetchAsync_ProxyAsksForCredentialsOnAnAbsoluteFormRequest_ReturnsProxy()
    {
        await using var proxy = TestProxy.Http(ProxyBehaviour.Refuse, "407 Proxy Authentication Required");
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"http://127.0.0.1:{proxy.Port}", "http://weather.example/temp"), Ct);

        Assert.Equal(
            (Outcome.Proxy, $"the proxy http://127.0.0.1:{proxy.Port} answered http://weather.example/temp with 407 Proxy Authentication Required"),
            (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_Socks5ProxyRefusesTheTarget_ReturnsProxyWithItsReason()
    {
        await using var proxy = TestProxy.Socks5(ProxyBehaviour.Refuse);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });

        var result = await fetcher.FetchAsync(Through($"socks5h://127.0.0.1:{proxy.Port}", "http://weather.example/"), Ct);

        Assert.Equal(
            (Outcome.Proxy, $"the proxy socks5h://127.0.0.1:{proxy.Port} refused to connect to weather.example:80: connection refused"),
            (result.Outcome, result.Error));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("socks5")]
    public async Task FetchAsync_BodyOverTheCapThroughAProxy_ReturnsTooLarge(string scheme)
    {
        await using var proxy = scheme == "http" ? TestProxy.Http() : TestProxy.Socks5();
        await using var target = await TargetAsync([]);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = Resolve });
        var limits = new FetchLimits { MaxBodyBytes = 1024 };

        var result = await fetcher.FetchAsync(Through($"{scheme}://127.0.0.1:{proxy.Port}", $"http://weather.example:{target.BaseUri.Port}/big", limits), Ct);

        Assert.Equal(Outcome.TooLarge, result.Outcome);
        Assert.Single(proxy.Asked);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=weather.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("weather.example");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
