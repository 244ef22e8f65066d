namespace Gleaner.Fetching.Proxies;

/// <summary>
/// Which proxy a URL is fetched through: one for http URLs, one for https URLs, and the hosts reached directly
/// (<see cref="Bypass"/>). Decided per request, so a redirect to another host or scheme may change it.
/// </summary>
public sealed record ProxySettings
{
    /// <summary>No proxy for any URL: stated, so that a proxy from the environment is not taken either.</summary>
    public static ProxySettings Direct { get; } = new();

    /// <summary>The proxy for http URLs, or null to reach them directly.</summary>
    public ProxyServer? Http { get; init; }

    /// <summary>The proxy for https URLs, or null to reach them directly.</summary>
    public ProxyServer? Https { get; init; }

    /// <summary>The hosts reached directly whatever the proxies say.</summary>
    public ProxyBypass Bypass { get; init; } = ProxyBypass.None;

    /// <summary>The proxy <paramref name="url"/> goes through, or null when it is reached directly.</summary>
    public ProxyServer? For(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var proxy = url.Scheme == Uri.UriSchemeHttps ? Https : Http;
        return proxy is null || Bypass.Matches(url) ? null : proxy;
    }

    /// <summary>
    /// The proxies the environment names, as curl reads them: <c>https_proxy</c> or <c>HTTPS_PROXY</c> for https
    /// URLs, <c>http_proxy</c> (lowercase only: a CGI server sets <c>HTTP_PROXY</c> from a request's Proxy header)
    /// for http URLs, <c>all_proxy</c> or <c>ALL_PROXY</c> for either when its own is unset, and <c>no_proxy</c> or
    /// <c>NO_PROXY</c>; the lowercase name wins when both are set, and an empty value is unset. Null when no proxy is
    /// named. A problem names the variable, never its value.
    /// </summary>
    public static ProxySettings? FromEnvironment(Func<string, string?> environment, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var found = new List<string>();
        var all = Read(environment, found, "all_proxy", "ALL_PROXY");
        var http = Read(environment, found, "http_proxy") ?? all;
        var https = Read(environment, found, "https_proxy", "HTTPS_PROXY") ?? all;
        problems = found;
        return http is null && https is null ? null : new ProxySettings { Http = http, Https = https, Bypass = BypassFrom(environment) };
    }

    /// <summary>One proxy for every URL (<c>--proxy</c>, <c>proxy:</c>), with the environment's <c>NO_PROXY</c> as curl keeps it.</summary>
    public static ProxySettings Through(ProxyServer proxy, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(environment);
        return new ProxySettings { Http = proxy, Https = proxy, Bypass = BypassFrom(environment) };
    }

    /// <summary>The settings without credentials: what a message or a display may show.</summary>
    public override string ToString() =>
        $"http: {Http?.ToString() ?? "direct"}, https: {Https?.ToString() ?? "direct"}{(Bypass.Text.Length > 0 ? $", bypass: {Bypass}" : "")}";

    private static ProxyBypass BypassFrom(Func<string, string?> environment) =>
        ProxyBypass.Parse(First(environment, "no_proxy", "NO_PROXY").Value);

    private static ProxyServer? Read(Func<string, string?> environment, List<string> problems, params string[] names)
    {
        var (name, value) = First(environment, names);
        if (value is null)
        {
            return null;
        }

        if (ProxyServer.TryParse(value, out var proxy, out var problem))
        {
            return proxy;
        }

        problems.Add($"{name} (in the environment): {problem}");
        return null;
    }

    private static (string? Name, string? Value) First(Func<string, string?> environment, params string[] names)
    {
        foreach (var name in names)
        {
            if (environment(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value))
            {
                return (name, value);
            }
        }

        return (null, null);
    }
}
