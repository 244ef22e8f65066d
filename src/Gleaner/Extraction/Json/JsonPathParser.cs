namespace Gleaner.Extraction.Json;

/// <summary>
/// Recursive-descent parser for RFC 9535 queries. This part reads the query, its segments and selectors; the
/// filter grammar and the literals live in the other parts. Any violation of the grammar or of the
/// well-typedness rules throws <see cref="RuleException"/> at the position where it was found.
/// </summary>
internal sealed partial class JsonPathParser
{
    private const int MaxNesting = 64;
    private readonly string _text;
    private int _pos;
    private int _nesting;

    private JsonPathParser(string text) => _text = text;

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    /// <summary>Parses a whole query (<c>$</c> followed by segments) into its segments.</summary>
    public static JsonPathSegment[] Parse(string text)
    {
        var parser = new JsonPathParser(text);
        if (!parser.PeekIs('$'))
            throw parser.Error("a query starts with '$'");
        parser._pos++;
        var segments = parser.ParseSegments(out _);
        if (!parser.AtEnd)
            throw parser.Error($"unexpected '{parser.Peek}'");
        return segments;
    }

    private JsonPathSegment[] ParseSegments(out bool singular)
    {
        var segments = new List<JsonPathSegment>();
        singular = true;
        while (true)
        {
            var beforeBlank = _pos;
            SkipBlank();
            if (!PeekIs('.') && !PeekIs('['))
            {
                // The blank space belongs to whatever follows the query.
                _pos = beforeBlank;
                return [.. segments];
            }

            segments.Add(ParseSegment(out var segmentSingular));
            singular &= segmentSingular;
        }
    }

    private JsonPathSegment ParseSegment(out bool singular)
    {
        if (PeekIs(".."))
        {
            _pos += 2;
            singular = false;
            return PeekIs('[')
                ? new JsonPathSegment(true, ParseBracketedSelection(out _))
                : new JsonPathSegment(true, [ParseShorthand("..")]);
        }

        if (PeekIs('.'))
        {
            _pos++;
            var selector = ParseShorthand(".");
            singular = selector is NameSelector;
            return new JsonPathSegment(false, [selector]);
        }

        return new JsonPathSegment(false, ParseBracketedSelection(out singular));
    }

    private JsonPathSelector ParseShorthand(string after)
    {
        if (PeekIs('*'))
        {
            _pos++;
            return WildcardSelector.Instance;
        }

        var start = _pos;
        var length = NameCharLength(first: true);
        if (length == 0)
            throw Error($"expected a member name, '*' or '[' after '{after}'");
        while (length > 0)
        {
            _pos += length;
            length = NameCharLength(first: false);
        }

        return new NameSelector(_text[start.._pos]);
    }

    /// <summary>The UTF-16 length of the member-name character at the cursor, or 0 when there is none.</summary>
    private int NameCharLength(bool first)
    {
        if (AtEnd)
            return 0;
        var c = Peek;
        if (char.IsAsciiLetter(c) || c == '_')
            return 1;
        if (char.IsAsciiDigit(c))
            return first ? 0 : 1;
        if (c < 0x80)
            return 0;
        if (char.IsHighSurrogate(c))
            return _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]) ? 2 : 0;
        return char.IsLowSurrogate(c) ? 0 : 1;
    }

    private JsonPathSelector[] ParseBracketedSelection(out bool singular)
    {
        _pos++; // '['
        EnterNesting();
        var tight = !AtEnd && !IsBlank(Peek);
        SkipBlank();
        var selectors = new List<JsonPathSelector> { ParseSelector() };
        var afterSelector = _pos;
        SkipBlank();
        while (PeekIs(','))
        {
            _pos++;
            SkipBlank();
            selectors.Add(ParseSelector());
            afterSelector = _pos;
            SkipBlank();
        }

        if (!PeekIs(']'))
            throw Error(AtEnd ? "unclosed '['" : $"expected ',' or ']' but found '{Peek}'");
        _pos++;
        _nesting--;

        // A singular query's segments are written without blank space inside the brackets (RFC 9535 2.3.5.1).
        singular = tight && afterSelector == _pos - 1 && selectors is [NameSelector or IndexSelector];
        return [.. selectors];
    }

    private JsonPathSelector ParseSelector()
    {
        if (AtEnd)
            throw Error("unclosed '['");
        switch (Peek)
        {
            case '\'' or '"':
                return new NameSelector(ParseStringLiteral());
            case '*':
                _pos++;
                return WildcardSelector.Instance;
            case '?':
                _pos++;
                SkipBlank();
                return new FilterSelector(ParseLogicalOr());
            case ':' or '-':
            case var c when char.IsAsciiDigit(c):
                return ParseIndexOrSlice();
            default:
                throw Error($"expected a selector but found '{Peek}'");
        }
    }

    private JsonPathSelector ParseIndexOrSlice()
    {
        long? start = PeekIs(':') ? null : ParseInteger();
        var afterStart = _pos;
        SkipBlank();
        if (!PeekIs(':'))
        {
            _pos = afterStart;
            return new IndexSelector(start!.Value);
        }

        _pos++;
        SkipBlank();
        long? end = IsIntegerStart() ? ParseInteger() : null;
        SkipBlank();
        long? step = null;
        if (PeekIs(':'))
        {
            _pos++;
            SkipBlank();
            step = IsIntegerStart() ? ParseInteger() : null;
        }

        return new SliceSelector(start, end, step);
    }

    private void EnterNesting()
    {
        if (++_nesting > MaxNesting)
            throw Error($"nested deeper than {MaxNesting} levels");
    }

    private bool PeekIs(char c) => !AtEnd && _text[_pos] == c;

    private bool PeekIs(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private RuleException Error(string problem) => Error(_pos, problem);

    private RuleException Error(int position, string problem) => new("jsonpath", _text, position, problem);
}
