using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Gleaner.Extraction;

/// <summary>
/// Extracts the text of the first element a CSS selector matches. The selector is parsed once; each input is
/// parsed as an HTML document by AngleSharp with scripting off and no browsing context, so nothing is fetched
/// or run. The value is the element's text content with character references decoded (<c>45&amp;deg;F</c> →
/// <c>45°F</c>) and white space collapsed and trimmed.
/// </summary>
/// <remarks>
/// A page that nests deeper than 512 elements, or whose parse would build far more than its size, throws
/// <see cref="DocumentLimitException"/> (see <c>BoundedHtmlParser</c>).
/// </remarks>
internal sealed class CssStep : IExtractionStep, ICancellableStep
{
    /// <summary>The rule kind as written in jobs: <c>css</c>.</summary>
    public const string KindName = "css";

    private readonly ISelector _selector;

    /// <summary>Parses <paramref name="selector"/>; throws <see cref="RuleException"/> if it is not a valid selector.</summary>
    public CssStep(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        Expression = selector;

        // AngleSharp reports an invalid selector as null, without a position, so the error points at the start.
        _selector = string.IsNullOrWhiteSpace(selector)
            ? throw new RuleException(KindName, selector, 0, "the selector is empty")
            : new CssSelectorParser().ParseSelector(selector)
                ?? throw new RuleException(KindName, selector, 0, "not a valid CSS selector (AngleSharp could not parse it)");
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public string Expression { get; }

    /// <summary>Returns the first match's collapsed text, or null if no element matches.</summary>
    /// <exception cref="DocumentLimitException">The page nests too deep, or parsing it would build too much.</exception>
    public string? Apply(string input) => Apply(input, CancellationToken.None);

    string? ICancellableStep.Apply(string input, CancellationToken cancellationToken) => Apply(input, cancellationToken);

    private string? Apply(string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        using var document = BoundedHtmlParser.Parse(input, cancellationToken);
        foreach (var element in document.Descendants<IElement>())
        {
            if (_selector.Match(element, null))
            {
                return HtmlText.CollapseWhitespace(element.TextContent);
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Expression}";
}
