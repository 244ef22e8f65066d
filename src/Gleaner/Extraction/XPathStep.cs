using System.Globalization;
using System.Xml;
using System.Xml.XPath;
using HtmlAgilityPack;

namespace Gleaner.Extraction;

/// <summary>
/// Extracts with an XPath 1.0 expression, compiled once. XML documents are read by System.Xml with DTDs ignored,
/// no resolver and a small entity budget; HTML (root <c>&lt;html&gt;</c>, or input that is not markup) is read
/// by HtmlAgilityPack. XML that does not parse is read as HTML, so tag soup still yields a value.
/// </summary>
/// <remarks>
/// Node-sets give the first node's string value, trimmed; an empty node-set is no match. Scalars
/// (<c>string()</c>, <c>number()</c>, <c>count()</c>, booleans) are formatted invariantly; NaN is no match.
/// Namespace prefixes declared anywhere in an XML document (<c>xmlns:yweather="…"</c>) can be used as written.
/// A document that nests deeper than 512 elements throws <see cref="DocumentLimitException"/>: XPath's ancestor
/// axes and HtmlAgilityPack's text walk cost that depth again for every node, and the latter recurses by it.
/// Within the limits an expression can still cost the square of the document (<c>//a[ancestor::a]</c>), so the
/// evaluation walks the document through a <see cref="CancellableNavigator"/> and stops when a run's deadline passes.
/// </remarks>
internal sealed class XPathStep : IExtractionStep, ICancellableStep
{
    /// <summary>The rule kind as written in jobs: <c>xpath</c>.</summary>
    public const string KindName = "xpath";

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    // Mutable (SetContext) and not thread-safe: each evaluation works on a clone.
    private readonly XPathExpression _compiled;

    /// <summary>Compiles <paramref name="expression"/>; throws <see cref="RuleException"/> if it is not valid XPath 1.0.</summary>
    public XPathStep(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        Expression = expression;
        try
        {
            _compiled = XPathExpression.Compile(expression);
            Probe(_compiled.Clone());
        }
        catch (XPathException e)
        {
            // System.Xml does not say where in the expression it gave up.
            throw new RuleException(KindName, expression, 0, e.Message, e);
        }
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public string Expression { get; }

    /// <summary>Returns the value the expression selects, or null for an empty node-set or NaN.</summary>
    /// <remarks>A namespace prefix the document does not declare selects nothing: no match, like a missing element.</remarks>
    /// <exception cref="DocumentLimitException">The document nests deeper than 512 elements.</exception>
    public string? Apply(string input) => Apply(input, CancellationToken.None);

    string? ICancellableStep.Apply(string input, CancellationToken cancellationToken) => Apply(input, cancellationToken);

    private string? Apply(string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (DocumentSniffer.Sniff(input) == DocumentKind.Xml && TryReadXml(input) is { } xml)
        {
            return Evaluate(new CancellableNavigator(xml, cancellationToken), NamespacesOf(xml, cancellationToken), decode: false);
        }

        // HtmlAgilityPack counts the text in the deepest element as a level of its own.
        var html = new HtmlDocument { OptionMaxNestedChildNodes = DocumentLimits.MaxDepth + 1 };
        try
        {
            html.LoadHtml(input);
        }
        catch (Exception e) when (e.GetType() == typeof(Exception))
        {
            // HtmlAgilityPack reports its nesting limit, and only that, as a bare Exception, while it parses.
            throw DocumentLimitException.TooDeep("HTML", DocumentLimits.MaxDepth, "elements");
        }

        // HtmlAgilityPack keeps character references as written in text and attribute values.
        return Evaluate(new CancellableNavigator(html.CreateNavigator()!, cancellationToken), context: null, decode: true);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Expression}";

    /// <summary>
    /// Runs the expression once against an empty document in which every prefix resolves, so an unknown function
    /// or a variable fails when the rule is loaded rather than on the first fetched page.
    /// </summary>
    private static void Probe(XPathExpression expression)
    {
        using var reader = XmlReader.Create(new StringReader("<probe/>"), XmlSettings);
        var empty = new XPathDocument(reader).CreateNavigator();
        expression.SetContext(new AnyPrefixNamespaceManager(empty.NameTable));
        _ = empty.Evaluate(expression);
    }

    private static XPathNavigator? TryReadXml(string input)
    {
        // XmlReader refuses a declaration that is not at the very start; the sniffer already looked past it.
        var text = DocumentSniffer.TrimStart(input).ToString();
        try
        {
            RefuseDeepXml(text);
            using var reader = XmlReader.Create(new StringReader(text), XmlSettings);
            return new XPathDocument(reader).CreateNavigator();
        }
        catch (XmlException)
        {
            return null;
        }
    }

    // System.Xml has no depth limit of its own, so the document is read once, streaming, before it is built: the reader
    // keeps its open elements in an array, and stops at the first element past the limit.
    private static void RefuseDeepXml(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), XmlSettings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= DocumentLimits.MaxDepth)
            {
                throw DocumentLimitException.TooDeep("XML", DocumentLimits.MaxDepth, "elements");
            }
        }
    }

    private static XmlNamespaceManager NamespacesOf(XPathNavigator document, CancellationToken cancellationToken)
    {
        var manager = new XmlNamespaceManager(document.NameTable);
        var elements = document.SelectDescendants(XPathNodeType.Element, matchSelf: false);
        while (elements.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (prefix, uri) in elements.Current!.GetNamespacesInScope(XmlNamespaceScope.Local))
            {
                // The default namespace has no prefix XPath 1.0 could use; the first declaration of a prefix wins.
                if (prefix.Length > 0 && manager.LookupNamespace(prefix) is null)
                {
                    manager.AddNamespace(prefix, uri);
                }
            }
        }

        return manager;
    }

    private string? Evaluate(XPathNavigator navigator, XmlNamespaceManager? context, bool decode)
    {
        var expression = _compiled.Clone();
        object result;
        try
        {
            // SetContext resolves the prefixes, so an undeclared one fails here rather than in Evaluate.
            if (context is not null)
            {
                expression.SetContext(context);
            }

            result = navigator.Evaluate(expression);
        }
        catch (XPathException)
        {
            // Functions and variables were checked at load, so this is a prefix this document does not declare.
            return null;
        }

        var text = result switch
        {
            XPathNodeIterator nodes => nodes.MoveNext() ? nodes.Current!.Value.Trim() : null,
            string s => s,
            double d => double.IsNaN(d) ? null : d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => null,
        };
        return text is not null && decode ? HtmlText.Decode(text) : text;
    }
}
