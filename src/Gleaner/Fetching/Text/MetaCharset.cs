using System.Text;

namespace Gleaner.Fetching.Text;

/// <summary>
/// Finds the charset a page declares in a <c>&lt;meta&gt;</c> tag, as in <c>&lt;meta charset="utf-8"&gt;</c> or
/// <c>&lt;meta http-equiv="Content-Type" content="text/html; charset=utf-8"&gt;</c>. Works on the raw bytes (the
/// label is ASCII whatever the page's encoding), so a page costs no decoding and no regex before its charset is
/// known. The rule, byte for byte: the first <c>&lt;meta</c> (any case) whose tag holds <c>charset</c>, then
/// optional space, <c>=</c>, optional space, an optional quote and the label; within one tag the last such
/// <c>charset</c> wins.
/// </summary>
internal static class MetaCharset
{
    /// <summary>The declared label as written, or null when no meta tag in <paramref name="head"/> declares one.</summary>
    public static string? Find(ReadOnlySpan<byte> head)
    {
        while (IndexOfIgnoreCase(head, "<meta"u8) is var at and >= 0)
        {
            var afterName = head[(at + 5)..];
            var close = afterName.IndexOf((byte)'>');
            var tag = close < 0 ? afterName : afterName[..close];
            if (LastDeclaration(tag) is { } label)
            {
                return label;
            }

            head = afterName;
        }

        return null;
    }

    private static string? LastDeclaration(ReadOnlySpan<byte> tag)
    {
        // "charset" must not start right after "<meta": something (at least a space) separates them.
        for (var end = tag.Length; end > 1;)
        {
            var at = LastIndexOfIgnoreCase(tag[..end], "charset"u8);
            if (at < 1)
            {
                return null;
            }

            if (LabelAfter(tag[(at + 7)..]) is { } label)
            {
                return label;
            }

            end = at;
        }

        return null;
    }

    private static string? LabelAfter(ReadOnlySpan<byte> rest)
    {
        rest = SkipSpace(rest);
        if (rest.IsEmpty || rest[0] != '=')
        {
            return null;
        }

        rest = SkipSpace(rest[1..]);
        if (!rest.IsEmpty && rest[0] is (byte)'"' or (byte)'\'')
        {
            rest = rest[1..];
        }

        var length = 0;
        while (length < rest.Length && IsLabelByte(rest[length]))
        {
            length++;
        }

        return length == 0 ? null : Encoding.ASCII.GetString(rest[..length]);
    }

    private static bool IsLabelByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.' or (byte)':' or (byte)'-';

    // Whitespace as a regex's \s sees it in Latin-1 text: ASCII space and controls, NEL and no-break space.
    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r' or 0x85 or 0xA0)
        {
            i++;
        }

        return s[i..];
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerWord)
    {
        for (var from = 0; from <= text.Length - lowerWord.Length;)
        {
            // The first byte is '<' or a letter; look for either case of it at once.
            var i = text[from..].IndexOfAny(lowerWord[0], Upper(lowerWord[0]));
            if (i < 0)
            {
                return -1;
            }

            var at = from + i;
            if (at + lowerWord.Length <= text.Length && Ascii.EqualsIgnoreCase(text.Slice(at, lowerWord.Length), lowerWord))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static int LastIndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerWord)
    {
        for (var end = text.Length; end >= lowerWord.Length;)
        {
            var i = text[..(end - lowerWord.Length + 1)].LastIndexOfAny(lowerWord[0], Upper(lowerWord[0]));
            if (i < 0)
            {
                return -1;
            }

            if (Ascii.EqualsIgnoreCase(text.Slice(i, lowerWord.Length), lowerWord))
            {
                return i;
            }

            end = i + lowerWord.Length - 1;
        }

        return -1;
    }

    private static byte Upper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b & ~0x20) : b;
}
