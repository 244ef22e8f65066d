using System.CommandLine;
using System.Globalization;
using System.Net;
using Gleaner.Dashboard;

namespace Gleaner.Cli.Options;

/// <summary>The dashboard's flags (<c>gleaner serve</c>, <c>gleaner watch --serve</c>): where it listens and its token.</summary>
internal sealed class ServeOptions
{
    public Option<string?> Port { get; } = new("--port") { Description = $"The dashboard's port (default {DashboardOptions.DefaultPort}; 0 takes a free one)" };
    public Option<string?> Bind { get; } = new("--bind") { Description = "The address it listens on (default 127.0.0.1); anything but loopback needs --token-env" };
    public Option<string?> TokenEnv { get; } = new("--token-env") { Description = "The environment variable that holds its access token (16+ characters); every request must carry it" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Port, Bind, TokenEnv })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The dashboard's options from the flags and the environment; every problem named, or null options.</summary>
    public (DashboardOptions? Options, IReadOnlyList<string> Problems) Read(ParseResult parsed, Func<string, string?> environment)
    {
        var problems = new List<string>();
        var options = new DashboardOptions();
        if (parsed.GetValue(Port) is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                options = options with { Port = port };
            }
            else
            {
                problems.Add($"--port {portText}: expected 0 (any free port) to 65535");
            }
        }

        if (parsed.GetValue(Bind) is { } bindText)
        {
            if (IPAddress.TryParse(bindText, out var bind))
            {
                options = options with { Bind = bind };
            }
            else
            {
                problems.Add($"--bind {bindText}: expected an IP address such as 127.0.0.1, ::1 or 0.0.0.0");
            }
        }

        if (parsed.GetValue(TokenEnv) is { } variable)
        {
            if (environment(variable) is { Length: > 0 } token)
            {
                options = options with { Token = token, TokenSource = $"${variable}" };
            }
            else
            {
                problems.Add($"--token-env {variable}: the environment variable {variable} is not set (or empty)");
            }
        }

        if (problems.Count == 0)
        {
            problems.AddRange(options.Problems());
        }

        return problems.Count == 0 ? (options, problems) : (null, problems);
    }
}
