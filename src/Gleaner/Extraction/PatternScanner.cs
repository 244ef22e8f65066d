namespace Gleaner.Extraction;

/// <summary>
/// Reads a pattern as the regex parser would, token by token outside character classes, to answer two questions
/// the runtime does not: where the first construct that linear-time mode refuses is (its NotSupportedException
/// names the construct but not its place), and whether a match can depend on text outside it.
/// </summary>
internal static class PatternScanner
{
    private static readonly string[] RefusedGroupOpeners = ["(?=", "(?!", "(?<=", "(?<!", "(?>", "(?("];

    /// <summary>
    /// Zero-based position of the first construct <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>
    /// refuses (backreferences, lookarounds, atomic groups, conditionals, <c>\G</c>), or null if none is recognised.
    /// </summary>
    public static int? FindUnsupported(string pattern)
    {
        int? found = null;
        Walk(pattern, (escape, i) =>
        {
            var refused = escape
                ? pattern[i + 1] is >= '1' and <= '9' or 'G' || IsNamedBackreference(pattern, i)
                : pattern[i] == '(' && StartsWithAny(pattern, i, RefusedGroupOpeners);
            found = refused ? i : null;
            return refused;
        });
        return found;
    }

    /// <summary>
    /// True unless every match of the pattern is decided by the characters it spans alone: false means no
    /// <c>^ $ \A \z \Z \b \B</c> (lookarounds and <c>\G</c> are refused anyway). Such a pattern finds the same
    /// match, with the same groups, in the text of a match it found in a larger text. Free-spacing mode
    /// (<c>(?x)</c>) is answered true without looking further, since its comments hide what the walk would see.
    /// </summary>
    public static bool DependsOnContext(string pattern) => Walk(pattern, (escape, i) => escape
        ? pattern[i + 1] is 'A' or 'z' or 'Z' or 'b' or 'B'
        : pattern[i] is '^' or '$' || IsFreeSpacingSwitch(pattern, i));

    // Calls visit at each token outside character classes and comments: (escape: true, i) for a backslash
    // and the character after it, (false, i) for any other character; stops at the first visit that says true.
    private static bool Walk(string pattern, Func<bool, int, bool> visit)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                if (!inClass && visit(true, i))
                {
                    return true;
                }

                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (visit(false, i))
            {
                return true;
            }

            if (c == '[')
            {
                inClass = true;

                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }
            }
            else if (string.CompareOrdinal(pattern, i, "(?#", 0, 3) == 0)
            {
                // An inline comment runs to the first ')', whatever it holds.
                var end = pattern.IndexOf(')', i);
                i = end < 0 ? pattern.Length : end;
            }
        }

        return false;
    }

    // (?x) or (?ix-s:…) and the like: an inline options group that turns free-spacing mode on.
    private static bool IsFreeSpacingSwitch(string pattern, int i)
    {
        if (pattern[i] != '(' || i + 1 >= pattern.Length || pattern[i + 1] != '?')
        {
            return false;
        }

        for (var j = i + 2; j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-'; j++)
        {
            if (pattern[j] == 'x')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamedBackreference(string pattern, int backslash) =>
        backslash + 2 < pattern.Length && pattern[backslash + 1] == 'k' && pattern[backslash + 2] is '<' or '\'' or '{';

    private static bool StartsWithAny(string pattern, int index, string[] openers)
    {
        foreach (var opener in openers)
        {
            if (string.CompareOrdinal(pattern, index, opener, 0, opener.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
