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
    /// What parsing HTML may allocate per character of page, on top of <see cref="ParseBytesBase"/>. A 2 MiB page of
    /// nothing but tags takes about 30 bytes a character (the 73 KB NWS page about 20) once the parser's code is
    /// optimised, and up to 150 the first time a process parses, while the JIT still runs it unoptimised (its
    /// scope checks then box for every open element). A page that makes the parser re-open its formatting elements
    /// after every block makes tens of copies per block of markup, without bound: 2 MiB of them allocated 2.4 GB
    /// in 10 seconds.
    /// </summary>
    public const int ParseBytesPerChar = 256;

    /// <summary>What a parse may allocate whatever the page's size.</summary>
    public const long ParseBytesBase = 16L << 20;
}
