using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gleaner.Fetching.Addresses;

/// <summary>
/// Classifies IP addresses after the IANA IPv4 and IPv6 special-purpose address registries and decides whether a
/// connection may reach them. Addresses that carry an IPv4 address inside IPv6 (IPv4-mapped, NAT64, 6to4) are
/// classified by the IPv4 address they lead to, because that is where the packets end up.
/// </summary>
internal static class AddressClassifier
{
    /// <summary>Classifies <paramref name="address"/>. An IPv6 scope ID does not change the class.</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        // TryWriteBytes writes the address only, never the scope ID: fe80::1%eth0 classifies as fe80::1.
        address.TryWriteBytes(bytes, out var written);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => SpecialPurposeRanges.ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written])),
            AddressFamily.InterNetworkV6 => SpecialPurposeRanges.ClassifyV6(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written])),
            _ => throw new ArgumentException($"Address family {address.AddressFamily} is not IPv4 or IPv6.", nameof(address)),
        };
    }

    /// <summary>Whether a connection under <paramref name="permission"/> may reach <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, AddressPermission permission)
    {
        var addressClass = Classify(address);
        return permission switch
        {
            AddressPermission.PublicOnly => addressClass == AddressClass.Public,
            AddressPermission.AllowPrivate => addressClass is AddressClass.Public or AddressClass.Loopback
                or AddressClass.Private or AddressClass.SharedAddressSpace or AddressClass.UniqueLocal,
            AddressPermission.Any => true,
            _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Unknown address permission."),
        };
    }

    /// <summary>Short human words for the class, as used in error messages ("loopback", "private", …).</summary>
    public static string Describe(this AddressClass addressClass) => addressClass switch
    {
        AddressClass.Public => "public",
        AddressClass.Loopback => "loopback",
        AddressClass.Private => "private",
        AddressClass.SharedAddressSpace => "shared address space (carrier-grade NAT)",
        AddressClass.LinkLocal => "link-local (cloud metadata)",
        AddressClass.UniqueLocal => "unique-local",
        AddressClass.Multicast => "multicast",
        AddressClass.Unspecified => "unspecified",
        AddressClass.Reserved => "reserved",
        AddressClass.Documentation => "documentation",
        AddressClass.Benchmarking => "benchmarking",
        AddressClass.Broadcast => "broadcast",
        _ => throw new ArgumentOutOfRangeException(nameof(addressClass), addressClass, "Unknown address class."),
    };
}
