using System.Globalization;
using System.Numerics;

namespace Gleaner.Extraction.Json;

/// <summary>
/// Compares JSON number texts exactly by value, so <c>1 == 1.0 == 10e-1</c> and
/// <c>22.800000000000001 != 22.8</c>, without the rounding of a conversion to double.
/// </summary>
internal static class JsonNumberText
{
    public static int Compare(string a, string b)
    {
        var (signA, digitsA, scaleA) = Decompose(a);
        var (signB, digitsB, scaleB) = Decompose(b);
        if (signA != signB)
            return signA.CompareTo(signB);
        if (signA == 0)
            return 0;
        var magnitude = scaleA != scaleB
            ? scaleA.CompareTo(scaleB)
            : string.CompareOrdinal(digitsA, digitsB);
        return signA * magnitude;
    }

    /// <summary>
    /// Splits a number into its sign (-1, 0, 1), its significant digits without leading or trailing zeros, and
    /// the position of its first significant digit relative to the decimal point.
    /// </summary>
    private static (int Sign, string Digits, BigInteger Scale) Decompose(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? BigInteger.Zero : BigInteger.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        var dot = mantissa.IndexOf('.');
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = integerPart + fraction;
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        if (digits.Length == 0)
            return (0, string.Empty, BigInteger.Zero);
        var scale = exponent + integerPart.Length - leading;
        return (negative ? -1 : 1, digits, scale);
    }
}
