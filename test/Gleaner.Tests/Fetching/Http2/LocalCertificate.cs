using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gleaner.Fetching;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>
/// A self-signed certificate for 127.0.0.1 made by the test, and requests that trust it as their private CA (as
/// <c>--ca-cert</c> would: a self-signed certificate may be its own CA).
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
        _pem = Path.Combine(Directory.CreateTempSubdirectory("gleaner-h2-ca-").FullName, "ca.pem");
        File.WriteAllText(_pem, made.ExportCertificatePem());
        Connection = new ConnectionSettings { PrivateCa = PrivateCa.Load(_pem) };
    }

    private readonly string _pem;

    public X509Certificate2 Certificate { get; }

    /// <summary>Connection settings that trust this certificate.</summary>
    public ConnectionSettings Connection { get; }

    /// <summary>A request for <paramref name="url"/> over <see cref="Connection"/>.</summary>
    public FetchRequest Request(Uri url, FetchLimits? limits = null) => new() { Url = url, Limits = limits ?? FetchLimits.Default, Connection = Connection };

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(Path.GetDirectoryName(_pem)!, recursive: true);
    }
}
