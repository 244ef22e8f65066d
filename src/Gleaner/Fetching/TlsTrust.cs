using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gleaner.Fetching;

/// <summary>
/// Decides whether a server's certificate is trusted under one <see cref="ConnectionSettings"/>, and when it is not,
/// says why. The system's roots are asked first; a chain they do not anchor is built again with the private CA as
/// its only root, so a certificate the CA issued verifies while an expired one, or one for another name, still fails.
/// </summary>
/// <remarks>
/// A refusal is thrown as a <see cref="FetchFailure"/> naming the cause: the handler passes it up inside its own
/// exception, and <see cref="FailureClassifier"/> takes it from there. Returning false would leave only
/// "the remote certificate is invalid" to report.
/// </remarks>
internal sealed class TlsTrust(ConnectionSettings settings)
{
    /// <summary>Makes <paramref name="handler"/>'s TLS connections verify servers as <paramref name="settings"/> say.</summary>
    public static void Apply(SocketsHttpHandler handler, ConnectionSettings settings) =>
        handler.SslOptions.RemoteCertificateValidationCallback = new TlsTrust(settings).Verify;

    // Returns only when the certificate is trusted (or the settings say to accept any); refuses by throwing.
    private bool Verify(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = errors == SslPolicyErrors.None || settings.Insecure ? null : Refusal(sender, certificate as X509Certificate2, chain, errors);
        return refusal is null ? true : throw refusal;
    }

    private FetchFailure? Refusal(object sender, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        using var rebuilt = errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && settings.PrivateCa is { } ca && leaf is not null
            ? BuildWith(ca, leaf, chain)
            : null;
        if (rebuilt is { Anchored: true })
        {
            errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        }

        if (errors == SslPolicyErrors.None)
        {
            return null;
        }

        var host = (sender as SslStream)?.TargetHostName is { Length: > 0 } name ? name : "the server";
        return new FetchFailure(Outcome.Tls, TlsCause.Describe(host, leaf, errors, rebuilt?.Chain ?? chain, settings.PrivateCa is not null));
    }

    private static Rebuilt BuildWith(PrivateCa ca, X509Certificate2 leaf, X509Chain? original)
    {
        var chain = new X509Chain();
        // The handshake's policy (server authentication, the intermediates the server sent, revocation as configured),
        // anchored at the private CA alone.
        if (original is not null)
        {
            chain.ChainPolicy = original.ChainPolicy.Clone();
        }

        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Clear();
        chain.ChainPolicy.CustomTrustStore.AddRange(ca.Certificates);
        chain.ChainPolicy.ExtraStore.AddRange(ca.Certificates);
        return new Rebuilt(chain, chain.Build(leaf));
    }

    private sealed record Rebuilt(X509Chain Chain, bool Anchored) : IDisposable
    {
        public void Dispose() => Chain.Dispose();
    }
}
