using System.Net;

namespace Gleaner.Fetching;

/// <summary>
/// Gleaner follows redirects itself, so that every hop is checked: only http and https, never from https down to
/// http, no URL twice, and no more hops than allowed.
/// </summary>
internal static class RedirectRules
{
    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The next URL, or the failure that ends the chain here.</summary>
    public static Uri Next(Uri current, Uri? location, IReadOnlyCollection<Uri> visited, int hopsSoFar, int maxRedirects)
    {
        if (location is null)
        {
            throw new FetchFailure(Outcome.Protocol, "a redirect without a Location header");
        }

        if (!Uri.TryCreate(current, location, out var next))
        {
            throw new FetchFailure(Outcome.Protocol, $"a redirect to an invalid URL '{location}'");
        }

        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw new FetchFailure(Outcome.Blocked, $"redirect to a {next.Scheme}: URL ({Shorten(next)}) is not followed; only http and https are");
        }

        if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
        {
            throw new FetchFailure(Outcome.Blocked, $"redirect from https down to http ({Shorten(next)}) is not followed");
        }

        // The fragment never reaches the server; two URLs differing only there are the same request.
        var withoutFragment = new UriBuilder(next) { Fragment = "" }.Uri;
        if (visited.Contains(withoutFragment))
        {
            throw new FetchFailure(Outcome.RedirectLoop, $"redirect loop: {Shorten(withoutFragment)} was already visited");
        }

        if (hopsSoFar >= maxRedirects)
        {
            throw new FetchFailure(Outcome.TooManyRedirects, $"more than {maxRedirects} redirects");
        }

        return withoutFragment;
    }

    /// <summary>
    /// The method and body of the hop a redirect leads to, as browsers and curl -L send it (RFC 9110 §15.4): a 303
    /// asks for the result with a GET; a 301 or 302 after a POST becomes a GET too (what every client does, though
    /// the RFC allows either); any other 301 or 302, and every 307 or 308, repeats the request with its body.
    /// </summary>
    public static RequestHop HopAfter(HttpStatusCode status, RequestHop hop)
    {
        var toGet = hop.Method != HttpMethod.Get
            && (status == HttpStatusCode.SeeOther || (hop.Method == HttpMethod.Post && status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found));
        return toGet ? new RequestHop(HttpMethod.Get, null) : hop;
    }

    /// <summary>Refuses a hop that would send a body holding a secret to an origin other than the one the user named.</summary>
    public static void ThrowIfSecretBodyLeaves(RequestHop hop, Uri named, Uri next)
    {
        if (hop.Body is { Secret: true }
            && Uri.Compare(named, next, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new FetchFailure(Outcome.Blocked,
                $"redirect to {Shorten(next)} is not followed: it would send the {hop.Method.Method} body, which holds a secret, to another origin");
        }
    }

    private static string Shorten(Uri uri)
    {
        var text = uri.OriginalString;
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
