using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;

namespace Gleaner.Tests.Fetching.Tls;

/// <summary>
/// Certificates a test makes for itself: a CA, an intermediate under it, and leaves they issue, valid or not, for
/// 127.0.0.1 or another name. Dates are fixed where a message prints them.
/// </summary>
internal static class TestPki
{
    /// <summary>A leaf that expired on this day (UTC noon), within its CA's validity.</summary>
    public static readonly DateTimeOffset ExpiredOn = new(2024, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A leaf that becomes valid on this day.</summary>
    public static readonly DateTimeOffset ValidFrom = new(2090, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset CaFrom = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CaUntil = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 Ca(string name = "CN=Gleaner Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(CaFrom, CaUntil);
    }

    /// <summary>A CA below <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Gleaner Test Intermediate", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var issued = request.Create(issuer, CaFrom.AddDays(1), CaUntil.AddDays(-1), Serial());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A server certificate for <paramref name="name"/> (an IP address or a DNS name) issued by
    /// <paramref name="issuer"/>, or self-signed when it is null; valid from a day ago for a year unless given.
    /// Loaded from PFX, so Kestrel can use its key.
    /// </summary>
    public static X509Certificate2 Leaf(X509Certificate2? issuer, string name = "127.0.0.1", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(name, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(365);
        using var made = issuer is null ? request.CreateSelfSigned(from, until) : request.Create(issuer, from, until, Serial());
        using var withKey = issuer is null ? null : made.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12((withKey ?? made).Export(X509ContentType.Pfx), null);
    }

    /// <summary>Writes the certificates as one PEM file in <paramref name="directory"/>; returns its path.</summary>
    public static string WritePem(string directory, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(directory, $"ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    /// <summary>A Kestrel server on https://127.0.0.1:0 that presents <paramref name="certificate"/> and answers "45" at /.</summary>
    public static Task<LoopbackServer> ServeAsync(X509Certificate2 certificate, Action<IEndpointRouteBuilder>? routes = null) =>
        LoopbackServer.StartAsync(
            routes ?? (app => app.MapGet("/", () => "45")),
            builder => builder.WebHost.UseKestrelHttpsConfiguration().UseUrls("https://127.0.0.1:0")
                .ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate)));

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(8);
}
