using System.Xml.XPath;

namespace Gleaner.Extraction;

/// <summary>
/// A node iterator of a <see cref="CancellableNavigator"/>'s inner navigator (System.Xml's own descendant and child
/// scans, which are much faster than the base class's), that checks the token before each step and hands out its
/// nodes wrapped, so nothing reached through it escapes the token.
/// </summary>
internal sealed class CancellableIterator(XPathNodeIterator inner, CancellationToken cancellationToken) : XPathNodeIterator
{
    private CancellableNavigator? _current;

    // The inner iterator moves one navigator along, so one wrapper follows it; a new one only if it hands out another.
    public override XPathNavigator? Current => inner.Current is { } node
        ? _current is not null && _current.Wraps(node) ? _current : _current = new CancellableNavigator(node, cancellationToken)
        : null;

    public override int CurrentPosition => inner.CurrentPosition;

    public override XPathNodeIterator Clone() => new CancellableIterator(inner.Clone(), cancellationToken);

    public override bool MoveNext()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.MoveNext();
    }
}
