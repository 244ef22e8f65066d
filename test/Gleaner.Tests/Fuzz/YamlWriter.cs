using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>A YAML node to write: a scalar's text, text written as it stands (an alias, a tag), a mapping or a list.</summary>
internal abstract record YamlNode
{
    public sealed record Scalar(string Text) : YamlNode;

    public sealed record Verbatim(string Text) : YamlNode;

    public sealed record Mapping(List<(string Key, YamlNode Value)> Entries) : YamlNode;

    public sealed record Sequence(List<YamlNode> Items) : YamlNode;
}

/// <summary>
/// Writes a <see cref="YamlNode"/> tree as YAML, choosing at random among block and flow style, plain, quoted and
/// block scalars, indentation widths (tabs too, rarely), anchors, aliases, tags and complex keys.
/// </summary>
internal sealed class YamlWriter(Random random, bool clean)
{
    private static readonly string[] Tags = ["!!str ", "!!int ", "!!float ", "!!null ", "!!bool ", "!!binary ", "!custom ", "!<tag:yaml.org,2002:str> ", "!!set ", "!!map ", "!!seq "];

    private readonly StringBuilder _text = new();
    private readonly string _step = clean ? "  " : random.Next(20) switch { 0 => "\t", 1 => " ", 2 => "    ", 3 => "   ", _ => "  " };
    private int _anchors;

    public string Write(YamlNode root)
    {
        if (root is YamlNode.Mapping map && random.Next(4) != 0)
        {
            BlockMapping(map, "");
        }
        else
        {
            _text.Append(Inline(root)).Append('\n');
        }

        return _text.ToString();
    }

    private string Decorate()
    {
        var prefix = "";
        if (clean)
        {
            return prefix;
        }

        if (random.Next(30) == 0)
        {
            prefix += $"&a{_anchors++} ";
        }

        if (random.Next(40) == 0)
        {
            prefix += Tags[random.Next(Tags.Length)];
        }

        return prefix;
    }

    private string Alias() => random.Next(_anchors + 1) is var n && n < _anchors ? $"*a{n}" : "*nowhere";

    private string Inline(YamlNode node)
    {
        if (!clean && random.Next(60) == 0)
        {
            return Alias();
        }

        return Decorate() + node switch
        {
            YamlNode.Scalar scalar => ScalarText(scalar.Text, inFlow: true),
            YamlNode.Verbatim verbatim => verbatim.Text,
            YamlNode.Mapping map => "{ " + string.Join(", ", map.Entries.Select(e => $"{Key(e.Key)}: {Inline(e.Value)}")) + " }",
            YamlNode.Sequence list => "[" + string.Join(", ", list.Items.Select(Inline)) + "]",
            _ => "",
        };
    }

    private void BlockMapping(YamlNode.Mapping map, string indent, bool firstLineIndented = true)
    {
        var first = true;
        foreach (var (key, value) in map.Entries)
        {
            _text.Append(first && !firstLineIndented ? "" : indent);
            first = false;
            if (!clean && random.Next(80) == 0)
            {
                _text.Append("? ").Append(Inline(new YamlNode.Sequence([new YamlNode.Scalar(key)]))).Append('\n').Append(indent).Append(':');
            }
            else
            {
                _text.Append(Key(key)).Append(':');
            }

            BlockValue(value, indent);
        }

        if (map.Entries.Count == 0)
        {
            _text.Append(first && !firstLineIndented ? "" : indent).Append("{}\n");
        }
    }

    private void BlockValue(YamlNode value, string indent)
    {
        var nested = indent + _step;
        switch (value)
        {
            // Past a few levels everything is written in flow style, so deep nesting does not mean huge indentation.
            case YamlNode.Mapping { Entries.Count: > 0 } map when indent.Length < 40 && random.Next(3) != 0:
                _text.Append(' ').Append(Decorate().TrimEnd()).Append('\n');
                BlockMapping(map, nested);
                break;
            case YamlNode.Sequence { Items.Count: > 0 } list when indent.Length < 40 && random.Next(3) != 0:
                _text.Append(' ').Append(Decorate().TrimEnd()).Append('\n');
                BlockSequence(list, random.Next(3) == 0 ? indent : nested);
                break;
            case YamlNode.Scalar scalar when random.Next(12) == 0:
                _text.Append(' ').Append(BlockScalar(scalar.Text, nested));
                break;
            default:
                _text.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private void BlockSequence(YamlNode.Sequence list, string indent)
    {
        foreach (var item in list.Items)
        {
            _text.Append(indent).Append('-');
            if (item is YamlNode.Mapping { Entries.Count: > 0 } map && indent.Length < 40 && random.Next(4) != 0)
            {
                _text.Append(' ');
                BlockMapping(map, indent + "  ", firstLineIndented: false);
            }
            else
            {
                BlockValue(item, indent);
            }
        }
    }

    private string Key(string key) => !clean && random.Next(15) == 0 ? ScalarText(key, inFlow: true) : key;

    private string ScalarText(string text, bool inFlow)
    {
        var plainSafe = text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-' or '@' or '$' or '~' or '°')
            && !text.StartsWith('-') && !text.StartsWith('@');
        return random.Next(plainSafe ? 3 : 12) switch
        {
            0 => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
            1 => DoubleQuoted(text),
            2 when !inFlow || !text.Contains(',', StringComparison.Ordinal) => text,
            _ => plainSafe ? text : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        };
    }

    private static string DoubleQuoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append(@"\\"),
                < ' ' or '\u007F' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private string BlockScalar(string text, string indent)
    {
        var header = random.Next(6) switch { 0 => ">", 1 => "|-", 2 => ">+", 3 => "|2", _ => "|" };
        return header + "\n" + string.Concat(text.Split('\n').Select(line => indent + line + "\n"));
    }
}
