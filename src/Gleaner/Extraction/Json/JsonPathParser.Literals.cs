using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>The lexical part of the parser: blank space, integers, number and string literals.</summary>
internal sealed partial class JsonPathParser
{
    /// <summary>I-JSON's exact integer range, which RFC 9535 requires of indices and slice bounds.</summary>
    private const long MaxExactInteger = (1L << 53) - 1;

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r';

    private void SkipBlank()
    {
        while (!AtEnd && IsBlank(Peek))
            _pos++;
    }

    private bool IsIntegerStart() => !AtEnd && (Peek == '-' || char.IsAsciiDigit(Peek));

    private long ParseInteger()
    {
        var start = _pos;
        var negative = PeekIs('-');
        if (negative)
            _pos++;
        if (AtEnd || !char.IsAsciiDigit(Peek))
            throw Error("expected a digit");
        if (Peek == '0')
        {
            _pos++;
            if (negative)
                throw Error(start, "-0 is not an integer here");
            if (!AtEnd && char.IsAsciiDigit(Peek))
                throw Error(start, "an integer has no leading zeros");
            return 0;
        }

        while (!AtEnd && char.IsAsciiDigit(Peek))
            _pos++;
        if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value > MaxExactInteger || value < -MaxExactInteger)
        {
            throw Error(start, $"integer out of the range ±{MaxExactInteger}");
        }

        return value;
    }

    private JsonNode ParseNumberLiteral()
    {
        var start = _pos;
        if (PeekIs('-'))
            _pos++;
        if (PeekIs('0'))
        {
            _pos++;
            if (!AtEnd && char.IsAsciiDigit(Peek))
                throw Error(start, "a number has no leading zeros");
        }
        else
        {
            RequireDigits("expected a digit");
        }

        if (PeekIs('.'))
        {
            _pos++;
            RequireDigits("expected a digit after '.'");
        }

        if (PeekIs('e') || PeekIs('E'))
        {
            _pos++;
            if (PeekIs('+') || PeekIs('-'))
                _pos++;
            RequireDigits("expected a digit in the exponent");
        }

        // The grammar is JSON's, so the node keeps the literal's exact text for comparisons.
        return JsonNode.Parse(_text.AsSpan(start, _pos - start).ToString())!;
    }

    private void RequireDigits(string problem)
    {
        if (AtEnd || !char.IsAsciiDigit(Peek))
            throw Error(problem);
        while (!AtEnd && char.IsAsciiDigit(Peek))
            _pos++;
    }

    private string ParseStringLiteral()
    {
        var quote = Peek;
        var start = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                throw Error(start, "unterminated string");
            var c = Peek;
            if (c == quote)
            {
                _pos++;
                return value.ToString();
            }

            if (c == '\\')
            {
                ParseEscape(quote, value);
                continue;
            }

            if (c < 0x20)
                throw Error($"control character U+{(int)c:X4} must be escaped");
            if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
            {
                value.Append(c).Append(_text[_pos + 1]);
                _pos += 2;
                continue;
            }

            if (char.IsSurrogate(c))
                throw Error("unpaired surrogate");
            value.Append(c);
            _pos++;
        }
    }

    private void ParseEscape(char quote, StringBuilder value)
    {
        var start = _pos++;
        if (AtEnd)
            throw Error(start, "unterminated escape");
        var e = Peek;
        _pos++;
        switch (e)
        {
            case 'b': value.Append('\b'); return;
            case 'f': value.Append('\f'); return;
            case 'n': value.Append('\n'); return;
            case 'r': value.Append('\r'); return;
            case 't': value.Append('\t'); return;
            case '/' or '\\': value.Append(e); return;
            case 'u': break;
            case var q when q == quote: value.Append(q); return;
            default: throw Error(start, $"invalid escape '\\{e}'");
        }

        var unit = ParseHex4(start);
        if (char.IsLowSurrogate(unit))
            throw Error(start, "low surrogate without a high surrogate");
        if (char.IsHighSurrogate(unit))
        {
            if (!PeekIs("\\u"))
                throw Error(start, "high surrogate without a low surrogate");
            var second = _pos;
            _pos += 2;
            var low = ParseHex4(second);
            if (!char.IsLowSurrogate(low))
                throw Error(second, "high surrogate without a low surrogate");
            value.Append(unit).Append(low);
            return;
        }

        value.Append(unit);
    }

    private char ParseHex4(int escapeStart)
    {
        if (_pos + 4 > _text.Length
            || !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Error(escapeStart, "\\u needs four hex digits");
        }

        _pos += 4;
        return (char)code;
    }
}
