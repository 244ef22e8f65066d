using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Writes RFC 9535 queries from the grammar, valid and not: names, wildcards, indices and slices at the integer
/// limits, string literals with every escape (surrogates paired and not), filters with comparisons, logical
/// operators and function calls of any arity, blank space where it is and is not allowed, and deep nesting.
/// </summary>
internal static class JsonPathGenerator
{
    public static readonly string[] Tokens =
    [
        "$", "@", ".", "..", "*", "[", "]", "[*]", "[?", "?", "(", ")", "'", "\"", ",", ":", "::", "==", "!=", "<", "<=",
        ">", ">=", "&&", "||", "!", "true", "false", "null", "length(", "count(", "match(", "search(", "value(", "foo(",
        @"\u", @"\uD800", @"\uDC00", @"\uD83D\uDE00", @"\'", "\\\"", @"\\", @"\/", @"\b", @"\x", " ", "\t", "\n", "-0",
        "1e400", "9007199254740992", "-9007199254740991",
    ];

    private static readonly string[] Functions = ["length", "count", "match", "search", "value", "foo", "Length", "_x"];

    private static readonly string[] Blanks = ["", "", "", " ", "\t", "\n", "\r", "  ", "\u00A0", "\u2028"];

    public static string Query(Random random)
    {
        if (random.Next(40) == 0)
        {
            return Deep(random);
        }

        var text = new StringBuilder(random.Next(20) == 0 ? "" : "$");
        Segments(random, text, depth: 0);
        if (random.Next(20) == 0)
        {
            text.Append(Blank(random));
        }

        return text.ToString();
    }

    private static string Blank(Random random) => Blanks[random.Next(Blanks.Length)];

    private static void Segments(Random random, StringBuilder text, int depth)
    {
        var count = random.Next(depth == 0 ? 5 : 3);
        for (var i = 0; i < count; i++)
        {
            text.Append(random.Next(6) == 0 ? Blank(random) : "");
            switch (random.Next(7))
            {
                case 0:
                    text.Append('.').Append(MemberName(random));
                    break;
                case 1:
                    text.Append("..").Append(random.Next(3) == 0 ? "*" : MemberName(random));
                    break;
                case 2:
                    text.Append(".*");
                    break;
                case 3:
                    text.Append("..");
                    Bracketed(random, text, depth);
                    break;
                default:
                    Bracketed(random, text, depth);
                    break;
            }
        }
    }

    private static string MemberName(Random random) => random.Next(8) switch
    {
        0 => "",
        1 => "1a",
        2 => "\u00E9t\u00E9",
        3 => "\uD83D\uDE00",
        4 => "\uD800",
        5 => Interesting.Char(random),
        _ => new string((char)('a' + random.Next(26)), 1 + random.Next(4)) + (random.Next(3) == 0 ? "_9" : ""),
    };

    private static void Bracketed(Random random, StringBuilder text, int depth)
    {
        text.Append('[').Append(Blank(random));
        var selectors = 1 + (random.Next(4) == 0 ? random.Next(4) : 0);
        for (var i = 0; i < selectors; i++)
        {
            text.Append(i == 0 ? "" : "," + Blank(random));
            Selector(random, text, depth);
            text.Append(Blank(random));
        }

        text.Append(random.Next(25) == 0 ? "" : "]");
    }

    private static void Selector(Random random, StringBuilder text, int depth)
    {
        switch (random.Next(depth > 3 ? 4 : 6))
        {
            case 0:
                text.Append(StringLiteral(random));
                break;
            case 1:
                text.Append(Integer(random));
                break;
            case 2:
                text.Append(random.Next(2) == 0 ? Integer(random) : "").Append(Blank(random)).Append(':').Append(Blank(random))
                    .Append(random.Next(2) == 0 ? Integer(random) : "");
                if (random.Next(2) == 0)
                {
                    text.Append(':').Append(random.Next(2) == 0 ? Integer(random) : "");
                }

                break;
            case 3:
                text.Append('*');
                break;
            default:
                text.Append('?').Append(Blank(random));
                LogicalOr(random, text, depth + 1);
                break;
        }
    }

    private static string Integer(Random random) =>
        random.Next(3) == 0 ? Interesting.Number(random) : random.Next(-5, 10).ToString(CultureInfo.InvariantCulture);

    private static string StringLiteral(Random random)
    {
        var quote = random.Next(2) == 0 ? '\'' : '"';
        var text = new StringBuilder().Append(quote);
        var length = random.Next(6);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(5) switch
            {
                0 => Escape(random, quote),
                1 => Interesting.Char(random),
                _ => ((char)('a' + random.Next(26))).ToString(),
            });
        }

        return text.Append(random.Next(20) == 0 ? "" : quote.ToString()).ToString();
    }

    private static string Escape(Random random, char quote) => random.Next(12) switch
    {
        0 => @"\b",
        1 => @"\n",
        2 => "\\" + quote,
        3 => "\\" + (quote == '\'' ? '"' : '\''),
        4 => @"\/",
        5 => @"\\",
        6 => $"\\u{random.Next(0x10000):X4}",
        7 => $"\\u{random.Next(0xD800, 0xDC00):X4}\\u{random.Next(0xDC00, 0xE000):x4}",
        8 => $"\\u{random.Next(0xD800, 0xE000):X4}",
        9 => @"\u12",
        10 => @"\x41",
        _ => "\\",
    };

    private static void LogicalOr(Random random, StringBuilder text, int depth)
    {
        var operands = random.Next(4) == 0 ? 2 + random.Next(2) : 1;
        for (var i = 0; i < operands; i++)
        {
            text.Append(i == 0 ? "" : Blank(random) + (random.Next(2) == 0 ? "||" : "&&") + Blank(random));
            Basic(random, text, depth);
        }
    }

    private static void Basic(Random random, StringBuilder text, int depth)
    {
        switch (random.Next(depth > 4 ? 3 : 5))
        {
            case 0:
                Comparable(random, text, depth);
                text.Append(Blank(random)).Append(random.Next(7) switch { 0 => "==", 1 => "!=", 2 => "<", 3 => "<=", 4 => ">", 5 => ">=", _ => "=" }).Append(Blank(random));
                Comparable(random, text, depth);
                break;
            case 1 or 2:
                text.Append(random.Next(4) == 0 ? "!" : "");
                Primary(random, text, depth);
                break;
            default:
                text.Append(random.Next(3) == 0 ? "!" : "").Append('(').Append(Blank(random));
                LogicalOr(random, text, depth + 1);
                text.Append(Blank(random)).Append(random.Next(20) == 0 ? "" : ")");
                break;
        }
    }

    private static void Comparable(Random random, StringBuilder text, int depth)
    {
        if (random.Next(3) == 0)
        {
            text.Append(Literal(random));
        }
        else
        {
            Primary(random, text, depth);
        }
    }

    private static void Primary(Random random, StringBuilder text, int depth)
    {
        switch (random.Next(depth > 4 ? 2 : 4))
        {
            case 0:
                text.Append(random.Next(4) == 0 ? '$' : '@');
                Segments(random, text, depth + 1);
                break;
            case 1:
                text.Append(Literal(random));
                break;
            default:
                text.Append(Functions[random.Next(Functions.Length)]).Append('(').Append(Blank(random));
                var arguments = random.Next(4);
                for (var i = 0; i < arguments; i++)
                {
                    text.Append(i == 0 ? "" : "," + Blank(random));
                    if (random.Next(3) == 0)
                    {
                        LogicalOr(random, text, depth + 1);
                    }
                    else
                    {
                        Comparable(random, text, depth + 1);
                    }
                }

                text.Append(Blank(random)).Append(random.Next(20) == 0 ? "" : ")");
                break;
        }
    }

    private static string Literal(Random random) => random.Next(6) switch
    {
        0 => Interesting.Number(random),
        1 => StringLiteral(random),
        2 => random.Next(4) switch { 0 => "true", 1 => "false", 2 => "null", _ => "True" },
        3 => $"{random.Next(-100, 100)}.{random.Next(1000)}e{random.Next(-400, 400)}",
        _ => random.Next(-5, 100).ToString(CultureInfo.InvariantCulture),
    };

    // Nesting far past the parser's limit of 64, in each construct that nests.
    private static string Deep(Random random)
    {
        var n = 1 + random.Next(random.Next(2) == 0 ? 100 : 20_000);
        return random.Next(6) switch
        {
            0 => "$" + new string('[', n) + new string(']', n),
            1 => "$[?" + new string('(', n) + "@" + new string(')', n) + "]",
            2 => "$[?" + string.Concat(Enumerable.Repeat("length(", n)) + "@" + new string(')', n) + "]",
            3 => "$[?" + string.Concat(Enumerable.Repeat("@[?", n)) + "@" + new string(']', n) + "]",
            4 => "$[?" + new string('!', n) + "@]",
            _ => "$" + string.Concat(Enumerable.Repeat(".a", n)),
        };
    }
}
