using System.CommandLine;
using System.Globalization;
using Gleaner.Cluster.Host.Hosting;
using Gleaner.Postgres;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>The options that say which cluster a command joins or asks: <c>--redis</c>, <c>--postgres</c>, <c>--cluster-id</c>.</summary>
internal sealed class MembershipOptions
{
    private readonly Option<string?> _redis = new("--redis")
    {
        Description = "HOST:PORT of the Redis that holds the cluster's membership (and reminders); without it, one node on localhost clustering",
        HelpName = "HOST:PORT",
    };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = "A PostgreSQL connection string (Npgsql's, e.g. 'Host=db;Database=gleaner;Username=gleaner') for the cluster's membership and reminders; the first silo creates the tables",
        HelpName = "CONN",
    };

    private readonly Option<string> _clusterId = new("--cluster-id")
    {
        Description = "The cluster's ID: silos and clients with the same ID and membership form one cluster",
        DefaultValueFactory = _ => Membership.DefaultClusterId,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_redis);
        command.Options.Add(_postgres);
        command.Options.Add(_clusterId);
    }

    /// <summary>The membership, or every problem with the options at once.</summary>
    public (Membership? Membership, IReadOnlyList<string> Problems) Read(ParseResult parsed)
    {
        var problems = new List<string>();
        var redis = parsed.GetValue(_redis);
        var postgres = parsed.GetValue(_postgres);
        var clusterId = parsed.GetValue(_clusterId)!;
        if (redis is not null && postgres is not null)
        {
            problems.Add("--redis and --postgres: choose one membership provider");
        }
        else if (postgres is not null && PostgresConnection.Problem(postgres) is { } problem)
        {
            problems.Add($"--postgres: {problem}");
        }

        if (redis is not null && !IsHostAndPort(redis))
        {
            problems.Add($"--redis {redis}: expected HOST:PORT, e.g. 127.0.0.1:6379");
        }

        if (clusterId.Length == 0 || clusterId.Any(char.IsWhiteSpace))
        {
            problems.Add($"--cluster-id '{clusterId}': expected a non-empty ID without spaces");
        }

        return problems.Count == 0 ? (new Membership(clusterId, redis, postgres), problems) : (null, problems);
    }

    /// <summary>An option for a TCP port, 1 to 65535.</summary>
    public static Option<int> Port(string name, int defaultPort, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultPort, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError($"{name}: expected a port from 1 to 65535");
            }
        });
        return option;
    }

    private static bool IsHostAndPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }
}
