using Gleaner.Politeness.Domains;

namespace Gleaner.Engine;

/// <summary>What a per-host slot is keyed by: the host (with port), or its registrable domain (eTLD+1).</summary>
internal static class HostKeys
{
    public static Func<Uri, string> For(bool byRegistrableDomain) => byRegistrableDomain ? ByDomain : ByHost;

    private static string ByHost(Uri url) => url.Authority.ToLowerInvariant();

    private static string ByDomain(Uri url) =>
        PublicSuffixList.Default.RegistrableDomain(url.IdnHost) ?? url.IdnHost.ToLowerInvariant();
}
