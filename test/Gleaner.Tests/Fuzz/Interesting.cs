namespace Gleaner.Tests.Fuzz;

/// <summary>Characters and numbers that parsers get wrong: controls, line breaks of other kinds, lone surrogates, digits that are not ASCII, limits.</summary>
internal static class Interesting
{
    public static readonly string[] Chars =
    [
        "\0", "\t", "\n", "\r", "\r\n", "\v", "\f", "\u001B", "\u007F", "\u0085", "\u00A0", "\u2028", "\u2029",
        "\uFEFF", "\uFFFE", "\uFFFF", "\uFFFD", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\U0001F321",
        "\u0301", "\u0130", "\u0131", "\u00DF", "\u212A", "\u202E", "\u200B", "\uFF11", "\u0663", "\u00B0", "\u00B5",
        "\u03BC", "\u00E9", "e\u0301", " ", "\\", "'", "\"", "#", "%", "&", "*", "!", "|", ">", "<", "?", ":", ",",
        "[", "]", "{", "}", "(", ")", "@", "$", "-", "+", ".", "/", "~", "^", "=", "`",
    ];

    public static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "00", "01", "0.0", "1e3", "1E+2", "1e-400", "1e309", "-1e309", "0x10", "0o17", "1_000",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "9007199254740991", "9007199254740992",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999999999999999999", "1" + new string('0', 400), "NaN", "nan", ".nan", "Infinity", "-Infinity",
        ".inf", "-.inf", "\uFF11\uFF10", "\u0661\u0662", "1.", ".5", "-", "+1", "1e", "1e+", "0.1e-7",
    ];

    public static string Char(Random random) => Chars[random.Next(Chars.Length)];

    public static string Number(Random random) => Numbers[random.Next(Numbers.Length)];

    /// <summary>Any UTF-16 code unit, lone surrogates included.</summary>
    public static char AnyUnit(Random random) => (char)random.Next(random.Next(4) == 0 ? 0x10000 : 0x80);
}
