using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gleaner.Jobs;

/// <summary>
/// Reads a job file's YAML with YamlDotNet's event parser into <see cref="JobNode"/>s that keep every position.
/// Refuses what a job file never needs and an attacker could use: aliases (billion laughs), nesting deeper than
/// <see cref="JobFileLimits.MaxDepth"/>, duplicate keys, non-scalar keys and more than one document.
/// </summary>
/// <remarks>
/// The tree is built with an explicit stack, not by recursion, so no input can overflow the call stack. A YAML
/// syntax error stops the reading (the parser cannot go on); aliases and key problems are all collected first.
/// When any problem is found the schema is not read, so a broken structure does not echo as a cascade of
/// follow-on errors.
/// </remarks>
internal static class YamlTreeReader
{
    /// <summary>Reads <paramref name="text"/>; returns the root node, or null after adding the problems to <paramref name="errors"/>.</summary>
    public static JobNode? Read(string text, JobErrors errors)
    {
        var before = errors.Count;
        var stack = new Stack<Frame>();
        JobNode? root = null;
        var documents = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            var reached = Mark.Empty;
            while (!errors.Full && MoveNext(parser, ref reached))
            {
                switch (parser.Current)
                {
                    case DocumentStart start:
                        if (++documents > 1)
                        {
                            errors.Add(Line(start.Start), Column(start.Start), "a job file holds one YAML document; this is a second one");
                            return null;
                        }

                        break;
                    case Scalar scalar:
                        Complete(stack, ToNode(scalar, text), errors, ref root);
                        break;
                    case AnchorAlias alias:
                        errors.Add(Line(alias.Start), Column(alias.Start),
                            $"YAML aliases (*{alias.Value}) are not allowed in a job file; write the value out in full{StarHint(text, alias.Start)}");
                        // A stand-in keeps the structure so later aliases are found too; the schema is never read.
                        Complete(stack, new JobScalar(Line(alias.Start), Column(alias.Start), "", isNull: true, null), errors, ref root);
                        break;
                    case NodeEvent start and (MappingStart or SequenceStart):
                        if (stack.Count >= JobFileLimits.MaxDepth)
                        {
                            errors.Add(Line(start.Start), Column(start.Start),
                                $"mappings and lists are nested more than {JobFileLimits.MaxDepth} deep");
                            return null;
                        }

                        stack.Push(new Frame(Line(start.Start), Column(start.Start), start is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd:
                        Complete(stack, stack.Pop().ToNode(), errors, ref root);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            errors.Add(Line(e.Start), Column(e.Start), $"invalid YAML: {LowerFirst(e.Message)}{StarHint(text, e.Start)}");
            return null;
        }

        return errors.Count == before ? root : null;
    }

    // YamlDotNet's scanner has thrown bare exceptions, not YamlException, on some malformed input (an
    // InvalidOperationException for "{ a: b, #c: d }"; see aaubry/YamlDotNet#541). Only the parser's own call is
    // guarded, so a bug here is not mistaken for bad YAML; its failure becomes a syntax error where it stopped.
    private static bool MoveNext(Parser parser, ref Mark reached)
    {
        try
        {
            var more = parser.MoveNext();
            reached = more ? parser.Current!.End : reached;
            return more;
        }
        catch (Exception e) when (e is not YamlException and not OutOfMemoryException)
        {
            throw new YamlException(reached, reached, "The YAML parser could not read past this point.", e);
        }
    }

    private static void Complete(Stack<Frame> stack, JobNode node, JobErrors errors, ref JobNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
        }
        else
        {
            stack.Peek().Add(node, errors);
        }
    }

    private static JobScalar ToNode(Scalar scalar, string text)
    {
        var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
        return new JobScalar(Line(scalar.Start), Column(scalar.Start), scalar.Value, isNull, TextColumn(scalar, text))
        {
            IsPlain = scalar.Style == ScalarStyle.Plain,
        };
    }

    // The raw text of a one-line scalar ends with its value as written (plus a closing quote); when that raw
    // tail equals the decoded value, positions inside the value map to columns. Escapes ('' or \n), folded
    // multi-line scalars and block scalars (| and >) give null, and a rule error then points at the scalar's
    // start and names the position inside the expression instead.
    private static int? TextColumn(Scalar scalar, string text)
    {
        // YamlDotNet gives an empty scalar after a tag ("key: !") an end before its start.
        if (scalar.Start.Line != scalar.End.Line || scalar.End.Index > text.Length || scalar.Start.Index < 0 || scalar.End.Index < scalar.Start.Index)
        {
            return null;
        }

        var raw = text.AsSpan((int)scalar.Start.Index, (int)(scalar.End.Index - scalar.Start.Index));
        var quote = scalar.Style switch
        {
            ScalarStyle.Plain => "",
            ScalarStyle.SingleQuoted => "'",
            ScalarStyle.DoubleQuoted => "\"",
            _ => null,
        };
        if (quote is null || !raw.EndsWith(string.Concat(quote, scalar.Value, quote), StringComparison.Ordinal))
        {
            return null;
        }

        return Column(scalar.End) - quote.Length - scalar.Value.Length;
    }

    /// <summary>
    /// A hint when a <c>*</c> at <paramref name="mark"/> opens something that is no alias name, such as a cron
    /// expression written without quotes (<c>cron: */5 * * * *</c>): YAML reads it as an alias.
    /// </summary>
    private static string StarHint(string text, Mark mark) =>
        mark.Index >= 0 && mark.Index < text.Length && text[(int)mark.Index] == '*'
        && (mark.Index + 1 == text.Length || !char.IsAsciiLetter(text[(int)mark.Index + 1]))
            ? " (a value that starts with * must be quoted, as in cron: '*/5 * * * *')"
            : "";

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    /// <summary>A mapping or list being read.</summary>
    private sealed class Frame(int line, int column, bool isMapping)
    {
        private readonly List<JobNode> items = [];
        private readonly List<JobEntry> entries = [];
        private readonly Dictionary<string, JobScalar> keys = new(StringComparer.Ordinal);
        private bool hasKey;
        private JobScalar? key;

        public void Add(JobNode node, JobErrors errors)
        {
            if (!isMapping)
            {
                items.Add(node);
            }
            else if (!hasKey)
            {
                hasKey = true;
                key = node as JobScalar;
                if (key is null || key.IsNull)
                {
                    errors.Add(node, $"a key must be a name, not {node.Description}");
                    key = null;
                }
            }
            else
            {
                hasKey = false;
                if (key is null)
                {
                    return;
                }

                if (keys.TryGetValue(key.Value, out var first))
                {
                    errors.Add(key, $"duplicate key '{key.Value}' (first at line {first.Line})");
                }
                else
                {
                    keys.Add(key.Value, key);
                    entries.Add(new JobEntry(key, node));
                }
            }
        }

        public JobNode ToNode() => isMapping ? new JobMap(line, column, entries) : new JobList(line, column, items);
    }
}
