namespace Gleaner.Politeness.Domains;

/// <summary>
/// Brings a host into the form the suffix trie is keyed by (lower-case ASCII labels, no trailing dot), and turns
/// away what is not a domain name: IP literals, empty labels, non-ASCII text.
/// </summary>
internal static class HostName
{
    /// <summary>
    /// True when <paramref name="host"/> is a domain name. <paramref name="text"/> is then the host itself when it
    /// was already lower-case, or a lower-cased copy; its first <paramref name="length"/> characters are the name
    /// without the trailing dot of a fully qualified name.
    /// </summary>
    public static bool TryNormalize(string? host, out string text, out int length)
    {
        text = host ?? "";
        length = text.Length;
        if (length > 0 && text[length - 1] == '.')
            length--;

        if (length == 0)
            return false;

        var name = text.AsSpan(0, length);
        var hasUpper = false;
        var labelStart = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (i == labelStart)
                    return false; // empty label: leading dot or ".."
                labelStart = i + 1;
            }
            else if (c is ':' or '[' or ']' or > '\u007f')
            {
                // A colon or bracket is an IPv6 literal (Uri.IdnHost drops the brackets). Non-ASCII means the
                // caller passed Uri.Host rather than Uri.IdnHost; the list is keyed by punycode.
                return false;
            }
            else
            {
                hasUpper |= char.IsAsciiLetterUpper(c);
            }
        }

        if (labelStart == name.Length || EndsInNumber(name[labelStart..]))
            return false;

        if (hasUpper)
            text = text.ToLowerInvariant();

        return true;
    }

    // The WHATWG URL rule: a host whose last label is a number (decimal, or 0x hex) is an IPv4 address, however
    // it is spelled ("127.1", "0x7f.0.0.1"). No top-level domain is numeric, so nothing real is lost.
    private static bool EndsInNumber(ReadOnlySpan<char> lastLabel)
    {
        if (lastLabel.Length >= 2 && lastLabel[0] == '0' && lastLabel[1] is 'x' or 'X')
            return !lastLabel[2..].ContainsAnyExcept(HexDigits);

        return !lastLabel.ContainsAnyExceptInRange('0', '9');
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
