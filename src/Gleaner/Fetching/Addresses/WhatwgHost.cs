using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gleaner.Fetching.Addresses;

/// <summary>
/// The WHATWG URL Standard's host parser for http(s) URLs, reduced to what Gleaner needs: percent-decoding,
/// a UTS #46 subset, forbidden code points, IPv4 in all its spellings and strict IPv6. Returns an error
/// message or the host as it must be written for <see cref="Uri"/>.
/// </summary>
internal static class WhatwgHost
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly SearchValues<char> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.");

    // WHATWG "forbidden domain code points" that survive the mapping below (C0 controls and DEL are checked apart).
    private const string ForbiddenInDomain = " #%/:<>?@[\\]^|";

    public static string? TryParse(string input, out string host)
    {
        host = "";
        if (input.Length == 0)
            return "URL has no host.";
        if (input[0] == '[')
            return TryParseIpv6(input, out host);

        string domain;
        try
        {
            domain = StrictUtf8.GetString(PercentDecode(input));
        }
        catch (DecoderFallbackException)
        {
            return $"Host {UrlText.Show(input)} is not valid UTF-8 after percent-decoding.";
        }

        var error = TryDomainToAscii(input, domain, out var ascii);
        if (error is not null)
            return error;
        if (ascii.Length == 0)
            return $"Host {UrlText.Show(input)} is empty.";

        foreach (var c in ascii)
        {
            if (c < 0x20 || c == 0x7F || ForbiddenInDomain.Contains(c, StringComparison.Ordinal))
                return $"Host {UrlText.Show(input)} contains {UrlText.Show(c.ToString())}, which is not allowed in a host name.";
        }

        if (WhatwgIpv4.EndsInNumber(ascii))
        {
            if (!WhatwgIpv4.TryParse(ascii, out var address))
                return $"Host {UrlText.Show(input)} ends in a number but is not a valid IPv4 address.";
            host = WhatwgIpv4.Format(address);
            return null;
        }

        host = ascii;
        return null;
    }

    private static byte[] PercentDecode(string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '%' && i + 2 < bytes.Length && char.IsAsciiHexDigit((char)bytes[i + 1]) && char.IsAsciiHexDigit((char)bytes[i + 2]))
            {
                output.Add(Convert.ToByte(Encoding.ASCII.GetString(bytes, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        return [.. output];
    }

    /// <summary>
    /// UTS #46 ToASCII, as far as it matters here. Gleaner runs with InvariantGlobalization, where
    /// <see cref="IdnMapping"/> only Punycode-encodes and does no mapping or normalisation. So the mappings that
    /// can turn a host into a different ASCII host are done here: full-width ASCII (<c>０ｘｃ０．０２５０．０１</c> is
    /// 192.168.0.1), ideographic full stops, ignored code points and case; code points IDNA disallows are
    /// refused. Other compatibility mappings (NFKC) are not applied: such a name is Punycode-encoded as written,
    /// which at worst fails to resolve.
    /// </summary>
    private static string? TryDomainToAscii(string input, string domain, out string ascii)
    {
        ascii = "";
        var mapped = new StringBuilder(domain.Length);
        foreach (var rune in domain.EnumerateRunes())
        {
            var value = rune.Value switch
            {
                >= 0xFF01 and <= 0xFF5E => rune.Value - 0xFEE0,
                0x3002 or 0xFF61 => '.',
                _ => rune.Value,
            };
            if (IsIgnored(value))
                continue;
            if (value >= 0x80 && IsDisallowed(new Rune(value)))
                return $"Host {UrlText.Show(input)} contains U+{value:X4}, which is not allowed in a host name.";
            mapped.Append(new Rune(value));
        }

        var labels = mapped.ToString().ToLowerInvariant().Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            try
            {
                if (labels[i].AsSpan().ContainsAnyInRange('\u0080', '\uFFFF'))
                    labels[i] = Idn.GetAscii(labels[i]);
                else if (labels[i].StartsWith("xn--", StringComparison.Ordinal))
                    _ = Idn.GetUnicode(labels[i]); // a Punycode label must decode
            }
            catch (ArgumentException)
            {
                return $"Host {UrlText.Show(input)} is not a valid internationalised domain name.";
            }
        }

        ascii = string.Join('.', labels);
        return null;
    }

    // UTS #46 "ignored": removed from the name before anything else looks at it.
    private static bool IsIgnored(int value) => value is 0x00AD or 0x034F or (>= 0x180B and <= 0x180D) or 0x180F
        or 0x200B or 0x2060 or 0x2064 or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF
        or (>= 0x1BCA0 and <= 0x1BCA3) or (>= 0xE0100 and <= 0xE01EF);

    private static bool IsDisallowed(Rune rune)
    {
        var value = rune.Value;
        if (value == 0xFFFD || (value & 0xFFFE) == 0xFFFE || value is >= 0xFDD0 and <= 0xFDEF)
            return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static string? TryParseIpv6(string input, out string host)
    {
        host = "";
        var inner = input.AsSpan(1, input.Length - 2);
        if (inner.Contains('%'))
            return $"IPv6 host {UrlText.Show(input)} has a zone ID ('%'), which URLs cannot carry.";

        // IPAddress.TryParse is looser than WHATWG (it takes brackets, zone IDs and odd IPv4 tails), so the
        // characters and any dotted IPv4 tail are checked first.
        var invalid = $"Host {UrlText.Show(input)} is not a valid IPv6 address.";
        if (inner.ContainsAnyExcept(Ipv6Chars))
            return invalid;
        var lastColon = inner.LastIndexOf(':');
        var tail = inner[(lastColon + 1)..];
        if (tail.Contains('.') && !IsStrictDottedQuad(tail))
            return invalid;
        if (!IPAddress.TryParse(inner, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return invalid;

        host = $"[{address}]";
        return null;
    }

    private static bool IsStrictDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0') || part.ContainsAnyExceptInRange('0', '9'))
                return false;
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255)
                return false;
        }

        return parts == 4;
    }
}
