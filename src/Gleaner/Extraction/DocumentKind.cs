namespace Gleaner.Extraction;

/// <summary>What a document looks like from its first markup.</summary>
internal enum DocumentKind
{
    /// <summary>Does not start with markup: plain text, JSON, an empty body.</summary>
    Text,

    /// <summary>Root element <c>html</c>, or an HTML doctype.</summary>
    Html,

    /// <summary>Any other root element.</summary>
    Xml,
}
