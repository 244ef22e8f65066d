using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Writes .NET regular expressions from their grammar, valid and not: classes (ranges, subtraction, categories),
/// groups of every kind (including those linear-time mode refuses), quantifiers up to overflow, inline options,
/// free-spacing comments, and unbalanced brackets.
/// </summary>
internal static class RegexGenerator
{
    public static readonly string[] Tokens =
    [
        "(", ")", "[", "]", "{", "}", "|", "*", "+", "?", "*?", "+?", "??", "{2}", "{2,}", "{2,5}", "{,3}", "{5,2}",
        "{99999}", "{2147483648}", ".", "^", "$", @"\", @"\d", @"\w", @"\s", @"\b", @"\B", @"\A", @"\z", @"\Z", @"\G",
        @"\1", @"\k<n>", @"\p{L}", @"\p{Bogus}", @"\P{Nd}", @"\x4", @"\u00", @"\c", @"\cA", "(?:", "(?<n>", "(?'n'",
        "(?<a-b>", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?(", "(?#", "(?i)", "(?x)", "(?-x)", "(?n)", "(?imnsx-:",
        "[^", "[a-z-[aeiou]]", "[:alpha:]", "#", "\n", "°",
    ];

    private static readonly string[] Escapes =
    [
        @"\d", @"\D", @"\w", @"\W", @"\s", @"\S", @"\b", @"\B", @"\A", @"\z", @"\Z", @"\G", @"\1", @"\2", @"\9",
        @"\k<n>", @"\k'n'", @"\k<1>", @"\k", @"\p{L}", @"\p{Lu}", @"\P{Nd}", @"\p{IsGreek}", @"\p{Bogus}", @"\p{",
        @"\p", @"\x41", @"\x4", @"\u0041", @"\u004", @"\uD800", @"\cA", @"\c", @"\c[", @"\0", @"\012", @"\e", @"\.",
        @"\(", @"\N", @"\K", @"\R", @"\X", @"\Q", @"\", @"\ ", @"\#", @"\°",
    ];

    private static readonly string[] ClassItems =
    [
        "a", "z", "0-9", "a-z", "z-a", "A-Z", "-", "^", "[", @"\]", @"\d", @"\w", @"\s", @"\b", @"\p{L}", @"\P{Lu}",
        @"\x41-\x5A", "°", "\uD83D\uDE00", "\uD800", " ", ".", "$", "(", ")", "*", "[:alpha:]", @"\", "-[aeiou]",
    ];

    private static readonly string[] GroupOpeners =
    [
        "(", "(?:", "(?<n>", "(?'n'", "(?<1>", "(?<a-b>", "(?<-n>", "(?i:", "(?imnsx-imnsx:", "(?x:", "(?-x:", "(?=",
        "(?!", "(?<=", "(?<!", "(?>", "(?(n)", "(?(1)", "(?(a)", "(?<", "(?P<n>", "(?",
    ];

    private static readonly string[] Quantifiers =
    [
        "*", "+", "?", "*?", "+?", "??", "{0}", "{1}", "{3}", "{2,}", "{2,5}", "{5,2}", "{,3}", "{1000}", "{100000}",
        "{2147483647}", "{2147483648}", "{99999999999}", "{1,1000}", "**", "++", "{", "{1", "{1,",
    ];

    private static readonly string[] Counts = ["2", "10", "100", "1000", "2,", "0,100000"];

    public static string Pattern(Random random)
    {
        // Rare, since the engine takes its time to build what these describe.
        if (random.Next(150) == 0)
        {
            return Deep(random);
        }

        var text = new StringBuilder();
        if (random.Next(8) == 0)
        {
            text.Append(random.Next(3) == 0 ? "(?x)" : "(?i)");
        }

        Alternation(random, text, depth: 0);
        return text.ToString();
    }

    private static void Alternation(Random random, StringBuilder text, int depth)
    {
        var branches = random.Next(6) == 0 ? 2 + random.Next(3) : 1;
        for (var i = 0; i < branches; i++)
        {
            text.Append(i == 0 ? "" : "|");
            var pieces = random.Next(depth == 0 ? 7 : 4);
            for (var p = 0; p < pieces; p++)
            {
                Atom(random, text, depth);
                if (random.Next(3) == 0)
                {
                    text.Append(Quantifiers[random.Next(Quantifiers.Length)]);
                }
            }
        }
    }

    private static void Atom(Random random, StringBuilder text, int depth)
    {
        switch (random.Next(depth > 4 ? 6 : 11))
        {
            case 0 or 1:
                text.Append(random.Next(4) == 0 ? Interesting.Char(random) : ((char)('a' + random.Next(26))).ToString());
                break;
            case 2 or 3:
                text.Append(Escapes[random.Next(Escapes.Length)]);
                break;
            case 4:
                text.Append(random.Next(3) switch { 0 => ".", 1 => "^", _ => "$" });
                break;
            case 5:
                text.Append(random.Next(2) == 0 ? Tokens[random.Next(Tokens.Length)] : Interesting.Number(random));
                break;
            case 6 or 7:
                Class(random, text, depth);
                break;
            case 8 or 9:
                text.Append(GroupOpeners[random.Next(GroupOpeners.Length)]);
                Alternation(random, text, depth + 1);
                text.Append(random.Next(20) == 0 ? "" : ")");
                break;
            default:
                // Inline options, comments and free-spacing comments.
                text.Append(random.Next(4) switch
                {
                    0 => "(?#" + Interesting.Char(random) + ")",
                    1 => "(?x) # " + Interesting.Char(random) + "\n",
                    2 => "(?-i)",
                    _ => " \t#",
                });
                break;
        }
    }

    private static void Class(Random random, StringBuilder text, int depth)
    {
        text.Append(random.Next(3) == 0 ? "[^" : "[");
        var items = random.Next(5);
        for (var i = 0; i < items; i++)
        {
            text.Append(ClassItems[random.Next(ClassItems.Length)]);
            if (depth < 3 && random.Next(12) == 0)
            {
                text.Append("-[");
                Class(random, text, depth + 1);
                text.Append(']');
            }
        }

        if (random.Next(15) != 0)
        {
            text.Append(']');
        }
    }

    // Nesting, repetition or alternation far beyond what a person writes.
    private static string Deep(Random random)
    {
        var n = 1 + random.Next(random.Next(2) == 0 ? 100 : 3000);
        return random.Next(5) switch
        {
            0 => new string('(', n) + "a" + new string(')', n),
            1 => string.Concat(Enumerable.Repeat("(?:a", n)) + new string(')', n - random.Next(2)),
            2 => new string('(', n % 6 + 1) + "a" + string.Concat(Enumerable.Repeat($"){{{Counts[random.Next(Counts.Length)]}}}", n % 6 + 1)),
            3 => string.Join("|", Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            _ => new string('[', n) + "a" + new string(']', n),
        };
    }
}
