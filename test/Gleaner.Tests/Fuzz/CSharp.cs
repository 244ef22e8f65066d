using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>Writes an input as a C# string literal, so a failing case can be pasted into a regular test.</summary>
internal static class CSharp
{
    public static string Literal(string text, int maxChars = int.MaxValue)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text.Length > maxChars ? text[..maxChars] : text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                >= ' ' and <= '~' => builder.Append(c),
                _ => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            };
        }

        builder.Append('"');
        return text.Length > maxChars ? $"{builder} (cut at {maxChars} of {text.Length} chars)" : builder.ToString();
    }
}
