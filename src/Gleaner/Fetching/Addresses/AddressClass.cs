namespace Gleaner.Fetching.Addresses;

/// <summary>
/// What kind of address an IP address is, after the IANA IPv4 and IPv6 special-purpose address registries.
/// Only <see cref="Public"/> means globally routable unicast; every other value names why an address is not
/// an ordinary internet destination.
/// </summary>
internal enum AddressClass
{
    /// <summary>Globally routable unicast: an ordinary internet address.</summary>
    Public,
    /// <summary>This host: 127.0.0.0/8, ::1.</summary>
    Loopback,
    /// <summary>Private networks: 10/8, 172.16/12, 192.168/16 (RFC 1918) and deprecated IPv6 site-local fec0::/10.</summary>
    Private,
    /// <summary>Carrier-grade NAT space 100.64.0.0/10 (RFC 6598).</summary>
    SharedAddressSpace,
    /// <summary>Link-local 169.254.0.0/16 and fe80::/10; 169.254.169.254 is where clouds serve instance metadata.</summary>
    LinkLocal,
    /// <summary>IPv6 unique-local fc00::/7 (RFC 4193), including metadata services such as fd00:ec2::254.</summary>
    UniqueLocal,
    /// <summary>Multicast 224.0.0.0/4 and ff00::/8.</summary>
    Multicast,
    /// <summary>The unspecified address 0.0.0.0 or ::, which many stacks treat as this host.</summary>
    Unspecified,
    /// <summary>Reserved or special-purpose space that is not globally routable unicast.</summary>
    Reserved,
    /// <summary>Documentation examples: 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.</summary>
    Documentation,
    /// <summary>Benchmarking: 198.18.0.0/15 and 2001:2::/48.</summary>
    Benchmarking,
    /// <summary>The limited broadcast address 255.255.255.255.</summary>
    Broadcast,
}
