using System.Net;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

public class AddressClassifierTests
{
    // Each range: its first address, a point inside and its last address, plus the neighbours just outside.
    public static TheoryData<string, AddressClass> Ipv4Rows => new()
    {
        { "0.0.0.0", AddressClass.Unspecified },
        { "0.0.0.1", AddressClass.Reserved },
        { "0.1.2.3", AddressClass.Reserved },
        { "0.255.255.255", AddressClass.Reserved },
        { "1.0.0.0", AddressClass.Public },
        { "9.255.255.255", AddressClass.Public },
        { "10.0.0.0", AddressClass.Private },
        { "10.20.30.40", AddressClass.Private },
        { "10.255.255.255", AddressClass.Private },
        { "11.0.0.0", AddressClass.Public },
        { "100.63.255.255", AddressClass.Public },
        { "100.64.0.0", AddressClass.SharedAddressSpace },
        { "100.100.100.100", AddressClass.SharedAddressSpace },
        { "100.127.255.255", AddressClass.SharedAddressSpace },
        { "100.128.0.0", AddressClass.Public },
        { "126.255.255.255", AddressClass.Public },
        { "127.0.0.0", AddressClass.Loopback },
        { "127.0.0.1", AddressClass.Loopback },
        { "127.255.255.255", AddressClass.Loopback },
        { "128.0.0.0", AddressClass.Public },
        { "169.253.255.255", AddressClass.Public },
        { "169.254.0.0", AddressClass.LinkLocal },
        { "169.254.169.254", AddressClass.LinkLocal },
        { "169.254.255.255", AddressClass.LinkLocal },
        { "169.255.0.0", AddressClass.Public },
        { "172.15.255.255", AddressClass.Public },
        { "172.16.0.0", AddressClass.Private },
        { "172.20.1.1", AddressClass.Private },
        { "172.31.255.255", AddressClass.Private },
        { "172.32.0.0", AddressClass.Public },
        { "191.255.255.255", AddressClass.Public },
        { "192.0.0.0", AddressClass.Reserved },
        { "192.0.0.9", AddressClass.Reserved },
        { "192.0.0.170", AddressClass.Reserved },
        { "192.0.0.255", AddressClass.Reserved },
        { "192.0.1.0", AddressClass.Public },
        { "192.0.1.255", AddressClass.Public },
        { "192.0.2.0", AddressClass.Documentation },
        { "192.0.2.1", AddressClass.Documentation },
        { "192.0.2.255", AddressClass.Documentation },
        { "192.0.3.0", AddressClass.Public },
        { "192.88.98.255", AddressClass.Public },
        { "192.88.99.0", AddressClass.Reserved },
        { "192.88.99.1", AddressClass.Reserved },
        { "192.88.99.255", AddressClass.Reserved },
        { "192.88.100.0", AddressClass.Public },
        { "192.167.255.255", AddressClass.Public },
        { "192.168.0.0", AddressClass.Private },
        { "192.168.1.1", AddressClass.Private },
        { "192.168.255.255", AddressClass.Private },
        { "192.169.0.0", AddressClass.Public },
        { "198.17.255.255", AddressClass.Public },
        { "198.18.0.0", AddressClass.Benchmarking },
        { "198.18.200.1", AddressClass.Benchmarking },
        { "198.19.255.255", AddressClass.Benchmarking },
        { "198.20.0.0", AddressClass.Public },
        { "198.51.99.255", AddressClass.Public },
        { "198.51.100.0", AddressClass.Documentation },
        { "198.51.100.7", AddressClass.Documentation },
        { "198.51.100.255", AddressClass.Documentation },
        { "198.51.101.0", AddressClass.Public },
        { "203.0.112.255", AddressClass.Public },
        { "203.0.113.0", AddressClass.Documentation },
        { "203.0.113.99", AddressClass.Documentation },
        { "203.0.113.255", AddressClass.Documentation },
        { "203.0.114.0", AddressClass.Public },
        { "223.255.255.255", AddressClass.Public },
        { "224.0.0.0", AddressClass.Multicast },
        { "224.0.0.251", AddressClass.Multicast },
        { "239.255.255.255", AddressClass.Multicast },
        { "240.0.0.0", AddressClass.Reserved },
        { "250.1.2.3", AddressClass.Reserved },
        { "255.255.255.254", AddressClass.Reserved },
        { "255.255.255.255", AddressClass.Broadcast },
        { "8.8.8.8", AddressClass.Public },
        { "93.184.215.14", AddressClass.Public },
    };

    public static TheoryData<string, AddressClass> Ipv6Rows => new()
    {
        { "::", AddressClass.Unspecified },
        { "::1", AddressClass.Loopback },
        { "::2", AddressClass.Reserved },
        // Deprecated IPv4-compatible ::a.b.c.d: reserved whatever it embeds.
        { "::8.8.8.8", AddressClass.Reserved },
        { "::127.0.0.1", AddressClass.Reserved },
        { "::ffff:ffff", AddressClass.Reserved },
        // IPv4-mapped ::ffff:0:0/96 takes the class of the IPv4 address it carries.
        { "::ffff:0.0.0.0", AddressClass.Unspecified },
        { "::ffff:8.8.8.8", AddressClass.Public },
        { "::ffff:255.255.255.255", AddressClass.Broadcast },
        { "::fffe:ffff:ffff", AddressClass.Reserved },
        { "::1:0:0:0", AddressClass.Reserved },
        // NAT64 well-known prefix 64:ff9b::/96.
        { "64:ff9b::", AddressClass.Unspecified },
        { "64:ff9b::8.8.8.8", AddressClass.Public },
        { "64:ff9b::ffff:ffff", AddressClass.Broadcast },
        { "64:ff9b::1:0:0", AddressClass.Reserved },
        // Local-use NAT64 64:ff9b:1::/48, any RFC 6052 layout.
        { "64:ff9b:1::8.8.8.8", AddressClass.Public },
        { "64:ff9b:1:ffff:ffff:ffff:808:808", AddressClass.Public },
        { "64:ff9b:1:a00:0:100::", AddressClass.Private },          // /48 layout of 10.0.0.1
        { "64:ff9b:1:7f:0:1::", AddressClass.Loopback },            // /56 layout of 127.0.0.1
        { "64:ff9b:1:0:a9:fea9:fe00:0", AddressClass.LinkLocal },   // /64 layout of 169.254.169.254
        { "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", AddressClass.Broadcast },
        { "64:ff9b:1::", AddressClass.Unspecified },
        { "64:ff9b:2::", AddressClass.Reserved },
        { "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Reserved },
        // Discard-only 100::/64.
        { "100::", AddressClass.Reserved },
        { "100::ffff:ffff:ffff:ffff", AddressClass.Reserved },
        { "100:0:0:1::", AddressClass.Reserved },
        // IETF protocol assignments 2001::/23, Teredo 2001::/32, benchmarking 2001:2::/48.
        { "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Reserved },
        { "2000::", AddressClass.Public },
        { "2001::", AddressClass.Reserved },
        { "2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressClass.Reserved },
        { "2001:1::1", AddressClass.Reserved },
        { "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Reserved },
        { "2001:200::", AddressClass.Public },
        { "2001:2::", AddressClass.Benchmarking },
        { "2001:2:0:ffff::1", AddressClass.Benchmarking },
        { "2001:2:0:ffff:ffff:ffff:ffff:ffff", AddressClass.Benchmarking },
        { "2001:2:1::", AddressClass.Reserved },
        // Documentation 2001:db8::/32 and 3fff::/20.
        { "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Public },
        { "2001:db8::", AddressClass.Documentation },
        { "2001:db8:85a3::8a2e:370:7334", AddressClass.Documentation },
        { "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Documentation },
        { "2001:db9::", AddressClass.Public },
        { "3fff::", AddressClass.Documentation },
        { "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Documentation },
        { "3fff:1000::", AddressClass.Public },
        { "3ffe:ffff::", AddressClass.Public },
        // SRv6 SIDs 5f00::/16.
        { "5f00::", AddressClass.Reserved },
        { "5f00:ffff::1", AddressClass.Reserved },
        { "5eff:ffff::", AddressClass.Reserved },   // outside 2000::/3 anyway
        { "5f01::", AddressClass.Reserved },
        // 6to4 2002::/16 takes the class of the IPv4 address in bits 16-47.
        { "2002:808:808::", AddressClass.Public },
        { "2002::", AddressClass.Unspecified },
        { "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Broadcast },
        { "2003::", AddressClass.Public },
        { "2606:4700:4700::1111", AddressClass.Public },
        { "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Public },
        { "4000::", AddressClass.Reserved },
        { "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Reserved },
        // Unique-local fc00::/7, including fd00:ec2::254 (AWS IMDS over IPv6) and Fly.io's fdaa::3.
        { "fc00::", AddressClass.UniqueLocal },
        { "fd00:ec2::254", AddressClass.UniqueLocal },
        { "fdaa::3", AddressClass.UniqueLocal },
        { "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.UniqueLocal },
        { "fe00::", AddressClass.Reserved },
        { "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Reserved },
        // Link-local fe80::/10, deprecated site-local fec0::/10.
        { "fe80::", AddressClass.LinkLocal },
        { "fe80::1", AddressClass.LinkLocal },
        { "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.LinkLocal },
        { "fec0::", AddressClass.Private },
        { "fec0::1", AddressClass.Private },
        { "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Private },
        // Multicast ff00::/8.
        { "ff00::", AddressClass.Multicast },
        { "ff02::1", AddressClass.Multicast },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass.Multicast },
    };

    // Every IPv6 spelling that leads to one of these IPv4 addresses must classify as the IPv4 address does.
    public static TheoryData<string, AddressClass> EmbeddedIpv4Rows => new()
    {
        { "::ffff:127.0.0.1", AddressClass.Loopback },
        { "::ffff:7f00:1", AddressClass.Loopback },
        { "64:ff9b::127.0.0.1", AddressClass.Loopback },
        { "64:ff9b:1::7f00:1", AddressClass.Loopback },
        { "2002:7f00:1::", AddressClass.Loopback },
        { "2002:7f00:1:1:2:3:4:5", AddressClass.Loopback },
        { "::ffff:10.0.0.1", AddressClass.Private },
        { "64:ff9b::a00:1", AddressClass.Private },
        { "64:ff9b:1::a00:1", AddressClass.Private },
        { "2002:a00:1::", AddressClass.Private },
        { "::ffff:169.254.169.254", AddressClass.LinkLocal },
        { "64:ff9b::169.254.169.254", AddressClass.LinkLocal },
        { "64:ff9b:1::a9fe:a9fe", AddressClass.LinkLocal },
        { "2002:a9fe:a9fe::", AddressClass.LinkLocal },
        { "::ffff:100.64.0.1", AddressClass.SharedAddressSpace },
        { "2002:c0a8:101::1", AddressClass.Private },
    };

    [Theory]
    [MemberData(nameof(Ipv4Rows))]
    [MemberData(nameof(Ipv6Rows))]
    [MemberData(nameof(EmbeddedIpv4Rows))]
    public void Classify_SpecialPurposeRegistry_ReturnsRangeClass(string address, AddressClass expected)
    {
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("fe80::1%2", AddressClass.LinkLocal)]
    [InlineData("fe80::1%lo", AddressClass.LinkLocal)]
    [InlineData("ff02::1%3", AddressClass.Multicast)]
    [InlineData("2606:4700::1%7", AddressClass.Public)]
    [InlineData("fd00:ec2::254%1", AddressClass.UniqueLocal)]
    public void Classify_ScopeId_DoesNotChangeClass(string address, AddressClass expected)
    {
        var parsed = IPAddress.Parse(address);
        Assert.Equal(expected, AddressClassifier.Classify(parsed));
        parsed.ScopeId = 0;
        Assert.Equal(expected, AddressClassifier.Classify(parsed));
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
