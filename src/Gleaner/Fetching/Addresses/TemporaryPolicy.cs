#pragma warning disable CA1711, CS1591
using System.Net;

namespace Gleaner.Fetching.Addresses;

// Temporary stand-in until the address classifier lands; replaced on merge.
public enum AddressClass { Public, Loopback, Private, SharedAddressSpace, LinkLocal, UniqueLocal, Multicast, Unspecified, Reserved, Documentation, Benchmarking }

public enum AddressPermission { PublicOnly, AllowPrivate, Any }

public static class AddressClassifier
{
    public static AddressClass Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return AddressClass.Loopback;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            if (b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168)) return AddressClass.Private;
            if (b[0] == 169 && b[1] == 254) return AddressClass.LinkLocal;
            if (b[0] == 0) return AddressClass.Unspecified;
            if (b[0] >= 224) return AddressClass.Reserved;
            return AddressClass.Public;
        }
        if (address.IsIPv6LinkLocal) return AddressClass.LinkLocal;
        if ((b[0] & 0xfe) == 0xfc) return AddressClass.UniqueLocal;
        if (address.Equals(IPAddress.IPv6Any)) return AddressClass.Unspecified;
        return AddressClass.Public;
    }

    public static string Describe(this AddressClass c) => c.ToString().ToLowerInvariant();

    public static bool IsAllowed(IPAddress address, AddressPermission permission) => permission switch
    {
        AddressPermission.Any => true,
        AddressPermission.AllowPrivate => Classify(address) is AddressClass.Public or AddressClass.Loopback or AddressClass.Private or AddressClass.UniqueLocal or AddressClass.SharedAddressSpace,
        _ => Classify(address) == AddressClass.Public,
    };
}

public static class TargetUrl
{
    public static bool IsIpLiteral(Uri uri) => uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
}
