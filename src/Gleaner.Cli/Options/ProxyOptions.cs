using System.CommandLine;
using Gleaner.Fetching;
using Gleaner.Fetching.Proxies;
using Gleaner.Jobs;
using Gleaner.Targets;

namespace Gleaner.Cli.Options;

/// <summary>
/// <c>--proxy URL</c> (or <c>none</c>), shared by <c>get</c>, <c>run</c> and <c>watch</c>, over the proxies the
/// environment names (HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY, as curl reads them). The flag wins for every
/// target; a job file's <c>proxy:</c> wins over the environment for its targets. No problem quotes a proxy URL: it
/// may hold a password.
/// </summary>
internal sealed class ProxyOptions
{
    public Option<string?> Proxy { get; } = new("--proxy")
    {
        Description = "Fetch through this proxy: http://[user:password@]host:port, socks5://… or socks5h://…; ${VAR} takes part of it from the "
            + "environment; 'none' goes direct (default: HTTPS_PROXY, http_proxy, ALL_PROXY and NO_PROXY, as curl reads them)",
    };

    /// <summary>Where proxy variables and <c>${NAME}</c> references are looked up: the process environment unless a test gives its own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public void AddTo(Command command) => command.Options.Add(Proxy);

    /// <summary>True when <c>--proxy</c> was given: it then replaces every target's own proxy.</summary>
    public bool Given(ParseResult parsed) => parsed.GetValue(Proxy) is not null;

    /// <summary>
    /// The settings of a target that names no proxy: the flag's, else the environment's, else direct. Each problem
    /// goes to <paramref name="problems"/>, named by its flag or variable.
    /// </summary>
    public ConnectionSettings Read(ParseResult parsed, FlagProblems problems)
    {
        if (parsed.GetValue(Proxy) is { } text)
        {
            var found = new List<string>();
            var settings = ProxyText.Read(text, Environment, found);
            foreach (var problem in found)
            {
                problems.Add($"--proxy: {problem}");
            }

            return settings ?? ConnectionSettings.Default;
        }

        var fromEnvironment = ProxySettings.FromEnvironment(Environment, out var envProblems);
        foreach (var problem in envProblems)
        {
            problems.Add(problem);
        }

        return fromEnvironment is null ? ConnectionSettings.Default : new ConnectionSettings { Proxy = fromEnvironment };
    }

    /// <summary>The settings for a target read from a job file: its own proxy, unless the flag was given or it named none.</summary>
    public static Target Apply(Target target, ConnectionSettings settings, bool flagGiven) =>
        flagGiven || target.Connection.Proxy is null ? target with { Connection = target.Connection with { Proxy = settings.Proxy } } : target;
}
