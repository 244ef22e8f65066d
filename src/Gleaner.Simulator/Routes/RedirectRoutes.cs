using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// Redirect loops, long chains, a good short chain, and redirects to places a client that named only
/// <see cref="HostileSimulator.BaseUri"/> must refuse: other loopback origins, cloud metadata, other schemes.
/// </summary>
internal static class RedirectRoutes
{
    public const int LongChainHops = 20;
    public const int ShortChainHops = 3;
    public const string Landing = "/weather/nyc.html";

    private static readonly int[] HopStatuses = [301, 302, 303, 307, 308];

    public static void Register(RouteCatalog routes)
    {
        routes.Http("/redirect/loop-a", RouteGroups.Redirect, Expect.RedirectLoop,
            "302 to /redirect/loop-b, which 302s back to /redirect/loop-a.",
            (http, sim) => Respond.RedirectAsync(http, 302, "/redirect/loop-b"));
        routes.HttpHop("/redirect/loop-b", (http, sim) => Respond.RedirectAsync(http, 302, "/redirect/loop-a"));
        routes.Http("/redirect/self", RouteGroups.Redirect, Expect.RedirectLoop,
            "302 to its own absolute URL.",
            (http, sim) => Respond.RedirectAsync(http, 302, new Uri(sim.BaseUri, "/redirect/self").AbsoluteUri));
        Chain(routes, "/redirect/chain-20", LongChainHops, Expect.TooManyRedirects,
            $"A same-origin chain of {LongChainHops} redirects (301/302/303/307/308 in turn) ending at {Landing}; "
            + "more than the 10 a client follows.");
        Chain(routes, "/redirect/chain-3", ShortChainHops, Expect.Ok,
            $"A same-origin chain of {ShortChainHops} redirects (absolute-path Locations) ending at {Landing}.");

        Blocked(routes, "/redirect/to-metadata", "the cloud metadata address (link-local)",
            _ => "http://169.254.169.254/latest/meta-data/");
        Blocked(routes, "/redirect/to-raw-port", "the raw server: another loopback origin the user did not name",
            sim => new Uri(sim.RawBaseUri, "/protocol/ssh-banner").AbsoluteUri);
        Blocked(routes, "/redirect/to-localhost", "localhost on the same port: a different origin that resolves to loopback",
            sim => $"http://localhost:{sim.BaseUri.Port}/weather/nyc.html");
        Blocked(routes, "/redirect/to-ipv6-loopback", "[::1] on the same port: another loopback origin",
            sim => $"http://[::1]:{sim.BaseUri.Port}/weather/nyc.html");
        // Uri (like the WHATWG parser) normalizes 2130706433 to 127.0.0.1, so on the Kestrel port this would be the
        // named origin again; on the raw port it is blocked both by a host check and by an address check.
        Blocked(routes, "/redirect/to-decimal-ip", "2130706433 (127.0.0.1 written as one decimal number) on the raw server's port",
            sim => $"http://2130706433:{sim.RawBaseUri.Port}/protocol/ssh-banner");
        Blocked(routes, "/redirect/to-file", "file:///etc/passwd (not http or https)", _ => "file:///etc/passwd");
        Blocked(routes, "/redirect/to-gopher", "a gopher: URL on the same host and port (not http or https)",
            sim => $"gopher://127.0.0.1:{sim.BaseUri.Port}/_GET%20/weather/nyc.html");
    }

    private static void Chain(RouteCatalog routes, string entry, int hops, string expected, string description)
    {
        routes.Http(entry, RouteGroups.Redirect, expected, description, Hop(entry, hops));
        for (var left = hops - 1; left >= 1; left--)
            routes.HttpHop($"{entry}/{left}", Hop(entry, left));
    }

    // A hop with `left` redirects still to go (itself included) sends the client to the hop with left - 1.
    private static HttpHandler Hop(string entry, int left) => (http, sim) =>
        Respond.RedirectAsync(http, HopStatuses[left % HopStatuses.Length], left > 1 ? $"{entry}/{left - 1}" : Landing);

    private static void Blocked(RouteCatalog routes, string path, string target, Func<SimulatorContext, string> location) =>
        routes.Http(path, RouteGroups.Redirect, Expect.Blocked, $"302 to {target}.",
            (http, sim) => Respond.RedirectAsync(http, 302, location(sim)));
}
