using System.Net;

namespace Gleaner.Fetching;

/// <summary>
/// Which HTTP version a request asks for, and how the one used is named in results. Over TLS, HTTP/2 is offered by
/// ALPN with HTTP/1.1 as the fallback, so many targets on one host share one connection. Plain http stays HTTP/1.1:
/// h2c by prior knowledge fails against nearly every server that has not asked for it, and the upgrade dance costs
/// a round trip on every new connection for little gain.
/// </summary>
internal static class ProtocolVersions
{
    /// <summary>Sets <paramref name="request"/>'s version and policy for its URL's scheme.</summary>
    public static void Choose(HttpRequestMessage request)
    {
        if (request.RequestUri?.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    /// <summary>The version as records carry it: <c>"1.0"</c>, <c>"1.1"</c> or <c>"2"</c> (as curl's <c>%{http_version}</c>).</summary>
    public static string Name(Version version) => (version.Major, version.Minor) switch
    {
        (2, 0) => "2",
        (1, 1) => "1.1",
        (1, 0) => "1.0",
        // Never sent (ResponseChecks refuses any other version), but a record would still say what came.
        _ => version.ToString(),
    };
}
