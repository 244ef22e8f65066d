using System.Net.Http.Headers;

namespace Gleaner.Fetching;

/// <summary>
/// A target's own headers on one request, already checked (<see cref="RequestHeader.Problems"/>): added as given,
/// without parsing, and the secret ones only where <c>secrets</c> says their origin is.
/// </summary>
internal static class TargetHeaders
{
    /// <summary>
    /// True when the target sends a field named <paramref name="name"/> on this request, which then replaces Gleaner's.
    /// A secret one left behind on another origin replaces nothing there: Gleaner's own goes instead.
    /// </summary>
    public static bool Sends(IReadOnlyList<RequestHeader> headers, string name, bool secrets)
    {
        // Indexed, not foreach: enumerating the interface would allocate on every request.
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Name, name, StringComparison.OrdinalIgnoreCase) && (secrets || !headers[i].IsSecret))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds <paramref name="headers"/> to <paramref name="request"/>; the secret ones only when <paramref name="secrets"/>.</summary>
    public static void Add(HttpRequestHeaders request, IReadOnlyList<RequestHeader> headers, bool secrets)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (secrets || !header.IsSecret)
            {
                request.TryAddWithoutValidation(header.Name, header.Value);
            }
        }
    }
}
