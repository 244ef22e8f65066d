using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Gleaner.Extraction;

/// <summary>
/// Extracts the text of the first element a CSS selector matches. The selector is parsed once; each input is
/// parsed as an HTML document by AngleSharp with scripting off and no browsing context, so nothing is fetched
/// or run. The value is the element's text content with character references decoded (<c>45&amp;deg;F</c> →
/// <c>45°F</c>) and white space collapsed and trimmed.
/// </summary>
public sealed class CssStep : IExtractionStep
{
    /// <summary>The rule kind as written in jobs: <c>css</c>.</summary>
    public const string KindName = "css";

    private static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

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
    public string? Apply(string input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The parser is cheap and not documented as thread-safe; one per call keeps the step shareable.
        using var document = new HtmlParser(ParserOptions).ParseDocument(input);
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
