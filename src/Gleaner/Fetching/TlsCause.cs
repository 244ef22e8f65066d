using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gleaner.Fetching;

/// <summary>
/// Words for why a server's certificate was refused, one cause per message: an expired (or not yet valid)
/// certificate first, then a name mismatch, both of which only the server can fix; then an untrusted issuer, which
/// the user can fix with a private CA. Certificates are public: their names and dates may be shown.
/// </summary>
internal static class TlsCause
{
    private const int MaxNamesShown = 3;
    private const int MaxIssuerLength = 120;

    public static string Describe(string host, X509Certificate2? leaf, SslPolicyErrors errors, X509Chain? chain, bool hasPrivateCa)
    {
        if (leaf is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"{host} sent no certificate";
        }

        var chainErrors = errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        var elements = chainErrors && chain is not null ? chain.ChainElements.ToList() : [];
        if (chainErrors && OutOfDate(elements, leaf) is { } outOfDate)
        {
            var when = outOfDate.NotAfter < DateTime.Now ? $"expired on {Day(outOfDate.NotAfter)}" : $"is not valid until {Day(outOfDate.NotBefore)}";
            return outOfDate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)
                ? $"the certificate of {host} {when}"
                : $"the certificate of {host} is issued by {Shortened(outOfDate.Subject)}, whose certificate {when}";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the certificate is for {Names(leaf)}, not {host}";
        }

        var status = chainErrors && chain is not null
            ? chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status)
            : X509ChainStatusFlags.NoError;
        if (status.HasFlag(X509ChainStatusFlags.Revoked))
        {
            return $"the certificate of {host} has been revoked";
        }

        if (status == X509ChainStatusFlags.NoError || (status & Untrusted) != 0)
        {
            if (SelfSigned(leaf))
            {
                return $"the certificate of {host} is not trusted (self-signed; "
                    + (hasPrivateCa ? "it is not in the ca_cert file)" : "add it with ca_cert / --ca-cert to trust it)");
            }

            // The top of the chain as far as it was built: its issuer is the CA nobody vouched for.
            var top = elements.Count > 0 ? elements[^1].Certificate : leaf;
            return $"the certificate of {host} is not trusted (issued by {Shortened(top.Issuer)}, "
                + (hasPrivateCa ? "which is neither a system CA nor in the ca_cert file)" : "an unknown CA; add that CA with ca_cert / --ca-cert)");
        }

        var reasons = chain!.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return $"the certificate of {host} did not verify ({string.Join("; ", reasons)})";
    }

    private const X509ChainStatusFlags Untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

    // The certificate in the chain (the leaf first) outside its dates; the leaf's own dates when no chain was built.
    private static X509Certificate2? OutOfDate(List<X509ChainElement> elements, X509Certificate2 leaf)
    {
        foreach (var element in elements)
        {
            if (element.ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid)))
            {
                return element.Certificate;
            }
        }

        return elements.Count == 0 && (leaf.NotBefore > DateTime.Now || leaf.NotAfter < DateTime.Now) ? leaf : null;
    }

    private static string Day(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool SelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    // Names come from the server's certificate: shown (the CLI escapes them), but not at any length.
    private static string Shortened(string name) => name.Length > MaxIssuerLength ? name[..MaxIssuerLength] + "…" : name;

    // The names a certificate is for: its DNS names and addresses, or its common name when it has none.
    private static string Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        if (names.Count == 0)
        {
            names.Add(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } common ? common : "no name");
        }

        var shown = string.Join(" or ", names.Take(MaxNamesShown));
        return names.Count > MaxNamesShown ? $"{shown} (and {names.Count - MaxNamesShown} more names)" : shown;
    }
}
