namespace Gleaner.Fetching.Cookies;

/// <summary>
/// One cookie in a jar, as RFC 6265 §5.3 stores it: its name and value, the scope it may be sent to, and when it
/// expires. Its value is a secret: <see cref="ToString"/> never shows it.
/// </summary>
/// <param name="Name">The cookie's name.</param>
/// <param name="Value">The cookie's value, as sent back.</param>
/// <param name="Domain">The host (host-only) or the domain (it and its subdomains) it goes to, lower-case.</param>
/// <param name="Path">The path it goes to, with the paths under it.</param>
/// <param name="HostOnly">Set without a Domain attribute: sent to exactly <paramref name="Domain"/>, not its subdomains.</param>
/// <param name="Secure">Sent over https only.</param>
/// <param name="Expires">When it goes; null for a session cookie, kept as long as its jar.</param>
/// <param name="Created">When it was first set (a replacement keeps the first time): the tie-break of the Cookie header's order.</param>
internal sealed record StoredCookie(
    string Name, string Value, string Domain, string Path, bool HostOnly, bool Secure, DateTimeOffset? Expires, DateTimeOffset Created)
{
    /// <summary>When it was last set, in the jar's own count: the least recently set goes first when a cap is reached.</summary>
    public long Order { get; init; }

    /// <summary>True when a cookie with <paramref name="other"/>'s name and scope would replace this one (RFC 6265 §5.3 step 11).</summary>
    public bool SameSlot(StoredCookie other) =>
        Name == other.Name && Domain == other.Domain && Path == other.Path;

    /// <summary>True when it has expired at <paramref name="now"/>.</summary>
    public bool ExpiredAt(DateTimeOffset now) => Expires is { } expires && expires <= now;

    /// <summary>Never the value: <c>session=[secret] (example.org/)</c>.</summary>
    public override string ToString() => $"{Name}=[secret] ({Domain}{Path})";
}
