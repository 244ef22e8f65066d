using System.Net;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// What the handler is told about proxies: only an http URL going through an HTTP proxy is sent to it by the
/// handler, as an absolute-form request. Every other URL is "direct" to the handler: a tunnel (CONNECT, SOCKS5) is
/// made in the connect callback, under Gleaner's own deadlines and failure names.
/// </summary>
internal sealed class AbsoluteFormProxy(ProxySettings settings) : IWebProxy
{
    /// <summary>None: credentials are sent by Gleaner at once, not after a 407.</summary>
    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy <paramref name="url"/> is sent to as an absolute-form request, or null.</summary>
    public static ProxyServer? Of(ProxySettings? settings, Uri url) =>
        url.Scheme == Uri.UriSchemeHttp && settings?.For(url) is { IsHttp: true } proxy ? proxy : null;

    public Uri? GetProxy(Uri destination) => Of(settings, destination) is { } proxy ? new Uri(proxy.ToString()) : null;

    public bool IsBypassed(Uri host) => Of(settings, host) is null;
}
