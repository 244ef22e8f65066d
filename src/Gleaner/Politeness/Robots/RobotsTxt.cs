using System.Buffers;
using System.Collections.Frozen;

namespace Gleaner.Politeness.Robots;

/// <summary>
/// A parsed robots.txt (RFC 9309): which paths a crawler may fetch, its Crawl-delay and the sitemaps the file
/// lists. Immutable and safe to share between threads. Parsing never fails; matching runs in time bounded by
/// path length × pattern length, with no backtracking.
/// </summary>
/// <remarks>
/// Where the RFC leaves room, behaviour follows Google's reference parser (google/robotstxt), whose tests are
/// the conformance suite. Two deliberate differences, both the RFC's reading: <c>/robots.txt</c> is always
/// allowed, and an allowed <c>…/index.html</c> does not also allow <c>…/</c>.
/// </remarks>
internal sealed class RobotsTxt
{
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    private readonly FrozenDictionary<string, RobotsAgentEntry[]> _specific;
    private readonly RobotsAgentEntry[] _global;
    private readonly bool _disallowAll;

    internal RobotsTxt(
        FrozenDictionary<string, RobotsAgentEntry[]> specific,
        RobotsAgentEntry[] global,
        IReadOnlyList<string> sitemaps,
        RobotsParseStats stats,
        bool disallowAll = false)
    {
        _specific = specific;
        _global = global;
        Sitemaps = sitemaps;
        Stats = stats;
        _disallowAll = disallowAll;
    }

    /// <summary>No rules: every path is allowed. What a robots.txt answered with 4xx means (RFC 9309 section 2.3.1.3).</summary>
    public static RobotsTxt AllowAll { get; } = Empty(disallowAll: false);

    /// <summary>
    /// Every path is disallowed except <c>/robots.txt</c>. What an unreachable robots.txt or a 5xx answer means
    /// (RFC 9309 section 2.3.1.4).
    /// </summary>
    public static RobotsTxt DisallowAll { get; } = Empty(disallowAll: true);

    /// <summary>The <c>Sitemap:</c> values in file order, duplicates removed, wherever they appear in the file.</summary>
    public IReadOnlyList<string> Sitemaps { get; }

    internal RobotsParseStats Stats { get; }

    /// <summary>
    /// Parses robots.txt as fetched: UTF-8 with or without a byte order mark, invalid bytes tolerated, CR, LF or
    /// CRLF line ends. Only the first 500 KiB are read. Never throws.
    /// </summary>
    public static RobotsTxt Parse(ReadOnlySpan<byte> content) => RobotsParser.Parse(content);

    /// <summary>
    /// Whether <paramref name="userAgent"/> may fetch <paramref name="pathAndQuery"/>: the longest matching rule
    /// of the groups that apply decides, Allow winning a tie; no matching rule means allowed. <c>/robots.txt</c>
    /// is always allowed.
    /// </summary>
    /// <param name="userAgent">
    /// The crawler's product token, e.g. <c>Gleaner</c>, compared to the robots.txt user-agent lines ignoring case.
    /// A value that is not a valid token (see <see cref="IsValidProductToken"/>) obeys only the <c>*</c> group.
    /// </param>
    /// <param name="pathAndQuery">
    /// The path and query as sent on the request line, percent-encoded, e.g. <c>/a/b?c=d</c>. Empty means <c>/</c>.
    /// </param>
    public bool IsAllowed(string userAgent, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        ArgumentNullException.ThrowIfNull(pathAndQuery);

        var path = pathAndQuery.Length == 0 ? "/" : pathAndQuery;
        if (IsRobotsTxt(path))
        {
            return true;
        }

        if (_disallowAll)
        {
            return false;
        }

        path = RobotsPattern.NormalisePath(path);
        var allow = -1;
        var disallow = -1;
        foreach (var entry in GroupFor(userAgent))
        {
            foreach (var rule in entry.Group.Rules)
            {
                ref var best = ref rule.Allow ? ref allow : ref disallow;
                if (rule.Priority > best && RobotsPattern.Matches(path, rule.Pattern))
                {
                    best = rule.Priority;
                }
            }
        }

        // The longest match wins; between an Allow and a Disallow of equal length, Allow wins (section 2.2.2).
        return disallow <= allow;
    }

    /// <summary>
    /// The Crawl-delay written for <paramref name="userAgent"/>'s group, or null when none is. Not part of RFC 9309;
    /// decimals are allowed, values that are not a plain non-negative number are ignored, and values over one day
    /// are capped to one day.
    /// </summary>
    public TimeSpan? CrawlDelay(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        TimeSpan? longest = null;
        foreach (var entry in GroupFor(userAgent))
        {
            if (entry.CrawlDelay > longest || longest is null)
            {
                longest = entry.CrawlDelay;
            }
        }

        return longest;
    }

    /// <summary>
    /// Whether <paramref name="userAgent"/> is a product token robots.txt can name: one or more of
    /// <c>A-Z a-z - _</c> (RFC 9309 section 2.2.1). "Gleaner" is; "Gleaner/1.0" and "Gleaner Bot" are not.
    /// </summary>
    public static bool IsValidProductToken(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        return userAgent.Length > 0 && !userAgent.AsSpan().ContainsAnyExcept(TokenChars);
    }

    /// <summary>
    /// The product token a User-Agent header names, as Google's matcher takes it: the leading run of
    /// <c>A-Z a-z - _</c>, so <c>weatherbot/1.0 (ops@example.com)</c> is <c>weatherbot</c>. Empty when it starts
    /// otherwise; such a crawler obeys only the <c>*</c> group.
    /// </summary>
    public static string ProductTokenOf(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        var length = userAgent.AsSpan().IndexOfAnyExcept(TokenChars);
        return length < 0 ? userAgent : userAgent[..length];
    }

    /// <summary>The leading run of product-token characters of a user-agent line's value.</summary>
    internal static ReadOnlySpan<byte> ProductTokenPrefix(ReadOnlySpan<byte> value)
    {
        var length = 0;
        while (length < value.Length && IsTokenChar((char)value[length]))
        {
            length++;
        }

        return value[..length];
    }

    private static bool IsTokenChar(char c) => TokenChars.Contains(c);

    /// <summary>The entries whose rules apply: the groups naming the token if any does, else the <c>*</c> groups.</summary>
    private RobotsAgentEntry[] GroupFor(string userAgent) =>
        IsValidProductToken(userAgent) && _specific.TryGetValue(userAgent, out var entries) ? entries : _global;

    // RFC 9309 section 2.2.2: "/robots.txt" is implicitly allowed.
    private static bool IsRobotsTxt(string path) =>
        path.AsSpan(0, path.IndexOf('?') is var query and >= 0 ? query : path.Length).SequenceEqual("/robots.txt");

    private static RobotsTxt Empty(bool disallowAll) =>
        new(FrozenDictionary<string, RobotsAgentEntry[]>.Empty, [], Array.Empty<string>().AsReadOnly(), default, disallowAll);
}
