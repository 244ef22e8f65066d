using System.Net;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

public class AddressPermissionTests
{
    // One address per class, with whether PublicOnly, AllowPrivate and Any let a connection reach it.
    public static TheoryData<string, string, bool, bool> Matrix => new()
    {
        { "93.184.215.14", nameof(AddressClass.Public), true, true },
        { "2606:4700:4700::1111", nameof(AddressClass.Public), true, true },
        { "127.0.0.1", nameof(AddressClass.Loopback), false, true },
        { "::1", nameof(AddressClass.Loopback), false, true },
        { "::ffff:127.0.0.1", nameof(AddressClass.Loopback), false, true },
        { "10.0.0.1", nameof(AddressClass.Private), false, true },
        { "192.168.1.10", nameof(AddressClass.Private), false, true },
        { "fec0::1", nameof(AddressClass.Private), false, true },
        { "100.64.0.1", nameof(AddressClass.SharedAddressSpace), false, true },
        { "fd12:3456::1", nameof(AddressClass.UniqueLocal), false, true },
        { "fd00:ec2::254", nameof(AddressClass.UniqueLocal), false, true },
        { "169.254.169.254", nameof(AddressClass.LinkLocal), false, false },
        { "::ffff:169.254.169.254", nameof(AddressClass.LinkLocal), false, false },
        { "fe80::1", nameof(AddressClass.LinkLocal), false, false },
        { "224.0.0.1", nameof(AddressClass.Multicast), false, false },
        { "ff02::1", nameof(AddressClass.Multicast), false, false },
        { "0.0.0.0", nameof(AddressClass.Unspecified), false, false },
        { "::", nameof(AddressClass.Unspecified), false, false },
        { "240.0.0.1", nameof(AddressClass.Reserved), false, false },
        { "2001::1", nameof(AddressClass.Reserved), false, false },
        { "192.0.2.1", nameof(AddressClass.Documentation), false, false },
        { "2001:db8::1", nameof(AddressClass.Documentation), false, false },
        { "198.18.0.1", nameof(AddressClass.Benchmarking), false, false },
        { "255.255.255.255", nameof(AddressClass.Broadcast), false, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void IsAllowed_EachPermission_FollowsPolicy(string text, string expectedClass, bool publicOnly, bool allowPrivate)
    {
        var address = IPAddress.Parse(text);
        Assert.Equal(Enum.Parse<AddressClass>(expectedClass), AddressClassifier.Classify(address));
        Assert.Equal(publicOnly, AddressClassifier.IsAllowed(address, AddressPermission.PublicOnly));
        Assert.Equal(allowPrivate, AddressClassifier.IsAllowed(address, AddressPermission.AllowPrivate));
        Assert.True(AddressClassifier.IsAllowed(address, AddressPermission.Any));
    }

    [Fact]
    public void Matrix_CoversEveryAddressClass()
    {
        var covered = Matrix.Select(r => Enum.Parse<AddressClass>(r.Data.Item2)).ToHashSet();
        Assert.Equal(Enum.GetValues<AddressClass>().ToHashSet(), covered);
    }
}
