using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Gleaner.Extraction.Json;

/// <summary>
/// An immutable set of Unicode scalar values as sorted, disjoint ranges. I-Regexp classes are built as sets and
/// then written as a .NET pattern that matches whole surrogate pairs, since .NET regex matches UTF-16 code units.
/// </summary>
internal sealed class CodePointSet
{
    private const int MaxCodePoint = 0x10FFFF;
    private static readonly ConcurrentDictionary<string, CodePointSet> Categories = new(StringComparer.Ordinal);
    private readonly (int Lo, int Hi)[] _ranges;

    private CodePointSet((int Lo, int Hi)[] ranges) => _ranges = ranges;

    /// <summary>All scalar values: every code point except the surrogates.</summary>
    public static CodePointSet All { get; } = new([(0, 0xD7FF), (0xE000, MaxCodePoint)]);

    public static CodePointSet Of(int lo, int hi) => new([(lo, hi)]);

    /// <summary>The only member of a one-element set.</summary>
    public int Single => _ranges is [var (lo, hi)] && lo == hi
        ? lo
        : throw new InvalidOperationException("the set has more than one member");

    public static CodePointSet Union(IEnumerable<CodePointSet> sets)
    {
        var ranges = sets.SelectMany(s => s._ranges).OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Lo <= merged[^1].Hi + 1)
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, range.Hi));
            else
                merged.Add(range);
        }

        return new([.. merged]);
    }

    /// <summary>The scalar values of a general category (<c>L</c>, <c>Lu</c>, …) as the runtime's Unicode data has them.</summary>
    public static CodePointSet Category(string name) => Categories.GetOrAdd(name, static n =>
    {
        var ranges = new List<(int Lo, int Hi)>();
        var start = -1;
        for (var cp = 0; cp <= MaxCodePoint + 1; cp++)
        {
            var inside = cp <= MaxCodePoint && (cp < 0xD800 || cp > 0xDFFF)
                && CategoryName(CharUnicodeInfo.GetUnicodeCategory(cp)).StartsWith(n, StringComparison.Ordinal);
            if (inside && start < 0)
                start = cp;
            else if (!inside && start >= 0)
            {
                ranges.Add((start, cp - 1));
                start = -1;
            }
        }

        return new([.. ranges]);
    });

    /// <summary>The scalar values not in this set.</summary>
    public CodePointSet Complement()
    {
        var ranges = new List<(int Lo, int Hi)>();
        var next = 0;
        foreach (var (lo, hi) in _ranges)
        {
            if (lo > next)
                ranges.Add((next, lo - 1));
            next = hi + 1;
        }

        if (next <= MaxCodePoint)
            ranges.Add((next, MaxCodePoint));
        return Intersect(new([.. ranges]), All);
    }

    /// <summary>A .NET pattern fragment that matches one scalar value of this set and can take a quantifier.</summary>
    public string ToPattern()
    {
        var bmp = new StringBuilder();
        var astral = new List<string>();
        foreach (var (lo, hi) in _ranges)
        {
            if (lo <= 0xFFFF)
                AppendRange(bmp, lo, Math.Min(hi, 0xFFFF));
            if (hi > 0xFFFF)
                AddSurrogateRanges(astral, Math.Max(lo, 0x10000), hi);
        }

        // A class that matches no code unit stands for the empty set.
        var bmpClass = bmp.Length > 0 ? $"[{bmp}]" : @"[^\u0000-\uFFFF]";
        return astral.Count == 0 ? bmpClass : $"(?:{bmpClass}|{string.Join('|', astral)})";
    }

    private static CodePointSet Intersect(CodePointSet a, CodePointSet b)
    {
        var ranges = new List<(int Lo, int Hi)>();
        foreach (var (aLo, aHi) in a._ranges)
        {
            foreach (var (bLo, bHi) in b._ranges)
            {
                var lo = Math.Max(aLo, bLo);
                var hi = Math.Min(aHi, bHi);
                if (lo <= hi)
                    ranges.Add((lo, hi));
            }
        }

        return new([.. ranges.OrderBy(r => r.Lo)]);
    }

    private static void AddSurrogateRanges(List<string> alternatives, int lo, int hi)
    {
        var (loHigh, loLow) = Split(lo);
        var (hiHigh, hiLow) = Split(hi);
        if (loHigh == hiHigh)
        {
            alternatives.Add($"{Unit(loHigh)}[{Unit(loLow)}-{Unit(hiLow)}]");
            return;
        }

        alternatives.Add($"{Unit(loHigh)}[{Unit(loLow)}-\\uDFFF]");
        if (hiHigh - loHigh > 1)
            alternatives.Add($"[{Unit(loHigh + 1)}-{Unit(hiHigh - 1)}][\\uDC00-\\uDFFF]");
        alternatives.Add($"{Unit(hiHigh)}[\\uDC00-{Unit(hiLow)}]");
    }

    private static (int High, int Low) Split(int codePoint)
    {
        var offset = codePoint - 0x10000;
        return (0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF));
    }

    private static void AppendRange(StringBuilder builder, int lo, int hi)
    {
        builder.Append(Unit(lo));
        if (hi > lo)
            builder.Append('-').Append(Unit(hi));
    }

    private static string Unit(int c) => $"\\u{c:X4}";

    private static string CategoryName(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => "Lu",
        UnicodeCategory.LowercaseLetter => "Ll",
        UnicodeCategory.TitlecaseLetter => "Lt",
        UnicodeCategory.ModifierLetter => "Lm",
        UnicodeCategory.OtherLetter => "Lo",
        UnicodeCategory.NonSpacingMark => "Mn",
        UnicodeCategory.SpacingCombiningMark => "Mc",
        UnicodeCategory.EnclosingMark => "Me",
        UnicodeCategory.DecimalDigitNumber => "Nd",
        UnicodeCategory.LetterNumber => "Nl",
        UnicodeCategory.OtherNumber => "No",
        UnicodeCategory.SpaceSeparator => "Zs",
        UnicodeCategory.LineSeparator => "Zl",
        UnicodeCategory.ParagraphSeparator => "Zp",
        UnicodeCategory.Control => "Cc",
        UnicodeCategory.Format => "Cf",
        UnicodeCategory.Surrogate => "Cs",
        UnicodeCategory.PrivateUse => "Co",
        UnicodeCategory.ConnectorPunctuation => "Pc",
        UnicodeCategory.DashPunctuation => "Pd",
        UnicodeCategory.OpenPunctuation => "Ps",
        UnicodeCategory.ClosePunctuation => "Pe",
        UnicodeCategory.InitialQuotePunctuation => "Pi",
        UnicodeCategory.FinalQuotePunctuation => "Pf",
        UnicodeCategory.OtherPunctuation => "Po",
        UnicodeCategory.MathSymbol => "Sm",
        UnicodeCategory.CurrencySymbol => "Sc",
        UnicodeCategory.ModifierSymbol => "Sk",
        UnicodeCategory.OtherSymbol => "So",
        _ => "Cn",
    };
}
