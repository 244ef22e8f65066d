using System.Net;
using System.Security.Cryptography.X509Certificates;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;

namespace Gleaner.Tests.Fetching.Tls;

/// <summary>
/// Whom a fetch trusts over TLS: the system's roots, plus a private CA a target names; --insecure alone skips the
/// check. A refused certificate names its cause. Each test serves its own certificates from Kestrel on 127.0.0.1.
/// </summary>
public sealed class FetcherTlsTests : IDisposable
{
    private static readonly X509Certificate2 CaCertificate = TestPki.Ca();
    private readonly string _directory = Directory.CreateTempSubdirectory("gleaner-tls-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task FetchAsync_LeafOfAnUnknownCa_IsTlsNamingTheIssuer()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri }, Ct);

        Assert.Equal(
            (Outcome.Tls, "the certificate of 127.0.0.1 is not trusted (issued by CN=Gleaner Test CA, an unknown CA; add that CA with ca_cert / --ca-cert)"),
            (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_LeafOfThePrivateCa_IsOk()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(CaCertificate) }, Ct);

        Assert.Equal((Outcome.Ok, null, "45"), (result.Outcome, result.Error, result.Body));
    }

    [Fact]
    public async Task FetchAsync_PrivateCaOfOneRequest_IsNotTrustedByAnotherOnTheSameFetcher()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var trusting = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(CaCertificate) }, Ct);
        var plain = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri }, Ct);

        Assert.Equal(Outcome.Ok, trusting.Outcome);
        Assert.Equal(Outcome.Tls, plain.Outcome);
    }

    [Fact]
    public async Task FetchAsync_LeafOfAnotherCaThanThePrivateOne_IsTlsSayingNeitherTrustsIt()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();
        using var otherCa = TestPki.Ca("CN=Some Other CA");

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(otherCa) }, Ct);

        Assert.Equal(
            (Outcome.Tls, "the certificate of 127.0.0.1 is not trusted (issued by CN=Gleaner Test CA, which is neither a system CA nor in the ca_cert file)"),
            (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_CaFileWithIntermediateAndRoot_TrustsALeafTheIntermediateIssued()
    {
        using var intermediate = TestPki.Intermediate(CaCertificate);
        using var leaf = TestPki.Leaf(intermediate);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(intermediate, CaCertificate) }, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task FetchAsync_ExpiredLeafOfThePrivateCa_IsTlsSayingWhenItExpired()
    {
        using var leaf = TestPki.Leaf(CaCertificate, notBefore: TestPki.ExpiredOn.AddDays(-90), notAfter: TestPki.ExpiredOn);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var withCa = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(CaCertificate) }, Ct);
        var withoutCa = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri }, Ct);

        Assert.Equal((Outcome.Tls, "the certificate of 127.0.0.1 expired on 2024-11-01"), (withCa.Outcome, withCa.Error));
        Assert.Equal((Outcome.Tls, "the certificate of 127.0.0.1 expired on 2024-11-01"), (withoutCa.Outcome, withoutCa.Error));
    }

    [Fact]
    public async Task FetchAsync_LeafNotYetValid_IsTlsSayingFromWhen()
    {
        using var leaf = TestPki.Leaf(CaCertificate, notBefore: TestPki.ValidFrom, notAfter: TestPki.ValidFrom.AddDays(90));
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(CaCertificate) }, Ct);

        Assert.Equal((Outcome.Tls, "the certificate of 127.0.0.1 is not valid until 2090-03-01"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_LeafForAnotherName_IsTlsNamingBothEvenWithThePrivateCa()
    {
        using var leaf = TestPki.Leaf(CaCertificate, "other.test");
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(CaCertificate) }, Ct);

        Assert.Equal((Outcome.Tls, "the certificate is for other.test, not 127.0.0.1"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_NamedHostWithLeafForAnotherName_NamesTheHostAsTheUrlDoes()
    {
        using var leaf = TestPki.Leaf(CaCertificate, "other.test");
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
        var url = new Uri($"https://localhost:{server.BaseUri.Port}/");

        var result = await fetcher.FetchAsync(
            new FetchRequest { Url = url, Limits = new FetchLimits { AllowPrivate = true }, Connection = WithCa(CaCertificate) }, Ct);

        Assert.Equal((Outcome.Tls, "the certificate is for other.test, not localhost"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_SelfSigned_IsTlsSayingSoAndOkOnceItIsTheCaFile()
    {
        using var leaf = TestPki.Leaf(issuer: null);
        await using var server = await TestPki.ServeAsync(leaf);
        using var fetcher = new Fetcher();

        var untrusted = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri }, Ct);
        var trusted = await fetcher.FetchAsync(new FetchRequest { Url = server.BaseUri, Connection = WithCa(leaf) }, Ct);

        Assert.Equal(
            (Outcome.Tls, "the certificate of 127.0.0.1 is not trusted (self-signed; add it with ca_cert / --ca-cert to trust it)"),
            (untrusted.Outcome, untrusted.Error));
        Assert.Equal(Outcome.Ok, trusted.Outcome);
    }

    [Fact]
    public async Task FetchAsync_Insecure_AcceptsSelfSignedExpiredAndMismatched()
    {
        using var selfSigned = TestPki.Leaf(issuer: null);
        using var expired = TestPki.Leaf(CaCertificate, "other.test", TestPki.ExpiredOn.AddDays(-90), TestPki.ExpiredOn);
        await using var first = await TestPki.ServeAsync(selfSigned);
        await using var second = await TestPki.ServeAsync(expired);
        using var fetcher = new Fetcher();
        var insecure = new ConnectionSettings { Insecure = true };

        var results = new[]
        {
            await fetcher.FetchAsync(new FetchRequest { Url = first.BaseUri, Connection = insecure }, Ct),
            await fetcher.FetchAsync(new FetchRequest { Url = second.BaseUri, Connection = insecure }, Ct),
        };

        Assert.All(results, r => Assert.Equal((Outcome.Ok, "45"), (r.Outcome, r.Body)));
    }

    [Fact]
    public async Task FetchAsync_PlainHttpOnAnHttpsUrl_IsTlsHandshakeFailed()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "45"));
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(new FetchRequest { Url = new UriBuilder(server.BaseUri) { Scheme = "https" }.Uri }, Ct);

        Assert.Equal(Outcome.Tls, result.Outcome);
        Assert.StartsWith("TLS handshake failed: ", result.Error, StringComparison.Ordinal);
    }

    private ConnectionSettings WithCa(params X509Certificate2[] certificates) =>
        new() { PrivateCa = PrivateCa.Load(TestPki.WritePem(_directory, certificates)) };
}
