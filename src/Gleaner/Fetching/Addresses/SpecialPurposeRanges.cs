using System.Buffers.Binary;
using System.Net;

namespace Gleaner.Fetching.Addresses;

/// <summary>
/// The IANA special-purpose address registries (iana-ipv4-special-registry, iana-ipv6-special-registry) as
/// prefix tables. Where the registry marks a small block "globally reachable" but it never serves web content
/// (192.0.0.9 and .10, and the anycast, AMT, AS112 and ORCHIDv2 blocks inside 2001::/23), the whole
/// enclosing block stays non-public: blocking them costs nothing and keeps the tables simple.
/// </summary>
internal static class SpecialPurposeRanges
{
    private readonly record struct V4Range(uint Network, int Length, AddressClass Class)
    {
        public bool Contains(uint address) => Length == 0 || (address >> (32 - Length)) == (Network >> (32 - Length));
    }

    private readonly record struct V6Range(UInt128 Network, int Length, AddressClass Class)
    {
        public bool Contains(UInt128 address) => (address >> (128 - Length)) == (Network >> (128 - Length));
    }

    // Most specific first: the first range that contains an address decides its class.
    private static readonly V4Range[] V4 =
    [
        V4R("0.0.0.0", 32, AddressClass.Unspecified),
        V4R("0.0.0.0", 8, AddressClass.Reserved),          // "this network" (RFC 791)
        V4R("10.0.0.0", 8, AddressClass.Private),
        V4R("100.64.0.0", 10, AddressClass.SharedAddressSpace),
        V4R("127.0.0.0", 8, AddressClass.Loopback),
        V4R("169.254.0.0", 16, AddressClass.LinkLocal),    // includes 169.254.169.254, cloud metadata
        V4R("172.16.0.0", 12, AddressClass.Private),
        V4R("192.0.0.0", 24, AddressClass.Reserved),       // IETF protocol assignments, DS-Lite, NAT64 discovery
        V4R("192.0.2.0", 24, AddressClass.Documentation),  // TEST-NET-1
        V4R("192.88.99.0", 24, AddressClass.Reserved),     // deprecated 6to4 relay anycast
        V4R("192.168.0.0", 16, AddressClass.Private),
        V4R("198.18.0.0", 15, AddressClass.Benchmarking),
        V4R("198.51.100.0", 24, AddressClass.Documentation), // TEST-NET-2
        V4R("203.0.113.0", 24, AddressClass.Documentation),  // TEST-NET-3
        V4R("224.0.0.0", 4, AddressClass.Multicast),
        V4R("255.255.255.255", 32, AddressClass.Broadcast),
        V4R("240.0.0.0", 4, AddressClass.Reserved),        // future use
    ];

    private static readonly V6Range[] V6 =
    [
        V6R("::", 128, AddressClass.Unspecified),
        V6R("::1", 128, AddressClass.Loopback),
        V6R("::", 96, AddressClass.Reserved),              // deprecated IPv4-compatible (RFC 4291)
        V6R("100::", 64, AddressClass.Reserved),           // discard-only (RFC 6666)
        V6R("2001:2::", 48, AddressClass.Benchmarking),
        V6R("2001::", 23, AddressClass.Reserved),          // IETF protocol assignments, incl. Teredo 2001::/32
        V6R("2001:db8::", 32, AddressClass.Documentation),
        V6R("3fff::", 20, AddressClass.Documentation),     // RFC 9637
        V6R("5f00::", 16, AddressClass.Reserved),          // SRv6 SIDs (RFC 9602)
        V6R("fc00::", 7, AddressClass.UniqueLocal),
        V6R("fe80::", 10, AddressClass.LinkLocal),
        V6R("fec0::", 10, AddressClass.Private),           // deprecated site-local (RFC 3879), the IPv6 RFC 1918
        V6R("ff00::", 8, AddressClass.Multicast),
        V6R("2000::", 3, AddressClass.Public),             // global unicast; everything else is reserved
    ];

    private static readonly V6Range Ipv4Mapped = V6R("::ffff:0:0", 96, AddressClass.Reserved);
    private static readonly V6Range Nat64WellKnown = V6R("64:ff9b::", 96, AddressClass.Reserved);
    private static readonly V6Range Nat64LocalUse = V6R("64:ff9b:1::", 48, AddressClass.Reserved);
    private static readonly V6Range SixToFour = V6R("2002::", 16, AddressClass.Reserved);

    public static AddressClass ClassifyV4(uint address)
    {
        foreach (var range in V4)
        {
            if (range.Contains(address))
                return range.Class;
        }

        return AddressClass.Public;
    }

    public static AddressClass ClassifyV6(UInt128 address)
    {
        // These forms lead to the IPv4 address they carry, so that address decides.
        if (Ipv4Mapped.Contains(address) || Nat64WellKnown.Contains(address))
            return ClassifyV4((uint)address);
        if (SixToFour.Contains(address))
            return ClassifyV4((uint)(address >> 80));
        if (Nat64LocalUse.Contains(address))
            return ClassifyLocalUseNat64(address);

        foreach (var range in V6)
        {
            if (range.Contains(address))
                return range.Class;
        }

        return AddressClass.Reserved;
    }

    /// <summary>
    /// 64:ff9b:1::/48 (RFC 8215) is subdivided by the operator, who may embed the IPv4 address after a /48, /56,
    /// /64 or /96 prefix (RFC 6052). The address alone does not say which, so every layout whose reserved bits
    /// (the u-octet, bits 64-71, and the suffix after the IPv4 address) are zero is considered, and any that
    /// leads to a non-public address decides. The /96 layout has no reserved bits, so it is always possible.
    /// </summary>
    private static AddressClass ClassifyLocalUseNat64(UInt128 address)
    {
        var uOctet = (byte)(address >> 56);
        if (uOctet == 0)
        {
            Span<(uint Ipv4, UInt128 Suffix)> layouts =
            [
                ((uint)((((address >> 64) & 0xFFFF) << 16) | ((address >> 40) & 0xFFFF)), address & ((UInt128.One << 40) - 1)), // /48
                ((uint)((((address >> 64) & 0xFF) << 24) | ((address >> 32) & 0xFF_FFFF)), address & uint.MaxValue), // /56
                ((uint)(address >> 24), address & ((UInt128.One << 24) - 1)), // /64
            ];
            foreach (var (ipv4, suffix) in layouts)
            {
                var embedded = ClassifyV4(ipv4);
                if (suffix == 0 && embedded != AddressClass.Public)
                    return embedded;
            }
        }

        return ClassifyV4((uint)address);
    }

    private static V4Range V4R(string network, int length, AddressClass addressClass)
    {
        Span<byte> bytes = stackalloc byte[4];
        IPAddress.Parse(network).TryWriteBytes(bytes, out _);
        return new V4Range(BinaryPrimitives.ReadUInt32BigEndian(bytes), length, addressClass);
    }

    private static V6Range V6R(string network, int length, AddressClass addressClass)
    {
        Span<byte> bytes = stackalloc byte[16];
        IPAddress.Parse(network).TryWriteBytes(bytes, out _);
        return new V6Range(BinaryPrimitives.ReadUInt128BigEndian(bytes), length, addressClass);
    }
}
