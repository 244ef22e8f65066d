using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Gleaner.Extraction.Json;

/// <summary>
/// Translates an I-Regexp (RFC 9485) into an equivalent .NET pattern, or rejects it. Every character class,
/// including <c>.</c> (any scalar value but \n and \r), becomes an explicit set of scalar values so that a
/// supplementary-plane character counts as one character. An unescaped <c>^</c> or <c>$</c> outside a class is
/// read as a start or end anchor, which is what the JSONPath compliance suite expects.
/// </summary>
internal sealed class IRegexpTranslator
{
    private static readonly FrozenSet<string> CategoryNames = new[]
    {
        "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
        "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly CodePointSet Dot = CodePointSet.Union([CodePointSet.Of('\n', '\n'), CodePointSet.Of('\r', '\r')]).Complement();

    private readonly string _pattern;
    private readonly StringBuilder _output = new();
    private int _pos;

    private IRegexpTranslator(string pattern) => _pattern = pattern;

    /// <summary>Returns the .NET pattern for <paramref name="pattern"/>, or null when it is not a valid I-Regexp.</summary>
    public static string? Translate(string pattern)
    {
        var translator = new IRegexpTranslator(pattern);
        try
        {
            translator.ParseRegexp();
            return translator._pos == pattern.Length ? translator._output.ToString() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool AtEnd => _pos >= _pattern.Length;

    private char Peek => _pattern[_pos];

    private void ParseRegexp()
    {
        ParseBranch();
        while (!AtEnd && Peek == '|')
        {
            _pos++;
            _output.Append('|');
            ParseBranch();
        }
    }

    private void ParseBranch()
    {
        while (!AtEnd && Peek != '|' && Peek != ')')
            ParsePiece();
    }

    private void ParsePiece()
    {
        switch (Peek)
        {
            case '(':
                _pos++;
                _output.Append("(?:");
                ParseRegexp();
                Expect(')');
                _output.Append(')');
                break;
            case '^' or '$':
                _output.Append(Peek == '^' ? @"\A" : @"\z");
                _pos++;
                if (!AtEnd && IsQuantifierStart(Peek))
                    throw Invalid();
                return;
            case '.':
                _pos++;
                _output.Append(Dot.ToPattern());
                break;
            case '[':
                _output.Append(ParseClass().ToPattern());
                break;
            case '\\':
                _output.Append(ParseEscape(allowCategory: true).ToPattern());
                break;
            case '*' or '+' or '?' or '{' or '}' or ']':
                throw Invalid();
            default:
                var c = ReadCodePoint();
                _output.Append(CodePointSet.Of(c, c).ToPattern());
                break;
        }

        ParseQuantifier();
    }

    private static bool IsQuantifierStart(char c) => c is '*' or '+' or '?' or '{';

    private void ParseQuantifier()
    {
        if (AtEnd)
            return;
        if (Peek is '*' or '+' or '?')
        {
            _output.Append(Peek);
            _pos++;
            return;
        }

        if (Peek != '{')
            return;
        _pos++;
        var min = ReadCount();
        _output.Append('{').Append(min.ToString(CultureInfo.InvariantCulture));
        if (!AtEnd && Peek == ',')
        {
            _pos++;
            _output.Append(',');
            if (!AtEnd && char.IsAsciiDigit(Peek))
            {
                var max = ReadCount();
                if (max < min)
                    throw Invalid();
                _output.Append(max.ToString(CultureInfo.InvariantCulture));
            }
        }

        Expect('}');
        _output.Append('}');
    }

    private int ReadCount()
    {
        var start = _pos;
        while (!AtEnd && char.IsAsciiDigit(Peek))
            _pos++;
        if (_pos == start || !int.TryParse(_pattern.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw Invalid();
        return count;
    }

    private CodePointSet ParseClass()
    {
        Expect('[');
        var negated = !AtEnd && Peek == '^';
        if (negated)
            _pos++;
        var items = new List<CodePointSet>();
        if (!AtEnd && Peek == '-')
        {
            _pos++;
            items.Add(CodePointSet.Of('-', '-'));
        }

        while (!AtEnd && Peek != ']')
        {
            if (Peek == '-')
            {
                // Only a final '-' may stand alone.
                _pos++;
                if (AtEnd || Peek != ']')
                    throw Invalid();
                items.Add(CodePointSet.Of('-', '-'));
                break;
            }

            if (Peek == '\\' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] is 'p' or 'P')
            {
                items.Add(ParseEscape(allowCategory: true));
                continue;
            }

            var lo = ReadClassChar();
            var hi = lo;
            if (!AtEnd && Peek == '-' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] != ']')
            {
                _pos++;
                hi = ReadClassChar();
                if (hi < lo)
                    throw Invalid();
            }

            items.Add(CodePointSet.Of(lo, hi));
        }

        Expect(']');
        if (items.Count == 0)
            throw Invalid();
        var set = CodePointSet.Union(items);
        return negated ? set.Complement() : set;
    }

    private int ReadClassChar()
    {
        if (AtEnd)
            throw Invalid();
        if (Peek == '\\')
        {
            var escaped = ParseEscape(allowCategory: false);
            return escaped.Single;
        }

        if (Peek is '-' or '[' or ']')
            throw Invalid();
        return ReadCodePoint();
    }

    private CodePointSet ParseEscape(bool allowCategory)
    {
        Expect('\\');
        if (AtEnd)
            throw Invalid();
        var c = Peek;
        _pos++;
        switch (c)
        {
            case 'n':
                return CodePointSet.Of('\n', '\n');
            case 'r':
                return CodePointSet.Of('\r', '\r');
            case 't':
                return CodePointSet.Of('\t', '\t');
            case '(' or ')' or '*' or '+' or '-' or '.' or '?' or '[' or '\\' or ']' or '^' or '{' or '|' or '}':
                return CodePointSet.Of(c, c);
            case 'p' or 'P' when allowCategory:
                Expect('{');
                var end = _pattern.IndexOf('}', _pos);
                if (end < 0)
                    throw Invalid();
                var name = _pattern[_pos..end];
                if (!CategoryNames.Contains(name))
                    throw Invalid();
                _pos = end + 1;
                var set = CodePointSet.Category(name);
                return c == 'P' ? set.Complement() : set;
            default:
                throw Invalid();
        }
    }

    private int ReadCodePoint()
    {
        var c = Peek;
        if (char.IsHighSurrogate(c) && _pos + 1 < _pattern.Length && char.IsLowSurrogate(_pattern[_pos + 1]))
        {
            _pos += 2;
            return char.ConvertToUtf32(c, _pattern[_pos - 1]);
        }

        if (char.IsSurrogate(c))
            throw Invalid();
        _pos++;
        return c;
    }

    private void Expect(char c)
    {
        if (AtEnd || Peek != c)
            throw Invalid();
        _pos++;
    }

    private static FormatException Invalid() => new("not an I-Regexp");
}
