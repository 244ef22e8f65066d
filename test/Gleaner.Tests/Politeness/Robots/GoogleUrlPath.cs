namespace Gleaner.Tests.Politeness.Robots;

/// <summary>
/// Reduces a fixture URL to the path;params?query that Google's matcher compares (robots.cc GetPathParamsQuery),
/// so the conformance rows reach <c>RobotsTxt.IsAllowed</c> as the engine's request target would. Checked against
/// Google's own facts by the <c>path_params_query</c> rows of the "other" fixture.
/// </summary>
internal static class GoogleUrlPath
{
    public static string PathParamsQuery(string url)
    {
        // Two leading slashes introduce an authority, as in "//host/path".
        var searchStart = url.StartsWith("//", StringComparison.Ordinal) ? 2 : 0;
        var earlyPath = url.IndexOfAny(['/', '?', ';'], searchStart);
        var protocolEnd = url.IndexOf("://", searchStart, StringComparison.Ordinal);
        if (earlyPath >= 0 && (protocolEnd < 0 || earlyPath < protocolEnd))
        {
            // A path, params or query before "://" means "://" is not a scheme separator.
            protocolEnd = -1;
        }

        protocolEnd = protocolEnd < 0 ? searchStart : protocolEnd + 3;
        var pathStart = url.IndexOfAny(['/', '?', ';'], protocolEnd);
        if (pathStart < 0)
        {
            return "/";
        }

        var hash = url.IndexOf('#', searchStart);
        if (hash >= 0 && hash < pathStart)
        {
            return "/";
        }

        var path = url[pathStart..(hash < 0 ? url.Length : hash)];
        return path[0] == '/' ? path : "/" + path;
    }
}
