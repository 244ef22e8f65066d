using Gleaner.Fetching.Cookies;

namespace Gleaner.Fetching;

/// <summary>
/// What one fetch asks for: the URL as the user named it, the limits it runs under and the target's own request
/// settings.
/// </summary>
public sealed record FetchRequest
{
    /// <summary>The absolute http or https URL, as the user named it: its origin is the one secrets are sent to.</summary>
    public required Uri Url { get; init; }

    /// <summary>The limits of the fetch (deadlines, caps, the address policy): share one instance among targets.</summary>
    public FetchLimits Limits { get; init; } = FetchLimits.Default;

    /// <summary>
    /// Headers sent with each request of the fetch (a User-Agent or Accept among them replaces Gleaner's own). A secret
    /// one (<see cref="RequestHeader.IsSecret"/>) goes only to the origin of <see cref="Url"/>: a redirect hop to
    /// another origin is sent without it, a hop back has it again. No header is kept in the result.
    /// </summary>
    public IReadOnlyList<RequestHeader> Headers { get; init; } = [];

    /// <summary>The method: GET unless the target says otherwise (POST, PUT, PATCH or DELETE; see <see cref="Body"/>).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>
    /// The body a POST, PUT or PATCH sends; null sends none. A 303, or a 301 or 302 after a POST, turns the next hop
    /// into a GET without it (as browsers and curl do); a 307 or 308 sends it again, but not to another origin when
    /// it is <see cref="RequestBody.Secret"/>.
    /// </summary>
    public RequestBody? Body { get; init; }

    /// <summary>How connections for this fetch are made (proxy, TLS trust); fetches with equal settings share a pool.</summary>
    public ConnectionSettings Connection { get; init; } = ConnectionSettings.Default;

    /// <summary>
    /// The cookie jar of the fetch: each request sends the cookies it scopes to that URL (in one Cookie field after a
    /// Cookie header of <see cref="Headers"/>) and each response's Set-Cookie goes into it, a redirect's and an error's
    /// too. Null, the default, sends and keeps no cookie.
    /// </summary>
    public CookieJar? Cookies { get; init; }
}
