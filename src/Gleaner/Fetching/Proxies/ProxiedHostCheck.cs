using System.Net;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// The address policy for a request a proxy makes the connection for. The socket goes to the proxy, so the check at
/// connect time cannot see the target: its host is resolved here (with the fetcher's resolver, under the DNS
/// deadline) before each request, every redirect hop too, and any blocked address refuses it as
/// <see cref="Outcome.Blocked"/>, since the proxy may pick any of them. A name that does not resolve here (split DNS
/// behind a corporate proxy) goes to the proxy to resolve when it is the host the user named; a redirect hop to one
/// is refused, since its address cannot be checked.
/// </summary>
internal static class ProxiedHostCheck
{
    public static async Task CheckAsync(Uri url, bool named, AddressPermission permission, FetcherOptions options, FetchTrace trace)
    {
        if (permission == AddressPermission.Any)
        {
            return;
        }

        var host = url.IdnHost.Trim('[', ']');
        IPAddress[] addresses;
        try
        {
            addresses = await ConnectionFactory.ResolveAsync(options, host, trace, trace.Watchdog.Token);
        }
        catch (FetchFailure e) when (e.Outcome == Outcome.Dns && named)
        {
            return;
        }
        catch (FetchFailure e) when (e.Outcome == Outcome.Dns)
        {
            throw new FetchFailure(Outcome.Blocked, $"{e.Message}, so its address cannot be checked before the proxy is asked", e);
        }

        if (addresses.FirstOrDefault(a => !AddressClassifier.IsAllowed(a, permission)) is { } blocked)
        {
            throw ConnectionFactory.Blocked(host, blocked, permission);
        }
    }
}
