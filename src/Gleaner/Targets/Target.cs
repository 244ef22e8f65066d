using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Validation;
using Gleaner.Watching;

namespace Gleaner.Targets;

/// <summary>One thing to sample: a URL, how to extract the value from it, what a valid value is, and the limits.</summary>
public sealed record Target
{
    /// <summary>A name for people and outputs; defaults to the URL.</summary>
    public required string Name { get; init; }

    /// <summary>The absolute http or https URL, as the user named it.</summary>
    public required Uri Url { get; init; }

    /// <summary>The extraction rules; null takes the whole body as the value.</summary>
    public ExtractionChain? Extract { get; init; }

    /// <summary>What a valid value is.</summary>
    public ValueSpec Value { get; init; } = new();

    /// <summary>The limits of the fetch.</summary>
    public FetchLimits Limits { get; init; } = FetchLimits.Default;

    /// <summary>
    /// Headers sent with each request of the fetch, after Gleaner's own (a User-Agent here replaces the default);
    /// secret ones are not sent to another origin a redirect leads to.
    /// </summary>
    public IReadOnlyList<RequestHeader> Headers { get; init; } = [];

    /// <summary>The method: GET unless the target says otherwise (see <see cref="FetchRequest.Method"/>).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>The body a POST, PUT or PATCH sends; null sends none.</summary>
    public RequestBody? Body { get; init; }

    /// <summary>
    /// True when the target says its request is safe to repeat. A GET always is; any other method is retried only
    /// when this is true, since a POST that failed on the way back may still have been carried out.
    /// </summary>
    public bool Idempotent { get; init; }

    /// <summary>True when a failed attempt may be made again: a GET, or a target that says it is <see cref="Idempotent"/>.</summary>
    public bool IsRetrySafe => Idempotent || Method == HttpMethod.Get;

    /// <summary>How the target's connections are made (its proxy, a private CA; its robots.txt is fetched the same way); targets with equal settings share a pool.</summary>
    public ConnectionSettings Connection { get; init; } = ConnectionSettings.Default;

    /// <summary>Retries for this target; null takes the run's setting.</summary>
    public int? Retries { get; init; }

    /// <summary>How the target is watched (its schedule, history, notifications); null when it is sampled once.</summary>
    public WatchSpec? Watch { get; init; }

    /// <summary>
    /// True when the target keeps cookies: a jar of its own for a run (across its redirects and retries), and for a
    /// watch across its samples and restarts. Off by default.
    /// </summary>
    public bool Cookies { get; init; }

    /// <summary>
    /// What each fetch of the target asks for (built per fetch: a target is a value, and cheap to copy), with
    /// <paramref name="cookies"/>, the target's jar when it keeps cookies.
    /// </summary>
    internal FetchRequest ToRequest(CookieJar? cookies = null) => new()
    {
        Url = Url, Limits = Limits, Headers = Headers, Method = Method, Body = Body, Connection = Connection, Cookies = cookies,
    };

    /// <summary>Where the target was defined (file:line:column), for messages; null when built in code.</summary>
    public string? Source { get; init; }
}
