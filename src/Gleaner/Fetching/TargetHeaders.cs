namespace Gleaner.Fetching;

/// <summary>
/// A target's own headers on one request, already checked (<see cref="RequestHeader.Problems(IEnumerable{RequestHeader})"/>): added as given,
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

    /// <summary>
    /// Adds <paramref name="headers"/> to <paramref name="request"/>; the secret ones only when <paramref name="secrets"/>.
    /// A field of the body (Content-Type) goes on the request's content, replacing the body's own.
    /// </summary>
    public static void Add(HttpRequestMessage request, IReadOnlyList<RequestHeader> headers, bool secrets)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if ((secrets || !header.IsSecret) && !request.Headers.TryAddWithoutValidation(header.Name, header.Value) && request.Content is { } content)
            {
                // Refused above as a content field; a hop that became a GET has no content and drops it (as curl does).
                content.Headers.Remove(header.Name);
                content.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }
    }
}
