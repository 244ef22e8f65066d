using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gleaner.Fetching;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>
/// A self-signed certificate for 127.0.0.1 made by the test, and a fetcher that trusts exactly it (by thumbprint,
/// through the internal test hook <see cref="FetcherOptions.ServerCertificateCheck"/>; once targets can name a CA,
/// tests can trust it that way instead).
/// </summary>
internal sealed class LocalCertificate : IDisposable
{
    public LocalCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Exported and loaded again: SslStream on Linux needs the key in a form it can use for the handshake.
        Certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Fetcher options that trust this certificate and nothing else.</summary>
    public FetcherOptions TrustedBy(FetcherOptions? options = null) => (options ?? new FetcherOptions()) with
    {
        ServerCertificateCheck = Trusts,
    };

    private bool Trusts(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    public void Dispose() => Certificate.Dispose();
}
