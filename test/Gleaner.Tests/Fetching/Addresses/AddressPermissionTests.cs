using System.Net;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

public class AddressPermissionTests
{
    // One address per class, with whether PublicOnly, AllowPrivate and Any let a connection reach it.
    public static TheoryData<string, AddressClass, bool, bool> Matrix => new()
    {
        { "93.184.215.14", AddressClass.Public, true, true },
        { "2606:4700:4700::1111", AddressClass.Public, true, true },
        { "127.0.0.1", AddressClass.Loopback, false, true },
        { "::1", AddressClass.Loopback, false, true },
        { "::ffff:127.0.0.1", AddressClass.Loopback, false, true },
        { "10.0.0.1", AddressClass.Private, false, true },
        { "192.168.1.10", AddressClass.Private, false, true },
        { "fec0::1", AddressClass.Private, false, true },
        { "100.64.0.1", AddressClass.SharedAddressSpace, false, true },
        { "fd12:3456::1", AddressClass.UniqueLocal, false, true },
        { "fd00:ec2::254", AddressClass.UniqueLocal, false, true },
        { "169.254.169.254", AddressClass.LinkLocal, false, false },
        { "::ffff:169.254.169.254", AddressClass.LinkLocal, false, false },
        { "fe80::1", AddressClass.LinkLocal, false, false },
        { "224.0.0.1", AddressClass.Multicast, false, false },
        { "ff02::1", AddressClass.Multicast, false, false },
        { "0.0.0.0", AddressClass.Unspecified, false, false },
        { "::", AddressClass.Unspecified, false, false },
        { "240.0.0.1", AddressClass.Reserved, false, false },
        { "2001::1", AddressClass.Reserved, false, false },
        { "192.0.2.1", AddressClass.Documentation, false, false },
        { "2001:db8::1", AddressClass.Documentation, false, false },
        { "198.18.0.1", AddressClass.Benchmarking, false, false },
        { "255.255.255.255", AddressClass.Broadcast, false, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void IsAllowed_EachPermission_FollowsPolicy(string text, AddressClass expectedClass, bool publicOnly, bool allowPrivate)
    {
        var address = IPAddress.Parse(text);
        Assert.Equal(expectedClass, AddressClassifier.Classify(address));
        Assert.Equal(publicOnly, AddressClassifier.IsAllowed(address, AddressPermission.PublicOnly));
        Assert.Equal(allowPrivate, AddressClassifier.IsAllowed(address, AddressPermission.AllowPrivate));
        Assert.True(AddressClassifier.IsAllowed(address, AddressPermission.Any));
    }

    [Fact]
    public void Matrix_CoversEveryAddressClass()
    {
        var covered = Matrix.Select(r => r.Data.Item2).ToHashSet();
        Assert.Equal(Enum.GetValues<AddressClass>().ToHashSet(), covered);
    }
}
