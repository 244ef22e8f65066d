using System.Diagnostics.CodeAnalysis;

namespace Gleaner.Fetching.Addresses;

/// <summary>Which classes of address a connection may reach (see <see cref="AddressClassifier.IsAllowed"/>).</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A permission over addresses, not a code-access-security permission type.")]
internal enum AddressPermission
{
    /// <summary>Only <see cref="AddressClass.Public"/> addresses: the default for every connection.</summary>
    PublicOnly,

    /// <summary>
    /// The user's <c>allow_private</c>: also loopback, private, shared (CGNAT) and unique-local addresses, but never
    /// link-local (cloud metadata), multicast, broadcast, unspecified or reserved ones.
    /// </summary>
    AllowPrivate,

    /// <summary>Every address; only for an IP literal origin that the user named themselves.</summary>
    Any,
}
