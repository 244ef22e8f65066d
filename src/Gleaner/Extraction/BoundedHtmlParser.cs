using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Gleaner.Extraction;

/// <summary>
/// Parses HTML with AngleSharp (scripting off, nothing fetched) within <see cref="DocumentLimits"/> and a
/// cancellation token: a page that nests deeper than <see cref="DocumentLimits.MaxDepth"/> is
/// <see cref="Outcome.TooDeep"/>, one whose parse allocates more than its budget is <see cref="Outcome.TooLarge"/>.
/// </summary>
/// <remarks>
/// <para>
/// The depth is measured on the tree AngleSharp builds, not guessed from the markup: elements nest without start
/// tags of their own (implied tbody and tr, formatting elements the adoption agency moves or re-opens), and a model
/// of HTML's tree construction that missed one of those ways could be slipped past. AngleSharp never nests deeper
/// than its <c>MaximumDepth</c>, set one level above the limit, so every walk over the tree is bounded, and an
/// element on that extra level means the page nests too deep.
/// </para>
/// <para>
/// At that level AngleSharp attaches each further element beside the deepest one, at a cost that grows with the
/// elements already there (100,000 nested divs would take minutes). So while parsing, every 64th new element looks
/// at the depth of the one made before it (a walk of at most 513 parents): a page that keeps the parser at its cap
/// is stopped within 64 elements. A page that reaches the extra level only now and then costs little there, and
/// the walk over the finished tree finds it.
/// </para>
/// <para>
/// The same hook watches the memory the parse allocates on this thread against a budget for the page's size
/// (<see cref="DocumentLimits.ParseBytesPerChar"/>): the copies of formatting elements the parser re-opens after
/// each block are made without the hook, so they show only as memory. And it observes the token, so a run's
/// deadline stops the parse.
/// </para>
/// </remarks>
internal static class BoundedHtmlParser
{
    private const int CheckDepthEvery = 64;

    public static IHtmlDocument Parse(string html, CancellationToken cancellationToken)
    {
        var budget = DocumentLimits.ParseBytesBase + ((long)html.Length * DocumentLimits.ParseBytesPerChar);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var created = 0;
        IElement? previous = null;
        var options = new HtmlParserOptions
        {
            IsScripting = false,
            MaximumDepth = DocumentLimits.MaxDepth + 1,
            OnCreated = (element, _) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore > budget)
                {
                    throw DocumentLimitException.TooLarge(html.Length, budget);
                }

                // The element made before this one has been placed in the tree by now.
                if (++created % CheckDepthEvery == 0 && previous is not null && DepthOf(previous) > DocumentLimits.MaxDepth)
                {
                    throw TooDeep();
                }

                previous = element;
            },
        };

        // The parser is cheap and not documented as thread-safe; one per call keeps the steps shareable.
        var document = new HtmlParser(options).ParseDocument(html);
        if (Deepest(document) > DocumentLimits.MaxDepth)
        {
            document.Dispose();
            throw TooDeep();
        }

        return document;
    }

    private static DocumentLimitException TooDeep() => DocumentLimitException.TooDeep("HTML", DocumentLimits.MaxDepth, "elements");

    // Stops one past the limit: that is all the caller needs to know.
    private static int DepthOf(IElement element)
    {
        var depth = 0;
        for (var e = element; e is not null && depth <= DocumentLimits.MaxDepth; e = e.ParentElement)
        {
            depth++;
        }

        return depth;
    }

    // Depth first, without recursion, holding for each open element its children and the next one to visit: the
    // stack is as deep as the tree (at most one past the limit). Children are read by index, because AngleSharp
    // finds an element's next sibling by searching its parent's children, which over a wide tree is quadratic.
    private static int Deepest(IDocument document)
    {
        if (document.DocumentElement is not { } root)
        {
            return 0;
        }

        var open = new Stack<(INodeList Children, int Next)>();
        open.Push((root.ChildNodes, 0));
        var deepest = 1;
        while (open.TryPop(out var parent))
        {
            for (var i = parent.Next; i < parent.Children.Length; i++)
            {
                if (parent.Children[i] is IElement child)
                {
                    open.Push((parent.Children, i + 1));
                    open.Push((child.ChildNodes, 0));
                    deepest = Math.Max(deepest, open.Count);
                    break;
                }
            }
        }

        return deepest;
    }
}
