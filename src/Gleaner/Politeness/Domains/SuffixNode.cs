namespace Gleaner.Politeness.Domains;

/// <summary>
/// One label of the suffix trie, walked from the top-level domain leftwards. Built once by the parser and only
/// read afterwards, so concurrent lookups need no locking.
/// </summary>
internal sealed class SuffixNode
{
    private Dictionary<string, SuffixNode>? children;

    // Looks children up by a slice of the host, so a lookup allocates no label strings.
    private Dictionary<string, SuffixNode>.AlternateLookup<ReadOnlySpan<char>> childrenBySpan;

    /// <summary>The rule that ends at this node, if any.</summary>
    public SuffixRuleKind Kind { get; set; }

    /// <summary>The child for a <c>*</c> label, which matches any one label.</summary>
    public SuffixNode? Wildcard { get; private set; }

    /// <summary>The child for exactly <paramref name="label"/>, or null.</summary>
    public SuffixNode? Child(ReadOnlySpan<char> label) =>
        children is not null && childrenBySpan.TryGetValue(label, out var child) ? child : null;

    /// <summary>The child for <paramref name="label"/> (<c>*</c> meaning the wildcard), created if missing.</summary>
    public SuffixNode GetOrAddChild(string label)
    {
        if (label == "*")
            return Wildcard ??= new SuffixNode();

        if (children is null)
        {
            children = new Dictionary<string, SuffixNode>(StringComparer.Ordinal);
            childrenBySpan = children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        if (!children.TryGetValue(label, out var child))
        {
            child = new SuffixNode();
            children.Add(label, child);
        }

        return child;
    }
}
