using System.CommandLine;
using Gleaner.Fetching;

namespace Gleaner.Cli.Options;

/// <summary>
/// <c>--ca-cert FILE</c> (a private CA trusted besides the system's) and <c>--insecure</c> (no certificate checks,
/// for testing), shared by <c>get</c>, <c>run</c> and <c>watch</c>. They apply to every target: <c>--ca-cert</c>
/// replaces a job file's <c>ca_cert</c>.
/// </summary>
internal sealed class ConnectionOptions
{
    /// <summary>What every command given <c>--insecure</c> prints before it fetches anything.</summary>
    public const string InsecureWarning =
        "warning: --insecure: TLS certificates are not checked; anyone between here and a server can read and change what is fetched, "
        + "secret headers included. Use it for testing only; for a private CA use --ca-cert FILE.";

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "Trust the CA certificate(s) in this PEM file besides the system's (for every target)",
        HelpName = "FILE",
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Do not check TLS certificates: for testing only (prints a warning every time)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(CaCert);
        command.Options.Add(Insecure);
    }

    public bool AnyGiven(ParseResult parsed) => parsed.GetValue(CaCert) is not null || parsed.GetValue(Insecure);

    /// <summary>What the flags do to a target's settings; a CA file that cannot be used goes to <paramref name="problems"/>, named by its flag.</summary>
    public Func<ConnectionSettings, ConnectionSettings> Read(ParseResult parsed, FlagProblems problems)
    {
        PrivateCa? ca = null;
        if (parsed.GetValue(CaCert) is { } path && !PrivateCa.TryLoad(path, out ca, out var problem))
        {
            problems.Add($"--ca-cert {path}: {problem}");
        }

        var insecure = parsed.GetValue(Insecure);
        return ca is null && !insecure ? static s => s : s => s with { PrivateCa = ca ?? s.PrivateCa, Insecure = insecure || s.Insecure };
    }

    /// <summary>The settings the flags give a single target; throws <see cref="ArgumentException"/> naming the flag.</summary>
    public ConnectionSettings Build(ParseResult parsed)
    {
        var problems = new FlagProblems();
        var apply = Read(parsed, problems);
        return problems.First is { } first ? throw first : apply(ConnectionSettings.Default);
    }

    /// <summary>Prints <see cref="InsecureWarning"/> to <paramref name="error"/> when <c>--insecure</c> was given.</summary>
    public void Warn(ParseResult parsed, TextWriter error)
    {
        if (parsed.GetValue(Insecure))
        {
            error.WriteLine(InsecureWarning);
        }
    }
}
