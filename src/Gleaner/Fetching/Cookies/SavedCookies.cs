namespace Gleaner.Fetching.Cookies;

/// <summary>
/// A cookie jar's content at one moment, as a watch's store keeps it for a target so a restarted watch goes on with
/// its session. Opaque: the values are secrets, and <see cref="ToString"/> gives only their number.
/// </summary>
public sealed class SavedCookies
{
    internal SavedCookies(IReadOnlyList<StoredCookie> cookies)
    {
        Cookies = cookies;
    }

    /// <summary>How many cookies were saved.</summary>
    public int Count => Cookies.Count;

    internal IReadOnlyList<StoredCookie> Cookies { get; }

    /// <summary>The number of cookies only.</summary>
    public override string ToString() => $"{Count} cookies";
}
