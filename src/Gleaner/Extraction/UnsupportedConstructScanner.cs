namespace Gleaner.Extraction;

/// <summary>
/// Finds the first construct that <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>
/// refuses (backreferences, lookarounds, atomic groups, conditionals, <c>\G</c>), so the error can point at it.
/// The runtime's NotSupportedException names the construct but not where it is.
/// </summary>
internal static class UnsupportedConstructScanner
{
    private static readonly string[] GroupOpeners = ["(?=", "(?!", "(?<=", "(?<!", "(?>", "(?("];

    /// <summary>Zero-based position of the first unsupported construct, or null if none is recognised.</summary>
    public static int? Find(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (!inClass && (next is >= '1' and <= '9' || next == 'G' || IsNamedBackreference(pattern, i)))
                {
                    return i;
                }

                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
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

                continue;
            }

            if (c == '(' && StartsWithAny(pattern, i))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsNamedBackreference(string pattern, int backslash) =>
        backslash + 2 < pattern.Length && pattern[backslash + 1] == 'k' && pattern[backslash + 2] is '<' or '\'' or '{';

    private static bool StartsWithAny(string pattern, int index)
    {
        foreach (var opener in GroupOpeners)
        {
            if (string.CompareOrdinal(pattern, index, opener, 0, opener.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
