using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// The filter grammar (RFC 9535 section 2.3.5) with the well-typedness rules of section 2.4.3: comparisons take
/// literals, singular queries and ValueType functions; tests take queries and LogicalType or NodesType functions.
/// </summary>
internal sealed partial class JsonPathParser
{
    private static readonly (string Token, ComparisonOperator Operator)[] ComparisonTokens =
    [
        ("==", ComparisonOperator.Equal), ("!=", ComparisonOperator.NotEqual),
        ("<=", ComparisonOperator.LessOrEqual), (">=", ComparisonOperator.GreaterOrEqual),
        ("<", ComparisonOperator.Less), (">", ComparisonOperator.Greater),
    ];

    private FilterExpression ParseLogicalOr()
    {
        var operands = new List<FilterExpression> { ParseLogicalAnd() };
        while (TrySkipBlankThen("||"))
        {
            SkipBlank();
            operands.Add(ParseLogicalAnd());
        }

        return operands.Count == 1 ? operands[0] : new OrExpression([.. operands]);
    }

    private FilterExpression ParseLogicalAnd()
    {
        var operands = new List<FilterExpression> { ParseBasic() };
        while (TrySkipBlankThen("&&"))
        {
            SkipBlank();
            operands.Add(ParseBasic());
        }

        return operands.Count == 1 ? operands[0] : new AndExpression([.. operands]);
    }

    private FilterExpression ParseBasic()
    {
        if (PeekIs('!') && !PeekIs("!="))
        {
            _pos++;
            SkipBlank();
            if (PeekIs('('))
                return new NotExpression(ParseParenthesized());
            var operandStart = _pos;
            var operand = ParsePrimary();
            RequireTest(operand, operandStart);
            if (NextIsComparison())
                throw Error(operandStart, "'!' cannot negate a comparison without parentheses");
            return new NotExpression(operand);
        }

        if (PeekIs('('))
            return ParseParenthesized();

        var leftStart = _pos;
        var left = ParsePrimary();
        if (!TryParseComparisonOperator(out var op))
        {
            RequireTest(left, leftStart);
            return left;
        }

        RequireComparable(left, leftStart);
        SkipBlank();
        var rightStart = _pos;
        var right = ParsePrimary();
        RequireComparable(right, rightStart);
        return new ComparisonExpression(left, op, right);
    }

    private FilterExpression ParseParenthesized()
    {
        _pos++; // '('
        EnterNesting();
        SkipBlank();
        var inner = ParseLogicalOr();
        SkipBlank();
        if (!PeekIs(')'))
            throw Error("expected ')'");
        _pos++;
        _nesting--;
        return inner;
    }

    /// <summary>A literal, a relative or absolute query, or a function call.</summary>
    private FilterExpression ParsePrimary()
    {
        if (AtEnd)
            throw Error("expected an expression");
        var c = Peek;
        if (c is '@' or '$')
        {
            _pos++;
            var segments = ParseSegments(out var singular);
            return new QueryExpression(c == '@', segments, singular);
        }

        if (c is '\'' or '"')
            return new LiteralExpression(JsonValue.Create(ParseStringLiteral()));
        if (c == '-' || char.IsAsciiDigit(c))
            return new LiteralExpression(ParseNumberLiteral());
        if (!char.IsAsciiLetterLower(c))
            throw Error($"expected a literal, a query or a function but found '{c}'");

        var start = _pos;
        while (!AtEnd && (char.IsAsciiLetterLower(Peek) || char.IsAsciiDigit(Peek) || Peek == '_'))
            _pos++;
        var name = _text[start.._pos];
        if (PeekIs('('))
            return ParseFunctionCall(name, start);
        return name switch
        {
            "true" => new LiteralExpression(JsonValue.Create(true)),
            "false" => new LiteralExpression(JsonValue.Create(false)),
            "null" => new LiteralExpression(null),
            _ => throw Error(start, $"unknown word '{name}'"),
        };
    }

    private FunctionExpression ParseFunctionCall(string name, int nameStart)
    {
        if (!JsonPathFunctions.TryGet(name, out var function))
            throw Error(nameStart, $"unknown function '{name}'");
        _pos++; // '('
        EnterNesting();
        SkipBlank();
        var arguments = new List<FilterExpression>();
        if (!PeekIs(')'))
        {
            while (true)
            {
                var argumentStart = _pos;
                var argument = ParseFunctionArgument();
                if (arguments.Count >= function.Parameters.Count)
                    throw Error(argumentStart, $"{name}() takes {function.Parameters.Count} argument(s)");
                RequireArgumentType(function.Parameters[arguments.Count], argument, argumentStart);
                arguments.Add(argument);
                SkipBlank();
                if (!PeekIs(','))
                    break;
                _pos++;
                SkipBlank();
            }
        }

        if (!PeekIs(')'))
            throw Error("expected ',' or ')'");
        _pos++;
        _nesting--;
        if (arguments.Count != function.Parameters.Count)
            throw Error(nameStart, $"{name}() takes {function.Parameters.Count} argument(s)");
        return new FunctionExpression(function, [.. arguments]);
    }

    /// <summary>A literal, query or function as it stands, or else a whole logical expression.</summary>
    private FilterExpression ParseFunctionArgument()
    {
        var start = _pos;
        if (PeekIs('(') || (PeekIs('!') && !PeekIs("!=")))
            return ParseLogicalOr();
        var primary = ParsePrimary();
        var end = _pos;
        SkipBlank();
        var continues = PeekIs("&&") || PeekIs("||") || ComparisonTokens.Any(t => PeekIs(t.Token));
        if (!continues)
        {
            _pos = end;
            return primary;
        }

        _pos = start;
        return ParseLogicalOr();
    }

    private void RequireArgumentType(JsonPathType parameter, FilterExpression argument, int position)
    {
        var ok = parameter switch
        {
            JsonPathType.Value => argument is LiteralExpression
                || argument is QueryExpression { IsSingular: true }
                || argument is FunctionExpression { Type: JsonPathType.Value },
            JsonPathType.Logical => argument.Type == JsonPathType.Logical
                || argument is QueryExpression
                || argument is FunctionExpression { Type: JsonPathType.Nodes },
            _ => argument is QueryExpression || argument is FunctionExpression { Type: JsonPathType.Nodes },
        };
        if (!ok)
            throw Error(position, $"argument is not of the declared type {parameter}Type");
    }

    private void RequireComparable(FilterExpression expression, int position)
    {
        switch (expression)
        {
            case LiteralExpression:
            case QueryExpression { IsSingular: true }:
            case FunctionExpression { Type: JsonPathType.Value }:
                return;
            case QueryExpression:
                throw Error(position, "only a singular query can be compared");
            default:
                throw Error(position, $"a function of result type {expression.Type}Type cannot be compared");
        }
    }

    private void RequireTest(FilterExpression expression, int position)
    {
        switch (expression)
        {
            case QueryExpression:
            case FunctionExpression { Type: JsonPathType.Logical or JsonPathType.Nodes }:
                return;
            case LiteralExpression:
                throw Error(position, "a literal is not a test; compare it with something");
            default:
                throw Error(position, "a function of result type ValueType must be compared");
        }
    }

    private bool TryParseComparisonOperator(out ComparisonOperator op)
    {
        var start = _pos;
        SkipBlank();
        foreach (var (token, candidate) in ComparisonTokens)
        {
            if (PeekIs(token))
            {
                _pos += token.Length;
                op = candidate;
                return true;
            }
        }

        _pos = start;
        op = default;
        return false;
    }

    private bool NextIsComparison()
    {
        var start = _pos;
        var found = TryParseComparisonOperator(out _);
        _pos = start;
        return found;
    }

    private bool TrySkipBlankThen(string token)
    {
        var start = _pos;
        SkipBlank();
        if (PeekIs(token))
        {
            _pos += token.Length;
            return true;
        }

        _pos = start;
        return false;
    }
}
