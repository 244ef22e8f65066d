using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// One proxy: an HTTP proxy (<c>http://</c>: CONNECT for https targets, absolute-form requests for http ones) or a
/// SOCKS5 one (<c>socks5://</c>, the target's name resolved here; <c>socks5h://</c>, resolved by the proxy), with
/// optional credentials. Its text never shows the credentials: <see cref="ToString"/> is the address alone.
/// </summary>
public sealed record ProxyServer
{
    /// <summary>The port a proxy URL without one means, as curl reads it.</summary>
    public const int DefaultPort = 1080;

    private ProxyServer(string scheme, string host, int port, string? userName, string? password)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        UserName = userName;
        Password = password;
    }

    /// <summary><c>http</c>, <c>socks5</c> or <c>socks5h</c>.</summary>
    public string Scheme { get; }

    /// <summary>The proxy's host name or IP address (an IPv6 address without brackets).</summary>
    public string Host { get; }

    /// <summary>The proxy's port.</summary>
    public int Port { get; }

    /// <summary>The user name sent to the proxy (percent-decoded from the URL), or null.</summary>
    public string? UserName { get; }

    /// <summary>The password sent to the proxy: a secret, never shown.</summary>
    public string? Password { get; }

    /// <summary>True for an HTTP proxy, false for a SOCKS5 one.</summary>
    public bool IsHttp => Scheme == "http";

    /// <summary>The proxy as <c>scheme://host:port</c>, without credentials: what messages show.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    /// <summary>
    /// Reads a proxy URL as curl does: <c>[scheme://][user:password@]host[:port]</c>; no scheme means <c>http</c>
    /// and no port <see cref="DefaultPort"/>. The problem never quotes the text, which may hold a password.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ProxyServer? proxy, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        proxy = null;
        var trimmed = text.Trim();
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            problem = "expected a proxy URL such as http://proxy.example:3128 or socks5://proxy.example:1080";
            return false;
        }

        var scheme = uri.Scheme.ToLowerInvariant();
        if (scheme is not ("http" or "socks5" or "socks5h"))
        {
            problem = $"a {scheme}:// proxy is not supported; use http://, socks5:// or socks5h://";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "a proxy URL names a host and port only, with no path, query or fragment";
            return false;
        }

        // Uri gives the port a scheme implies (80 for http): curl takes 1080 for a proxy named without one.
        var explicitPort = uri.IsDefaultPort && !HasPort(withScheme, uri) ? DefaultPort : uri.Port;
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        proxy = new ProxyServer(scheme, uri.IdnHost.Trim('[', ']'), explicitPort, user, password);
        problem = null;
        return true;
    }

    // Uri drops a port equal to the scheme's default; the text tells whether one was written.
    private static bool HasPort(string text, Uri uri)
    {
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        authority = end < 0 ? authority : authority[..end];
        var bracket = authority.LastIndexOf(']');
        return authority.IndexOf(':', bracket + 1) >= 0 && uri.Port > 0;
    }
}
