namespace Gleaner.Politeness.Domains;

/// <summary>What a node of the suffix trie says about the name that ends there.</summary>
internal enum SuffixRuleKind : byte
{
    /// <summary>No rule ends here; the node only leads to longer rules.</summary>
    None,

    /// <summary>A normal or wildcard rule: the name is a public suffix.</summary>
    Normal,

    /// <summary>An exception rule (<c>!name</c>): the name is not a public suffix, its parent is.</summary>
    Exception,
}
