using Gleaner.Fetching;
using Gleaner.Politeness.Robots;
using Gleaner.Targets;

namespace Gleaner.Engine;

/// <summary>
/// Who asks a site's robots.txt for a target: the crawler its fetch of that URL names in User-Agent. The fetch sends
/// a secret User-Agent only to the origin the user named, so robots.txt of another origin is asked as Gleaner then.
/// </summary>
internal static class RobotsIdentity
{
    /// <summary>The product token robots.txt is read for when asked with <paramref name="agent"/> (Gleaner's own when null).</summary>
    public static string TokenOf(RequestHeader? agent) => agent is null ? RobotsCache.ProductToken : RobotsTxt.ProductTokenOf(agent.Value);

    /// <summary>The User-Agent header <paramref name="target"/>'s fetch sends to <paramref name="url"/>; null when it sends Gleaner's own.</summary>
    public static RequestHeader? AgentFor(Target target, Uri url)
    {
        RequestHeader? agent = null;
        foreach (var header in target.Headers)
        {
            if (string.Equals(header.Name, "User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                agent = header;
            }
        }

        var sameOrigin = Uri.Compare(target.Url, url, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
        return agent is { IsSecret: true } && !sameOrigin ? null : agent;
    }
}
