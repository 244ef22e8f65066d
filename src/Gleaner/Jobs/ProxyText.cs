using Gleaner.Fetching;
using Gleaner.Fetching.Proxies;

namespace Gleaner.Jobs;

/// <summary>
/// A proxy given by a person (<c>proxy:</c> in a job file, <c>--proxy</c>): a proxy URL, whose <c>${NAME}</c>
/// references are filled from the environment (credentials stay out of the file), or <c>none</c> (or empty) to reach
/// every host directly whatever the environment says. Messages never quote the text: it may hold a password.
/// </summary>
internal static class ProxyText
{
    /// <summary>The words that mean "no proxy".</summary>
    public const string None = "none";

    /// <summary>The connection settings <paramref name="text"/> asks for; null with every problem when it cannot be used.</summary>
    public static ConnectionSettings? Read(string text, Func<string, string?> environment, List<string> problems)
    {
        if (text.Trim().Length == 0 || string.Equals(text.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            return new ConnectionSettings { Proxy = ProxySettings.Direct };
        }

        var found = EnvironmentReferences.Expand(text, environment, out var value, out _);
        problems.AddRange(found);
        if (found.Count > 0)
        {
            return null;
        }

        if (!ProxyServer.TryParse(value, out var proxy, out var problem))
        {
            problems.Add(problem);
            return null;
        }

        return new ConnectionSettings { Proxy = ProxySettings.Through(proxy, environment) };
    }
}
