namespace Gleaner.Jobs;

/// <summary>A node of a job file's YAML with the one-based position where it starts: the shape the schema reads.</summary>
internal abstract class JobNode(int line, int column)
{
    /// <summary>One-based line of the node's first character (its anchor or tag, if it has one).</summary>
    public int Line { get; } = line;

    /// <summary>One-based column of the node's first character.</summary>
    public int Column { get; } = column;

    /// <summary>What the node is, for "expected X, not Y" messages.</summary>
    public abstract string Description { get; }
}

/// <summary>A scalar, always held as its text; the schema decides how to read it.</summary>
internal sealed class JobScalar(int line, int column, string value, bool isNull, int? textColumn) : JobNode(line, column)
{
    /// <summary>The scalar's text after YAML unquoting and folding.</summary>
    public string Value { get; } = value;

    /// <summary>True for a plain <c>~</c>, <c>null</c> or an empty value (<c>timeout:</c>).</summary>
    public bool IsNull { get; } = isNull;

    /// <summary>
    /// The column of <see cref="Value"/>'s first character when the file holds it verbatim on one line (plain,
    /// or quoted without escapes), so a position inside the value maps to a column; null otherwise.
    /// </summary>
    public int? TextColumn { get; } = textColumn;

    /// <summary>True when written without quotes or a block indicator: only such a scalar can be a number or a boolean in a JSON body.</summary>
    public bool IsPlain { get; init; }

    /// <inheritdoc />
    public override string Description => IsNull ? "an empty value" : "a single value";
}

/// <summary>A mapping, its keys unique and in file order.</summary>
internal sealed class JobMap(int line, int column, IReadOnlyList<JobEntry> entries) : JobNode(line, column)
{
    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<JobEntry> Entries { get; } = entries;

    /// <inheritdoc />
    public override string Description => "a mapping";

    /// <summary>The entry with <paramref name="key"/>, or null.</summary>
    public JobEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }
}

/// <summary>One key and its value.</summary>
internal sealed record JobEntry(JobScalar Key, JobNode Value);

/// <summary>A list (YAML sequence).</summary>
internal sealed class JobList(int line, int column, IReadOnlyList<JobNode> items) : JobNode(line, column)
{
    /// <summary>The items in file order.</summary>
    public IReadOnlyList<JobNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Description => "a list";
}
