namespace Gleaner.Politeness.Domains;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/): which part of a host name is a public suffix (such as
/// <c>com</c>, <c>co.uk</c> or <c>github.io</c>) and so which part is the registrable domain, the unit that
/// politeness limits can group hosts by. Rules from the ICANN and private sections both apply. Immutable after
/// parsing; safe to share between threads.
/// </summary>
/// <remarks>
/// Hosts are expected as <see cref="Uri.IdnHost"/> gives them: ASCII, with internationalised labels in punycode.
/// Upper-case letters are lower-cased and one trailing dot is ignored. Anything that is not a domain name (null or
/// empty, an IPv4 or IPv6 literal, an empty label, non-ASCII text) has neither a public suffix nor a registrable
/// domain.
/// </remarks>
internal sealed class PublicSuffixList
{
    internal const string ResourceName = "Gleaner.Politeness.Domains.public_suffix_list.dat";

    private static readonly Lazy<PublicSuffixList> LazyDefault = new(LoadEmbedded);

    private readonly SuffixNode root;

    private PublicSuffixList(SuffixNode root, int ruleCount)
    {
        this.root = root;
        RuleCount = ruleCount;
    }

    /// <summary>The list shipped inside Gleaner, parsed on first use.</summary>
    public static PublicSuffixList Default => LazyDefault.Value;

    /// <summary>How many rules the list holds.</summary>
    internal int RuleCount { get; }

    /// <summary>Reads a list in the publicsuffix.org format, e.g. a newer copy than the one shipped.</summary>
    /// <exception cref="FormatException">A rule is malformed; the message names its line.</exception>
    public static PublicSuffixList Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (root, ruleCount) = PublicSuffixListParser.Parse(reader);
        return new PublicSuffixList(root, ruleCount);
    }

    /// <summary>
    /// The public suffix of <paramref name="host"/> by the list's prevailing rule (an unlisted top-level domain is
    /// its own suffix), e.g. <c>co.uk</c> for <c>www.example.co.uk</c>; null when the host is not a domain name.
    /// </summary>
    public string? PublicSuffix(string? host) => LastLabels(host, extraLabels: 0);

    /// <summary>
    /// The registrable domain of <paramref name="host"/> (its public suffix plus one label, "eTLD+1"), e.g.
    /// <c>example.co.uk</c> for <c>www.example.co.uk</c>; null when the host is itself a public suffix or is not a
    /// domain name.
    /// </summary>
    public string? RegistrableDomain(string? host) => LastLabels(host, extraLabels: 1);

    /// <summary>Opens the shipped copy of the list.</summary>
    internal static Stream OpenEmbedded() =>
        typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The resource '{ResourceName}' is missing from the Gleaner assembly.");

    private static PublicSuffixList LoadEmbedded()
    {
        using var reader = new StreamReader(OpenEmbedded());
        return Parse(reader);
    }

    private string? LastLabels(string? host, int extraLabels)
    {
        if (!HostName.TryNormalize(host, out var text, out var length))
            return null;

        var name = text.AsSpan(0, length);
        var wanted = SuffixLabelCount(name) + extraLabels;
        var start = name.Length;
        for (var i = 0; i < wanted; i++)
        {
            if (start <= 0)
                return null; // the host has fewer labels than wanted
            start = name[..(start - 1)].LastIndexOf('.') + 1;
        }

        return start == 0 && length == text.Length ? text : text[start..length];
    }

    /// <summary>How many labels, from the right, the prevailing rule makes the public suffix.</summary>
    private int SuffixLabelCount(ReadOnlySpan<char> name)
    {
        var match = default(RuleMatch);
        Walk(root, name, depth: 0, ref match);

        // An exception rule prevails over every other and drops its leftmost label; otherwise the longest rule
        // wins, and with none the implicit "*" rule makes the last label the suffix.
        return match.ExceptionDepth > 0 ? match.ExceptionDepth - 1 : Math.Max(match.NormalDepth, 1);
    }

    // Both the exact label and a wildcard can match at one depth, so this follows each branch; the list nests only
    // a few labels deep, and the recursion allocates nothing.
    private static void Walk(SuffixNode node, ReadOnlySpan<char> rest, int depth, ref RuleMatch match)
    {
        if (rest.IsEmpty)
            return;

        var dot = rest.LastIndexOf('.');
        var left = dot < 0 ? [] : rest[..dot];
        Visit(node.Child(rest[(dot + 1)..]), left, depth + 1, ref match);
        Visit(node.Wildcard, left, depth + 1, ref match);
    }

    private static void Visit(SuffixNode? node, ReadOnlySpan<char> left, int depth, ref RuleMatch match)
    {
        if (node is null)
            return;

        if (node.Kind == SuffixRuleKind.Normal)
            match.NormalDepth = Math.Max(match.NormalDepth, depth);
        else if (node.Kind == SuffixRuleKind.Exception)
            match.ExceptionDepth = Math.Max(match.ExceptionDepth, depth);

        Walk(node, left, depth, ref match);
    }

    private struct RuleMatch
    {
        public int NormalDepth;
        public int ExceptionDepth;
    }
}
