using System.Xml;
using System.Xml.XPath;

namespace Gleaner.Extraction;

/// <summary>
/// An <see cref="XPathNavigator"/> over another that throws <see cref="OperationCanceledException"/> once a token
/// fires, so an XPath evaluation stops part-way: System.Xml's evaluator takes no token, and every step it takes
/// through a document is a call on a navigator or on one of its clones (which are wrapped too).
/// </summary>
/// <remarks>
/// <para>
/// An expression costs what it moves: <c>count(//a[ancestor::a])</c> over 2 MiB nested 510 deep walks every
/// element's ancestors, 10 s of CPU. Each move, clone and string value checks the token first; none of them costs
/// more than one pass over the document (a string value, or a scan to the next element of a name), so evaluation
/// ends within about one such pass of the token firing.
/// </para>
/// <para>
/// The fast paths that System.Xml's own navigator overrides (scans by name or kind, child and descendant
/// iterators, document order) are passed through, with another navigator unwrapped and an iterator wrapped
/// (<see cref="CancellableIterator"/>): the base class would rebuild them from single moves (evaluating on the NWS
/// DWML page took four times as long), and <c>MoveTo</c>, <c>IsSamePosition</c> and <c>ComparePosition</c> only recognise their own kind.
/// </para>
/// </remarks>
internal sealed class CancellableNavigator(XPathNavigator inner, CancellationToken cancellationToken) : XPathNavigator
{
    public override XPathNodeType NodeType => inner.NodeType;

    public override string LocalName => inner.LocalName;

    public override string Name => inner.Name;

    public override string NamespaceURI => inner.NamespaceURI;

    public override string Prefix => inner.Prefix;

    public override string BaseURI => inner.BaseURI;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override XmlNameTable NameTable => inner.NameTable;

    public override object? UnderlyingObject => inner.UnderlyingObject;

    public override bool HasAttributes => inner.HasAttributes;

    public override bool HasChildren => inner.HasChildren;

    public override string Value
    {
        get
        {
            cancellationToken.ThrowIfCancellationRequested();
            return inner.Value;
        }
    }

    public override XPathNavigator Clone()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new CancellableNavigator(inner.Clone(), cancellationToken);
    }

    public override bool MoveTo(XPathNavigator other) => inner.MoveTo(Unwrap(other)!);

    public override bool IsSamePosition(XPathNavigator other) => inner.IsSamePosition(Unwrap(other)!);

    public override XmlNodeOrder ComparePosition(XPathNavigator? nav)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.ComparePosition(Unwrap(nav));
    }

    public override bool IsDescendant(XPathNavigator? nav)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.IsDescendant(Unwrap(nav));
    }

    public override bool MoveToFirstChild() => Check() && inner.MoveToFirstChild();

    public override bool MoveToNext() => Check() && inner.MoveToNext();

    public override bool MoveToPrevious() => Check() && inner.MoveToPrevious();

    public override bool MoveToParent() => Check() && inner.MoveToParent();

    public override void MoveToRoot()
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.MoveToRoot();
    }

    public override bool MoveToId(string id) => Check() && inner.MoveToId(id);

    public override bool MoveToFirstAttribute() => Check() && inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => Check() && inner.MoveToNextAttribute();

    public override bool MoveToAttribute(string localName, string namespaceURI) => Check() && inner.MoveToAttribute(localName, namespaceURI);

    public override bool MoveToFirstNamespace(XPathNamespaceScope namespaceScope) => Check() && inner.MoveToFirstNamespace(namespaceScope);

    public override bool MoveToNextNamespace(XPathNamespaceScope namespaceScope) => Check() && inner.MoveToNextNamespace(namespaceScope);

    public override bool MoveToChild(string localName, string namespaceURI) => Check() && inner.MoveToChild(localName, namespaceURI);

    public override bool MoveToChild(XPathNodeType type) => Check() && inner.MoveToChild(type);

    public override bool MoveToNext(string localName, string namespaceURI) => Check() && inner.MoveToNext(localName, namespaceURI);

    public override bool MoveToNext(XPathNodeType type) => Check() && inner.MoveToNext(type);

    public override bool MoveToFollowing(string localName, string namespaceURI, XPathNavigator? end) =>
        Check() && inner.MoveToFollowing(localName, namespaceURI, Unwrap(end));

    public override bool MoveToFollowing(XPathNodeType type, XPathNavigator? end) =>
        Check() && inner.MoveToFollowing(type, Unwrap(end));

    public override XPathNodeIterator SelectChildren(XPathNodeType type) =>
        new CancellableIterator(inner.SelectChildren(type), cancellationToken);

    public override XPathNodeIterator SelectChildren(string name, string namespaceURI) =>
        new CancellableIterator(inner.SelectChildren(name, namespaceURI), cancellationToken);

    public override XPathNodeIterator SelectDescendants(XPathNodeType type, bool matchSelf) =>
        new CancellableIterator(inner.SelectDescendants(type, matchSelf), cancellationToken);

    public override XPathNodeIterator SelectDescendants(string name, string namespaceURI, bool matchSelf) =>
        new CancellableIterator(inner.SelectDescendants(name, namespaceURI, matchSelf), cancellationToken);

    /// <summary>True when this wraps <paramref name="navigator"/> itself.</summary>
    public bool Wraps(XPathNavigator navigator) => ReferenceEquals(inner, navigator);

    private static XPathNavigator? Unwrap(XPathNavigator? other) => other is CancellableNavigator wrapped ? wrapped.Inner : other;

    private XPathNavigator Inner => inner;

    // True, so a move reads as one expression: check, then move.
    private bool Check()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }
}
