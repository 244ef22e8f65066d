using System.Globalization;

namespace Gleaner.Politeness.Domains;

/// <summary>
/// Reads the list format of https://publicsuffix.org/list/ into a suffix trie: one rule per line, read up to the
/// first whitespace; <c>//</c> comment lines and blank lines skipped; <c>*</c> a wildcard label, a leading
/// <c>!</c> an exception. The ICANN and private sections are read alike.
/// </summary>
internal static class PublicSuffixListParser
{
    /// <summary>Builds the trie. A malformed rule is a <see cref="FormatException"/> naming its line.</summary>
    public static (SuffixNode Root, int RuleCount) Parse(TextReader reader)
    {
        var root = new SuffixNode();
        var idn = new IdnMapping();
        var ruleCount = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text.StartsWith("//", StringComparison.Ordinal))
                continue;

            var end = text.IndexOfAny(" \t");
            AddRule(root, end < 0 ? text : text[..end], lineNumber, idn);
            ruleCount++;
        }

        return (root, ruleCount);
    }

    private static void AddRule(SuffixNode root, ReadOnlySpan<char> rule, int lineNumber, IdnMapping idn)
    {
        var isException = rule[0] == '!';
        var body = isException ? rule[1..] : rule;
        if (isException && body.Count('.') == 0)
            throw Invalid(lineNumber, rule, "an exception rule needs at least two labels");

        var node = root;
        // Walk from the top-level domain leftwards, the order lookups take.
        for (var end = body.Length; end >= 0;)
        {
            var dot = body[..end].LastIndexOf('.');
            var label = body[(dot + 1)..end];
            if (label.IsEmpty)
                throw Invalid(lineNumber, rule, "empty label");
            if (label.ContainsAny('!', '.') || (label.Contains('*') && label.Length > 1))
                throw Invalid(lineNumber, rule, $"invalid label '{label}'");
            if (isException && dot < 0 && label is "*")
                throw Invalid(lineNumber, rule, "an exception cannot be a wildcard");

            node = node.GetOrAddChild(ToAsciiLabel(label, lineNumber, rule, idn));
            end = dot;
        }

        node.Kind = isException ? SuffixRuleKind.Exception : SuffixRuleKind.Normal;
    }

    // Hosts arrive as Uri.IdnHost gives them (punycode), so Unicode rules are stored in the same form.
    private static string ToAsciiLabel(ReadOnlySpan<char> label, int lineNumber, ReadOnlySpan<char> rule, IdnMapping idn)
    {
        if (System.Text.Ascii.IsValid(label))
            return label.ToString().ToLowerInvariant();

        try
        {
            return idn.GetAscii(label.ToString());
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Public suffix list line {lineNumber}: '{rule}': {e.Message}", e);
        }
    }

    private static FormatException Invalid(int lineNumber, ReadOnlySpan<char> rule, string reason) =>
        new($"Public suffix list line {lineNumber}: '{rule}': {reason}.");
}
