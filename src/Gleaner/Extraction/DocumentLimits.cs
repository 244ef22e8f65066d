namespace Gleaner.Extraction;

/// <summary>How far and how large a parser may follow a fetched document. Fixed: pages never need more.</summary>
/// <remarks>
/// The depth is where browsers stop nesting the DOM (Blink and WebKit cap it at 512), far beyond real pages (the
/// NWS forecast page nests 15 elements deep). The parsers' cost and their tree walks grow with the depth, and a
/// recursive walk over a tree of 100,000 levels overflows the stack, which no handler can catch.
/// </remarks>
internal static class DocumentLimits
{
    /// <summary>Levels of elements an HTML or XML document may nest, counting the root element as level 1.</summary>
    public const int MaxDepth = 512;

    /// <summary>Levels of arrays and objects a JSON document may nest (System.Text.Json's own default).</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>
    /// What parsing HTML may allocate per character of page. Real pages take about 20 bytes (the 73 KB NWS page takes
    /// 1.5 MiB) and 2 MiB of nothing but tags about 120; a page that makes the parser re-open its formatting elements
    /// over and over (the adoption agency's reconstruction) takes 600 and more, without bound.
    /// </summary>
    public const int ParseBytesPerChar = 128;

    /// <summary>The least a parse may allocate, whatever the page's size.</summary>
    public const long MinParseBytes = 16L << 20;
}
