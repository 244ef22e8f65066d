using System.Xml;

namespace Gleaner.Extraction;

/// <summary>Resolves every prefix to a placeholder namespace; used only to check an XPath rule at load time.</summary>
internal sealed class AnyPrefixNamespaceManager(XmlNameTable names) : XmlNamespaceManager(names)
{
    public override string? LookupNamespace(string prefix) => base.LookupNamespace(prefix) ?? "urn:gleaner:any-prefix";
}
