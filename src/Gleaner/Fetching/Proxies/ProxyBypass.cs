using System.Net;
using System.Net.Sockets;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// The hosts reached directly although a proxy is set: <c>NO_PROXY</c> as curl reads it. A comma-separated list;
/// <c>*</c> alone is every host; a name matches itself and every name under it (<c>example.com</c> and
/// <c>.example.com</c> both match <c>www.example.com</c>, neither matches <c>notexample.com</c>), case-insensitively;
/// an IP address matches itself and a CIDR range (<c>10.0.0.0/8</c>) the addresses in it, compared with the URL's
/// host as written (a name is not resolved to test it). A port in an entry is ignored, as curl ignores it.
/// Two lists with the same text are equal, so targets that share one share a connection pool.
/// </summary>
public sealed class ProxyBypass : IEquatable<ProxyBypass>
{
    private readonly string[] _names;
    private readonly (IPAddress Network, int Bits)[] _ranges;
    private readonly bool _all;

    private ProxyBypass(string text)
    {
        Text = text;
        var names = new List<string>();
        var ranges = new List<(IPAddress, int)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "*")
            {
                _all = true;
                continue;
            }

            var entry = WithoutPort(raw).Trim('[', ']');
            if (Range(entry) is { } range)
            {
                ranges.Add(range);
            }
            else if (entry.TrimStart('.').TrimEnd('.') is { Length: > 0 } name)
            {
                names.Add(name.ToLowerInvariant());
            }
        }

        _names = [.. names];
        _ranges = [.. ranges];
    }

    /// <summary>No host bypasses the proxy.</summary>
    public static ProxyBypass None { get; } = new("");

    /// <summary>The list as given (trimmed).</summary>
    public string Text { get; }

    /// <summary>Reads a <c>NO_PROXY</c> value; entries it cannot read as an address are names, as in curl.</summary>
    public static ProxyBypass Parse(string? text) => string.IsNullOrWhiteSpace(text) ? None : new(text.Trim());

    /// <summary>True when <paramref name="url"/>'s host is to be reached directly.</summary>
    public bool Matches(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_all)
        {
            return true;
        }

        var host = url.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host, out var address))
        {
            return _ranges.Any(r => InRange(address, r.Network, r.Bits)) || _names.Contains(host);
        }

        return _names.Any(n => host == n || (host.EndsWith(n, StringComparison.Ordinal) && host[^(n.Length + 1)] == '.'));
    }

    private static (IPAddress, int)? Range(string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? entry : entry[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return null;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return slash < 0 ? (address, max)
            : int.TryParse(entry.AsSpan(slash + 1), out var bits) && bits >= 0 && bits <= max ? (address, bits)
            : null;
    }

    // host:port → host, but an IPv6 address's colons stay; brackets go.
    private static string WithoutPort(string entry)
    {
        if (entry.StartsWith('[') && entry.IndexOf(']', StringComparison.Ordinal) is var close and > 0)
        {
            // [fd00::]/8 keeps its prefix length; [::1]:8080 drops its port.
            var rest = entry[(close + 1)..];
            return entry[1..close] + (rest.StartsWith('/') ? rest : "");
        }

        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && entry.IndexOf(':', colon + 1) < 0 ? entry[..colon] : entry;
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(ProxyBypass? other) => other is not null && other.Text == Text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProxyBypass);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The list as given.</summary>
    public override string ToString() => Text;
}
