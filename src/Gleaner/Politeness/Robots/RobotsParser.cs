using System.Collections.Frozen;
using System.Globalization;

namespace Gleaner.Politeness.Robots;

/// <summary>
/// Builds a <see cref="RobotsTxt"/> from bytes, line by line, following RFC 9309 and, where the RFC is silent,
/// Google's reference parser (google/robotstxt), whose tests are our conformance suite.
/// </summary>
internal sealed class RobotsParser
{
    private readonly Dictionary<string, List<RobotsAgentEntry>> _specific = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RobotsAgentEntry> _global = [];
    private readonly List<RobotsAgentEntry> _groupAgents = [];
    private readonly List<string> _sitemaps = [];
    private RobotsGroup? _group;
    private bool _readingAgents;
    private int _known;
    private int _unknown;
    private int _lastDirectiveLine;

    private RobotsParser()
    {
    }

    public static RobotsTxt Parse(ReadOnlySpan<byte> content)
    {
        var parser = new RobotsParser();
        var lines = new RobotsLines(content);
        while (lines.TryRead(out var line))
        {
            if (RobotsLineSyntax.TrySplit(line, out var key, out var value))
            {
                parser.Accept(lines.LineNumber, RobotsLineSyntax.Classify(key), value);
            }
        }

        return parser.Build();
    }

    private void Accept(int lineNumber, RobotsKey key, ReadOnlySpan<byte> value)
    {
        _lastDirectiveLine = lineNumber;
        if (key == RobotsKey.Unknown)
        {
            // An unknown line does not end a group (Google's fix of 2021, ID_LineSyntax_Groups_OtherRules).
            _unknown++;
            return;
        }

        _known++;
        switch (key)
        {
            case RobotsKey.UserAgent:
                AcceptUserAgent(value);
                break;
            case RobotsKey.Allow or RobotsKey.Disallow:
                AcceptRule(value, key == RobotsKey.Allow);
                break;
            case RobotsKey.Sitemap:
                // Sitemaps belong to the file, not to a group (RFC 9309 section 2.2.4).
                if (!value.IsEmpty)
                {
                    _sitemaps.Add(RobotsLineSyntax.Text(value));
                }

                break;
            case RobotsKey.CrawlDelay:
                AcceptCrawlDelay(value);
                break;
        }
    }

    private void AcceptUserAgent(ReadOnlySpan<byte> value)
    {
        // Consecutive user-agent lines share a group; the first one after a rule starts a new group.
        if (_group is null || !_readingAgents)
        {
            _group = new RobotsGroup();
            _groupAgents.Clear();
            _readingAgents = true;
        }

        var entry = new RobotsAgentEntry(_group);
        // Google-specific: "* anything" is still the global agent.
        if (value.Length >= 1 && value[0] == '*' && (value.Length == 1 || value[1] is (byte)' ' or (byte)'\t'))
        {
            _global.Add(entry);
            _groupAgents.Add(entry);
            return;
        }

        // The product token is the leading run of [A-Za-z_-] (RFC 9309 section 2.2.1): "FooBot/2.1" and, as
        // Google reads it, "Foo Bar" name FooBot and Foo. A line with no token still starts or extends the group.
        var token = RobotsTxt.ProductTokenPrefix(value);
        if (token.IsEmpty)
        {
            return;
        }

        var name = RobotsLineSyntax.Text(token);
        if (!_specific.TryGetValue(name, out var entries))
        {
            entries = [];
            _specific.Add(name, entries);
        }

        entries.Add(entry);
        _groupAgents.Add(entry);
    }

    private void AcceptRule(ReadOnlySpan<byte> value, bool allow)
    {
        if (_group is null)
        {
            // A rule before any user-agent line belongs to no group and is ignored.
            return;
        }

        _readingAgents = false;
        // An empty pattern matches nothing: "Disallow:" allows everything.
        if (!value.IsEmpty)
        {
            _group.Rules.Add(new RobotsRule(RobotsPattern.Normalise(value), allow));
        }
    }

    private void AcceptCrawlDelay(ReadOnlySpan<byte> value)
    {
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < 0)
        {
            return;
        }

        var delay = seconds >= RobotsLimits.MaxCrawlDelay.TotalSeconds ? RobotsLimits.MaxCrawlDelay : TimeSpan.FromSeconds(seconds);
        foreach (var entry in _groupAgents)
        {
            // Where one agent is given two delays, the longer one is the polite reading.
            entry.CrawlDelay = entry.CrawlDelay is { } earlier && earlier > delay ? earlier : delay;
        }
    }

    private RobotsTxt Build() => new(
        _specific.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
        [.. _global],
        _sitemaps.Distinct(StringComparer.Ordinal).ToArray().AsReadOnly(),
        new RobotsParseStats(_known, _unknown, _lastDirectiveLine));
}
