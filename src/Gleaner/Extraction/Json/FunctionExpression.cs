using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>A call of a function extension whose arguments the parser has checked against the declared types.</summary>
internal sealed class FunctionExpression(JsonPathFunction function, FilterExpression[] arguments) : FilterExpression
{
    public override JsonPathType Type => function.Result;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root)
    {
        var values = new FilterValue[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var value = arguments[i].Evaluate(current, root);
            values[i] = function.Parameters[i] switch
            {
                JsonPathType.Value => value.AsValue(),
                JsonPathType.Logical => FilterValue.OfLogical(value.AsLogical()),
                _ => value,
            };
        }

        return function.Invoke(values);
    }
}
