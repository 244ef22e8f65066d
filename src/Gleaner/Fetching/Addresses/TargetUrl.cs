using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gleaner.Fetching.Addresses;

/// <summary>
/// Reads a target URL the way a browser would (WHATWG URL Standard) and accepts it only if Gleaner may fetch
/// it: an absolute http or https URL with a host and no credentials. Hosts come out canonical, so the policy
/// that looks at them sees what will be connected to: odd IPv4 spellings become a dotted quad and
/// internationalised names become Punycode.
/// </summary>
/// <remarks>
/// What <see cref="Uri"/> does on .NET 10 (measured; InvariantGlobalization on), and what is added here:
/// <list type="bullet">
/// <item>Same as WHATWG: valid one-to-four-part decimal, octal and hex hosts become a dotted quad
/// (<c>2130706433</c>, <c>0177.0.0.1</c>, <c>0x7f.1</c>, <c>127.1</c>, <c>0x7f000001</c> all give 127.0.0.1,
/// <c>HostNameType</c> IPv4), and the scheme and ASCII host are lower-cased.</item>
/// <item>Uri keeps as a DNS name what WHATWG reads as IPv4 or rejects: a trailing dot (<c>127.0.0.1.</c>),
/// out-of-range or malformed numbers (<c>256.0.0.1</c>, <c>4294967296</c>, <c>0x100000000</c>, <c>1.2.3.09</c>,
/// <c>08</c>), five parts (<c>1.2.3.4.5</c>), a name ending in a number (<c>foo.0x4</c>), and <c>0x</c> /
/// <c>0x.0x.0</c> (0.0.0.0 in WHATWG). The WHATWG IPv4 parser runs here instead.</item>
/// <item>Uri refuses percent-encoded hosts (<c>%31%32%37.0.0.1</c>, 127.0.0.1 in WHATWG) and
/// <c>http:/host</c>, <c>http:host</c>, <c>http:\\host</c>; it accepts zone IDs (<c>[fe80::1%25eth0]</c>) and
/// userinfo. Hosts are percent-decoded here; the slash forms and userinfo are refused on purpose.</item>
/// <item>With InvariantGlobalization, <c>Uri.IdnHost</c> Punycode-encodes without UTS #46 mapping, so the
/// full-width <c>０ｘｃ０．０２５０．０１</c> (192.168.0.1 in WHATWG) became <c>xn--7g7ca6m5c…</c>; the mappings
/// that matter are applied here first (see <see cref="WhatwgHost"/>).</item>
/// </list>
/// </remarks>
internal static class TargetUrl
{
    /// <summary>
    /// Parses <paramref name="text"/> as a target URL. On failure <paramref name="error"/> is one line that names
    /// the problem.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        uri = null;
        error = TryNormalise(text, out var normalised, out var expectedHost);
        if (error is not null)
            return false;

        // The authority was already taken apart above; Uri must agree on it, or the URL is refused rather than
        // fetched from a host nobody checked.
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var parsed)
            || parsed.UserInfo.Length != 0
            || !string.Equals(parsed.IdnHost, expectedHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
        {
            error = $"URL {UrlText.Show(text)} is not a valid URL.";
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>Whether the URL names its host by IP address rather than by a name to resolve.</summary>
    public static bool IsIpLiteral(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }

    private static string? TryNormalise(string text, out string normalised, out string host)
    {
        normalised = host = "";
        // As WHATWG: leading and trailing C0 controls and spaces go, and tabs and newlines anywhere.
        var input = text.Trim(C0AndSpace).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        if (input.Length == 0)
            return "URL is empty.";

        var colon = input.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(input.AsSpan(0, colon)))
            return $"URL {UrlText.Show(text)} is not absolute; write it as http://host/… or https://host/….";
        var scheme = input[..colon].ToLowerInvariant();
        if (scheme is not ("http" or "https") && LooksLikePort(input.AsSpan(colon + 1)))
            return $"URL {UrlText.Show(text)} has no scheme; write it as http://{input}.";
        if (scheme is not ("http" or "https"))
            return $"Scheme {UrlText.Show(scheme + ":")} is not supported; Gleaner fetches only http and https URLs.";

        var rest = input.AsSpan(colon + 1);
        if (rest.Length < 2 || !IsSlash(rest[0]) || !IsSlash(rest[1]))
            return $"URL {UrlText.Show(text)} has no '//' after '{scheme}:'; write it as {scheme}://host/….";
        rest = rest[2..];

        var authorityEnd = rest.IndexOfAny(AuthorityEnd);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var tail = authorityEnd < 0 ? "" : PathSlashes(rest[authorityEnd..]);
        if (authority.Contains('@'))
            return "URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.";

        var error = SplitHostAndPort(authority, out var hostText, out var port);
        error ??= ParseHost(hostText, out host);
        if (error is not null)
            return error;

        normalised = port is null ? $"{scheme}://{host}{tail}" : $"{scheme}://{host}:{port}{tail}";
        return null;
    }

    // A URL list names a few hosts many times over: each distinct host text is parsed once. Bounded, so a list of
    // distinct hosts costs parsing, not memory.
    private const int MaxRememberedHosts = 4096;
    private static readonly ConcurrentDictionary<string, (string? Error, string Host)> Hosts = new(StringComparer.Ordinal);

    private static string? ParseHost(string text, out string host)
    {
        if (!Hosts.TryGetValue(text, out var parsed))
        {
            parsed.Error = WhatwgHost.TryParse(text, out parsed.Host);
            if (Hosts.Count < MaxRememberedHosts)
            {
                Hosts.TryAdd(text, parsed);
            }
        }

        host = parsed.Host;
        return parsed.Error;
    }

    private static string? SplitHostAndPort(ReadOnlySpan<char> authority, out string host, out int? port)
    {
        port = null;
        ReadOnlySpan<char> portText;
        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            host = close < 0 ? authority.ToString() : authority[..(close + 1)].ToString();
            if (close < 0)
                return $"Host {UrlText.Show(host)} has '[' but no closing ']'.";
            var after = authority[(close + 1)..];
            if (!after.IsEmpty && after[0] != ':')
                return $"Host {UrlText.Show(authority.ToString())} has text after its closing ']'.";
            portText = after.IsEmpty ? [] : after[1..];
        }
        else
        {
            var colon = authority.IndexOf(':');
            host = (colon < 0 ? authority : authority[..colon]).ToString();
            portText = colon < 0 ? [] : authority[(colon + 1)..];
        }

        // An empty port (http://host:/) means the default, as in WHATWG.
        if (portText.IsEmpty)
            return null;
        var digits = portText.TrimStart('0');
        if (portText.ContainsAnyExceptInRange('0', '9') || digits.Length > 5 || (digits.Length > 0 && int.Parse(digits) > 65535))
            return $"Port {UrlText.Show(portText.ToString())} is not a number from 0 to 65535.";
        port = digits.IsEmpty ? 0 : int.Parse(digits);
        return null;
    }

    // WHATWG reads '\' as '/' in the path of an http(s) URL; Uri refuses it. The query and fragment keep theirs.
    private static string PathSlashes(ReadOnlySpan<char> tail)
    {
        var pathEnd = tail.IndexOfAny('?', '#');
        var path = (pathEnd < 0 ? tail : tail[..pathEnd]).ToString().Replace('\\', '/');
        return pathEnd < 0 ? path : string.Concat(path, tail[pathEnd..]);
    }

    // "localhost:8080/x" parses as scheme "localhost"; a digit run after the colon says a scheme was left out.
    private static bool LooksLikePort(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAny(AuthorityEnd);
        var port = end < 0 ? rest : rest[..end];
        return !port.IsEmpty && !port.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsScheme(ReadOnlySpan<char> text) =>
        char.IsAsciiLetter(text[0]) && !text.ContainsAnyExcept(SchemeChars);

    private static bool IsSlash(char c) => c is '/' or '\\';

    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/\\?#");
    private static readonly SearchValues<char> SchemeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
    private static readonly char[] C0AndSpace = [.. Enumerable.Range(0, 0x21).Select(i => (char)i)];
}
