namespace Gleaner.Fetching.Addresses;

/// <summary>
/// The WHATWG URL Standard's IPv4 parser and its "ends in a number" check: the rules by which browsers read
/// <c>2130706433</c>, <c>0177.0.0.1</c>, <c>0x7f.1</c> and <c>127.1</c> as 127.0.0.1, and refuse
/// <c>256.0.0.1</c> or <c>foo.09</c> instead of looking them up as names.
/// </summary>
internal static class WhatwgIpv4
{
    // Numbers above this cannot be valid in any position; stop growing them so long inputs cannot overflow.
    private const ulong Saturated = 1UL << 40;

    /// <summary>Whether the last label (ignoring one trailing dot) is a number, so the host must be IPv4.</summary>
    public static bool EndsInNumber(string host)
    {
        var parts = host.Split('.');
        var last = parts[^1];
        if (last.Length == 0)
        {
            if (parts.Length == 1)
                return false;
            last = parts[^2];
        }

        if (last.Length > 0 && !last.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return true;
        return TryParseNumber(last, out _);
    }

    /// <summary>Parses one to four dot-separated decimal, octal (leading 0) or hex (0x) numbers.</summary>
    public static bool TryParse(string host, out uint address)
    {
        address = 0;
        var parts = host.Split('.');
        var count = parts.Length;
        if (parts[^1].Length == 0 && count > 1)
            count--;
        if (count > 4)
            return false;

        Span<ulong> numbers = stackalloc ulong[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryParseNumber(parts[i], out numbers[i]))
                return false;
        }

        for (var i = 0; i < count - 1; i++)
        {
            if (numbers[i] > 255)
                return false;
        }

        // The last number fills all remaining bytes: 127.1 is 127.0.0.1, 2130706433 is 127.0.0.1.
        if (numbers[count - 1] >= 1UL << (8 * (5 - count)))
            return false;

        var value = numbers[count - 1];
        for (var i = 0; i < count - 1; i++)
            value += numbers[i] << (8 * (3 - i));
        address = (uint)value;
        return true;
    }

    public static string Format(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";

    private static bool TryParseNumber(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty)
            return false;

        var radix = 10;
        if (text.Length >= 2 && text[0] == '0' && text[1] is 'x' or 'X')
        {
            radix = 16;
            text = text[2..];
        }
        else if (text.Length >= 2 && text[0] == '0')
        {
            radix = 8;
            text = text[1..];
        }

        // "0x" alone is zero, as in browsers.
        foreach (var c in text)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiHexDigit(c) ? (c | 0x20) - 'a' + 10
                : -1;
            if (digit < 0 || digit >= radix)
                return false;
            if (value < Saturated)
                value = (value * (ulong)radix) + (ulong)digit;
        }

        return true;
    }
}
