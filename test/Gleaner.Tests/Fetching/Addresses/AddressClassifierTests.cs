using System.Net;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

public class AddressClassifierTests
{
    // Each range: its first address, a point inside and its last address, plus the neighbours just outside.
    public static TheoryData<string, string> Ipv4Rows => new()
    {
        { "0.0.0.0", nameof(AddressClass.Unspecified) },
        { "0.0.0.1", nameof(AddressClass.Reserved) },
        { "0.1.2.3", nameof(AddressClass.Reserved) },
        { "0.255.255.255", nameof(AddressClass.Reserved) },
        { "1.0.0.0", nameof(AddressClass.Public) },
        { "9.255.255.255", nameof(AddressClass.Public) },
        { "10.0.0.0", nameof(AddressClass.Private) },
        { "10.20.30.40", nameof(AddressClass.Private) },
        { "10.255.255.255", nameof(AddressClass.Private) },
        { "11.0.0.0", nameof(AddressClass.Public) },
        { "100.63.255.255", nameof(AddressClass.Public) },
        { "100.64.0.0", nameof(AddressClass.SharedAddressSpace) },
        { "100.100.100.100", nameof(AddressClass.SharedAddressSpace) },
        { "100.127.255.255", nameof(AddressClass.SharedAddressSpace) },
        { "100.128.0.0", nameof(AddressClass.Public) },
        { "126.255.255.255", nameof(AddressClass.Public) },
        { "127.0.0.0", nameof(AddressClass.Loopback) },
        { "127.0.0.1", nameof(AddressClass.Loopback) },
        { "127.255.255.255", nameof(AddressClass.Loopback) },
        { "128.0.0.0", nameof(AddressClass.Public) },
        { "169.253.255.255", nameof(AddressClass.Public) },
        { "169.254.0.0", nameof(AddressClass.LinkLocal) },
        { "169.254.169.254", nameof(AddressClass.LinkLocal) },
        { "169.254.255.255", nameof(AddressClass.LinkLocal) },
        { "169.255.0.0", nameof(AddressClass.Public) },
        { "172.15.255.255", nameof(AddressClass.Public) },
        { "172.16.0.0", nameof(AddressClass.Private) },
        { "172.20.1.1", nameof(AddressClass.Private) },
        { "172.31.255.255", nameof(AddressClass.Private) },
        { "172.32.0.0", nameof(AddressClass.Public) },
        { "191.255.255.255", nameof(AddressClass.Public) },
        { "192.0.0.0", nameof(AddressClass.Reserved) },
        { "192.0.0.9", nameof(AddressClass.Reserved) },
        { "192.0.0.170", nameof(AddressClass.Reserved) },
        { "192.0.0.255", nameof(AddressClass.Reserved) },
        { "192.0.1.0", nameof(AddressClass.Public) },
        { "192.0.1.255", nameof(AddressClass.Public) },
        { "192.0.2.0", nameof(AddressClass.Documentation) },
        { "192.0.2.1", nameof(AddressClass.Documentation) },
        { "192.0.2.255", nameof(AddressClass.Documentation) },
        { "192.0.3.0", nameof(AddressClass.Public) },
        { "192.88.98.255", nameof(AddressClass.Public) },
        { "192.88.99.0", nameof(AddressClass.Reserved) },
        { "192.88.99.1", nameof(AddressClass.Reserved) },
        { "192.88.99.255", nameof(AddressClass.Reserved) },
        { "192.88.100.0", nameof(AddressClass.Public) },
        { "192.167.255.255", nameof(AddressClass.Public) },
        { "192.168.0.0", nameof(AddressClass.Private) },
        { "192.168.1.1", nameof(AddressClass.Private) },
        { "192.168.255.255", nameof(AddressClass.Private) },
        { "192.169.0.0", nameof(AddressClass.Public) },
        { "198.17.255.255", nameof(AddressClass.Public) },
        { "198.18.0.0", nameof(AddressClass.Benchmarking) },
        { "198.18.200.1", nameof(AddressClass.Benchmarking) },
        { "198.19.255.255", nameof(AddressClass.Benchmarking) },
        { "198.20.0.0", nameof(AddressClass.Public) },
        { "198.51.99.255", nameof(AddressClass.Public) },
        { "198.51.100.0", nameof(AddressClass.Documentation) },
        { "198.51.100.7", nameof(AddressClass.Documentation) },
        { "198.51.100.255", nameof(AddressClass.Documentation) },
        { "198.51.101.0", nameof(AddressClass.Public) },
        { "203.0.112.255", nameof(AddressClass.Public) },
        { "203.0.113.0", nameof(AddressClass.Documentation) },
        { "203.0.113.99", nameof(AddressClass.Documentation) },
        { "203.0.113.255", nameof(AddressClass.Documentation) },
        { "203.0.114.0", nameof(AddressClass.Public) },
        { "223.255.255.255", nameof(AddressClass.Public) },
        { "224.0.0.0", nameof(AddressClass.Multicast) },
        { "224.0.0.251", nameof(AddressClass.Multicast) },
        { "239.255.255.255", nameof(AddressClass.Multicast) },
        { "240.0.0.0", nameof(AddressClass.Reserved) },
        { "250.1.2.3", nameof(AddressClass.Reserved) },
        { "255.255.255.254", nameof(AddressClass.Reserved) },
        { "255.255.255.255", nameof(AddressClass.Broadcast) },
        { "8.8.8.8", nameof(AddressClass.Public) },
        { "93.184.215.14", nameof(AddressClass.Public) },
    };

    public static TheoryData<string, string> Ipv6Rows => new()
    {
        { "::", nameof(AddressClass.Unspecified) },
        { "::1", nameof(AddressClass.Loopback) },
        { "::2", nameof(AddressClass.Reserved) },
        // Deprecated IPv4-compatible ::a.b.c.d: reserved whatever it embeds.
        { "::8.8.8.8", nameof(AddressClass.Reserved) },
        { "::127.0.0.1", nameof(AddressClass.Reserved) },
        { "::ffff:ffff", nameof(AddressClass.Reserved) },
        // IPv4-mapped ::ffff:0:0/96 takes the class of the IPv4 address it carries.
        { "::ffff:0.0.0.0", nameof(AddressClass.Unspecified) },
        { "::ffff:8.8.8.8", nameof(AddressClass.Public) },
        { "::ffff:255.255.255.255", nameof(AddressClass.Broadcast) },
        { "::fffe:ffff:ffff", nameof(AddressClass.Reserved) },
        { "::1:0:0:0", nameof(AddressClass.Reserved) },
        // NAT64 well-known prefix 64:ff9b::/96.
        { "64:ff9b::", nameof(AddressClass.Unspecified) },
        { "64:ff9b::8.8.8.8", nameof(AddressClass.Public) },
        { "64:ff9b::ffff:ffff", nameof(AddressClass.Broadcast) },
        { "64:ff9b::1:0:0", nameof(AddressClass.Reserved) },
        // Local-use NAT64 64:ff9b:1::/48, any RFC 6052 layout.
        { "64:ff9b:1::8.8.8.8", nameof(AddressClass.Public) },
        { "64:ff9b:1:ffff:ffff:ffff:808:808", nameof(AddressClass.Public) },
        { "64:ff9b:1:a00:0:100::", nameof(AddressClass.Private) },          // /48 layout of 10.0.0.1
        { "64:ff9b:1:7f:0:1::", nameof(AddressClass.Loopback) },            // /56 layout of 127.0.0.1
        { "64:ff9b:1:0:a9:fea9:fe00:0", nameof(AddressClass.LinkLocal) },   // /64 layout of 169.254.169.254
        { "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Broadcast) },
        { "64:ff9b:1::", nameof(AddressClass.Unspecified) },
        { "64:ff9b:2::", nameof(AddressClass.Reserved) },
        { "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        // Discard-only 100::/64.
        { "100::", nameof(AddressClass.Reserved) },
        { "100::ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        { "100:0:0:1::", nameof(AddressClass.Reserved) },
        // IETF protocol assignments 2001::/23, Teredo 2001::/32, benchmarking 2001:2::/48.
        { "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        { "2000::", nameof(AddressClass.Public) },
        { "2001::", nameof(AddressClass.Reserved) },
        { "2001:0:4136:e378:8000:63bf:3fff:fdd2", nameof(AddressClass.Reserved) },
        { "2001:1::1", nameof(AddressClass.Reserved) },
        { "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        { "2001:200::", nameof(AddressClass.Public) },
        { "2001:2::", nameof(AddressClass.Benchmarking) },
        { "2001:2:0:ffff::1", nameof(AddressClass.Benchmarking) },
        { "2001:2:0:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Benchmarking) },
        { "2001:2:1::", nameof(AddressClass.Reserved) },
        // Documentation 2001:db8::/32 and 3fff::/20.
        { "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Public) },
        { "2001:db8::", nameof(AddressClass.Documentation) },
        { "2001:db8:85a3::8a2e:370:7334", nameof(AddressClass.Documentation) },
        { "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Documentation) },
        { "2001:db9::", nameof(AddressClass.Public) },
        { "3fff::", nameof(AddressClass.Documentation) },
        { "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Documentation) },
        { "3fff:1000::", nameof(AddressClass.Public) },
        { "3ffe:ffff::", nameof(AddressClass.Public) },
        // SRv6 SIDs 5f00::/16.
        { "5f00::", nameof(AddressClass.Reserved) },
        { "5f00:ffff::1", nameof(AddressClass.Reserved) },
        { "5eff:ffff::", nameof(AddressClass.Reserved) },   // outside 2000::/3 anyway
        { "5f01::", nameof(AddressClass.Reserved) },
        // 6to4 2002::/16 takes the class of the IPv4 address in bits 16-47.
        { "2002:808:808::", nameof(AddressClass.Public) },
        { "2002::", nameof(AddressClass.Unspecified) },
        { "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Broadcast) },
        { "2003::", nameof(AddressClass.Public) },
        { "2606:4700:4700::1111", nameof(AddressClass.Public) },
        { "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Public) },
        { "4000::", nameof(AddressClass.Reserved) },
        { "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        // Unique-local fc00::/7, including fd00:ec2::254 (AWS IMDS over IPv6) and Fly.io's fdaa::3.
        { "fc00::", nameof(AddressClass.UniqueLocal) },
        { "fd00:ec2::254", nameof(AddressClass.UniqueLocal) },
        { "fdaa::3", nameof(AddressClass.UniqueLocal) },
        { "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.UniqueLocal) },
        { "fe00::", nameof(AddressClass.Reserved) },
        { "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Reserved) },
        // Link-local fe80::/10, deprecated site-local fec0::/10.
        { "fe80::", nameof(AddressClass.LinkLocal) },
        { "fe80::1", nameof(AddressClass.LinkLocal) },
        { "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.LinkLocal) },
        { "fec0::", nameof(AddressClass.Private) },
        { "fec0::1", nameof(AddressClass.Private) },
        { "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Private) },
        // Multicast ff00::/8.
        { "ff00::", nameof(AddressClass.Multicast) },
        { "ff02::1", nameof(AddressClass.Multicast) },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", nameof(AddressClass.Multicast) },
    };

    // Every IPv6 spelling that leads to one of these IPv4 addresses must classify as the IPv4 address does.
    public static TheoryData<string, string> EmbeddedIpv4Rows => new()
    {
        { "::ffff:127.0.0.1", nameof(AddressClass.Loopback) },
        { "::ffff:7f00:1", nameof(AddressClass.Loopback) },
        { "64:ff9b::127.0.0.1", nameof(AddressClass.Loopback) },
        { "64:ff9b:1::7f00:1", nameof(AddressClass.Loopback) },
        { "2002:7f00:1::", nameof(AddressClass.Loopback) },
        { "2002:7f00:1:1:2:3:4:5", nameof(AddressClass.Loopback) },
        { "::ffff:10.0.0.1", nameof(AddressClass.Private) },
        { "64:ff9b::a00:1", nameof(AddressClass.Private) },
        { "64:ff9b:1::a00:1", nameof(AddressClass.Private) },
        { "2002:a00:1::", nameof(AddressClass.Private) },
        { "::ffff:169.254.169.254", nameof(AddressClass.LinkLocal) },
        { "64:ff9b::169.254.169.254", nameof(AddressClass.LinkLocal) },
        { "64:ff9b:1::a9fe:a9fe", nameof(AddressClass.LinkLocal) },
        { "2002:a9fe:a9fe::", nameof(AddressClass.LinkLocal) },
        { "::ffff:100.64.0.1", nameof(AddressClass.SharedAddressSpace) },
        { "2002:c0a8:101::1", nameof(AddressClass.Private) },
    };

    [Theory]
    [MemberData(nameof(Ipv4Rows))]
    [MemberData(nameof(Ipv6Rows))]
    [MemberData(nameof(EmbeddedIpv4Rows))]
    public void Classify_SpecialPurposeRegistry_ReturnsRangeClass(string address, string expected)
    {
        Assert.Equal(Enum.Parse<AddressClass>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("fe80::1%2", nameof(AddressClass.LinkLocal))]
    [InlineData("fe80::1%lo", nameof(AddressClass.LinkLocal))]
    [InlineData("ff02::1%3", nameof(AddressClass.Multicast))]
    [InlineData("2606:4700::1%7", nameof(AddressClass.Public))]
    [InlineData("fd00:ec2::254%1", nameof(AddressClass.UniqueLocal))]
    public void Classify_ScopeId_DoesNotChangeClass(string address, string expected)
    {
        var parsed = IPAddress.Parse(address);
        Assert.Equal(Enum.Parse<AddressClass>(expected), AddressClassifier.Classify(parsed));
        parsed.ScopeId = 0;
        Assert.Equal(Enum.Parse<AddressClass>(expected), AddressClassifier.Classify(parsed));
    }

    [Fact]
    public void Classify_Ipv4MappedFromMapToIPv6_MatchesIpv4()
    {
        foreach (var address in Ipv4Rows.Select(r => r.Data.Item1))
        {
            var ipv4 = IPAddress.Parse(address);
            Assert.Equal(AddressClassifier.Classify(ipv4), AddressClassifier.Classify(ipv4.MapToIPv6()));
        }
    }

    [Fact]
    public void Classify_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => AddressClassifier.Classify(null!));
    }

    [Fact]
    public void Describe_EveryClass_IsShortLowercaseWords()
    {
        foreach (var addressClass in Enum.GetValues<AddressClass>())
            Assert.Matches("^[a-z][a-zA-Z0-9 ()-]*$", addressClass.Describe());
        Assert.Equal("loopback", AddressClass.Loopback.Describe());
        Assert.Equal("private", AddressClass.Private.Describe());
        Assert.Equal("link-local (cloud metadata)", AddressClass.LinkLocal.Describe());
    }
}
