using Gleaner.Politeness.Domains;

namespace Gleaner.Fetching.Cookies;

/// <summary>
/// Turns one Set-Cookie field into the cookie a jar would store (RFC 6265 §5.2 and §5.3, with the stricter rules of
/// its successor draft where they close a hole): null when the cookie is to be ignored. A Domain attribute must cover
/// the host that set it and must not be a public suffix; a Secure cookie is taken only over https, and so are the
/// <c>__Secure-</c> and <c>__Host-</c> prefixes' promises.
/// </summary>
internal static class SetCookieParser
{
    /// <summary>The longest Set-Cookie field taken, name, value and attributes: RFC 6265 §6.1's least a user agent must keep.</summary>
    public const int MaxFieldLength = 4096;

    /// <summary>The cookie <paramref name="field"/> sets for a response from <paramref name="url"/> at <paramref name="now"/>, or null.</summary>
    public static StoredCookie? Parse(string field, Uri url, DateTimeOffset now)
    {
        if (field.Length > MaxFieldLength || !IsSendable(field))
        {
            return null;
        }

        var parts = field.Split(';');
        var pair = parts[0];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return null;
        }

        var name = Trim(pair[..equals]);
        var value = Trim(pair[(equals + 1)..]);
        if (name.Length == 0)
        {
            return null;
        }

        var host = HostOf(url);
        var https = url.Scheme == Uri.UriSchemeHttps;
        string? domain = null;
        string? path = null;
        DateTimeOffset? expires = null, maxAge = null;
        var secure = false;
        // The last of each attribute counts (§5.3 step 1 reads the list from its end).
        foreach (var attribute in parts.Skip(1))
        {
            var eq = attribute.IndexOf('=', StringComparison.Ordinal);
            var key = Trim(eq < 0 ? attribute : attribute[..eq]);
            var text = eq < 0 ? "" : Trim(attribute[(eq + 1)..]);
            if (key.Equals("Expires", StringComparison.OrdinalIgnoreCase))
            {
                expires = CookieDate.TryParse(text, out var date) ? date : expires;
            }
            else if (key.Equals("Max-Age", StringComparison.OrdinalIgnoreCase))
            {
                maxAge = MaxAge(text, now) ?? maxAge;
            }
            else if (key.Equals("Domain", StringComparison.OrdinalIgnoreCase) && text.Length > 0)
            {
                domain = text.TrimStart('.').ToLowerInvariant();
            }
            else if (key.Equals("Path", StringComparison.OrdinalIgnoreCase))
            {
                path = text.StartsWith('/') ? text : null;
            }
            else if (key.Equals("Secure", StringComparison.OrdinalIgnoreCase))
            {
                secure = true;
            }
        }

        var hostOnly = domain is null;
        if (domain is not null && IsPublicSuffix(domain))
        {
            // A public suffix may name only the host itself (a site served at a suffix such as github.io): host-only.
            if (domain != host)
            {
                return null;
            }

            hostOnly = true;
        }

        if (domain is not null && !DomainMatches(host, domain))
        {
            return null;
        }

        // An insecure origin may not set what only secure ones should see, nor break the prefixes' promises.
        if ((secure && !https)
            || (name.StartsWith("__Secure-", StringComparison.Ordinal) && !secure)
            || (name.StartsWith("__Host-", StringComparison.Ordinal) && (!secure || !hostOnly || path != "/")))
        {
            return null;
        }

        return new StoredCookie(name, value, domain ?? host, path ?? DefaultPath(url), hostOnly, secure, maxAge ?? expires, now);
    }

    /// <summary>The host as cookies are scoped by it: its ASCII form, lower-case, without a trailing dot.</summary>
    public static string HostOf(Uri url) => url.IdnHost.TrimEnd('.').ToLowerInvariant();

    /// <summary>RFC 6265 §5.1.3: the host is the domain, or a name under it (never an IP address under anything).</summary>
    public static bool DomainMatches(string host, string domain) =>
        host == domain
        || (host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.'
            && Uri.CheckHostName(host) == UriHostNameType.Dns);

    /// <summary>RFC 6265 §5.1.4: the request path is the cookie's path, or below it.</summary>
    public static bool PathMatches(string requestPath, string cookiePath) =>
        requestPath == cookiePath
        || (requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
            && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));

    /// <summary>RFC 6265 §5.1.4: the directory of the request path, "/" at the top.</summary>
    public static string DefaultPath(Uri url)
    {
        var path = url.AbsolutePath;
        var last = path.LastIndexOf('/');
        return last <= 0 ? "/" : path[..last];
    }

    private static bool IsPublicSuffix(string domain) =>
        Uri.CheckHostName(domain) == UriHostNameType.Dns && PublicSuffixList.Default.PublicSuffix(domain) == domain;

    private static DateTimeOffset? MaxAge(string text, DateTimeOffset now)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        // Zero or less expires it at once; a number too long for a long is as good as forever.
        if (text.StartsWith('-') || digits.TrimStart('0').Length == 0)
        {
            return DateTimeOffset.MinValue;
        }

        var seconds = digits.Length > 12 ? long.MaxValue : long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return seconds >= (DateTimeOffset.MaxValue - now).TotalSeconds ? DateTimeOffset.MaxValue : now.AddSeconds(seconds);
    }

    // Sent back as it came, without parsing: visible ASCII, spaces and tabs only (the handler sends nothing else).
    private static bool IsSendable(string field) => field.All(c => c == '\t' || c is >= ' ' and <= '~');

    private static string Trim(string text) => text.Trim(' ', '\t');
}
