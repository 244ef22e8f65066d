using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Cluster.Fetching;
using Gleaner.Cluster.Host.Hosting;
using Gleaner.Cluster.Watching;
using Gleaner.Extraction;
using Gleaner.Watching;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster watch JOB.yaml</c>: registers the job's watched targets as one list on the cluster and returns.
/// The silos sample them on their schedules into the cluster's store for as long as they run; registering the file
/// again after an edit adds, changes and removes targets. <c>gleaner serve</c> shows the store.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var job = new Argument<string>("JOB") { Description = "A YAML job file whose targets have every: or cron: (or defaults do)" };
        var list = new Option<string?>("--list") { Description = "The watch list's name on the cluster (default: the job file's name without its extension)", HelpName = "NAME" };
        var gatewayPort = MembershipOptions.Port("--gateway-port", SiloEndpoints.DefaultGatewayPort, "The local silo's gateway port (localhost clustering; with --redis or --postgres the gateways come from the membership table)");
        var membership = new MembershipOptions();
        var (limits, headers, connection, proxy, run) = (new LimitOptions(), new HeaderOptions(), new ConnectionOptions(), new ProxyOptions(), new RunOptions());
        var command = new Command("watch", "Register a job's watched targets on the cluster (the silos sample them on their schedules) and return.") { job, list, gatewayPort };
        membership.AddTo(command);
        limits.AddTo(command);
        headers.AddTo(command);
        connection.AddTo(command);
        proxy.AddTo(command);
        run.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var jobPath = parsed.GetValue(job)!;
            var (cluster, clusterProblems) = membership.Read(parsed);
            var name = parsed.GetValue(list) ?? Path.GetFileNameWithoutExtension(jobPath);
            TargetSource source;
            try
            {
                source = TargetSource.Load(parsed, jobPath, urlsPath: null, new RuleOptions(), limits, run, headers, proxy, connection);
                new WatchList(source.Targets, source.DefaultKeep).Validate();
            }
            catch (RunProblemsException e)
            {
                return Usage.Report([.. clusterProblems, .. e.Problems], $"{e.Problems.Count + clusterProblems.Count} problem(s); nothing was registered.");
            }
            catch (Exception e) when (e is ArgumentException or RuleException or IOException or UnauthorizedAccessException)
            {
                return Usage.Report([.. clusterProblems, $"{jobPath}: {e.Message}"], "Nothing was registered.");
            }

            var unsupported = source.Targets
                .Select(t => WatchSpecs.WhyNot(t) is { } why ? $"{t.Source ?? jobPath}: target '{t.Name}': {why}" : null)
                .OfType<string>().ToList();
            if (string.IsNullOrWhiteSpace(name))
            {
                unsupported.Add("--list: expected a name");
            }

            if (cluster is null || unsupported.Count > 0)
            {
                return Usage.Report([.. clusterProblems, .. unsupported], "Nothing was registered.");
            }

            var policy = ClusterTargets.PolicyOf(source.Settings);
            var specs = source.Targets.Select(t => WatchSpecs.FromTarget(name, t, policy, source.Settings.Concurrency)).ToList();
            using var interrupt = Interrupt.Listen("", cancellationToken);
            return await RegisterAsync(cluster, parsed.GetValue(gatewayPort), name, specs, interrupt);
        });
        return command;
    }

    private static async Task<int> RegisterAsync(Membership cluster, int gatewayPort, string list, List<WatchTarget> specs, Interrupt interrupt)
    {
        var (connection, exit) = await ClusterConnection.OpenAsync(cluster, gatewayPort, interrupt);
        if (connection is null)
        {
            return exit;
        }

        using var joined = connection;
        WatchRegistration done;
        try
        {
            done = await connection.Client.GetGrain<IWatchListGrain>(list).RegisterAsync(specs);
        }
#pragma warning disable CA1031 // A silo that fails the registration (its store down) is reported in one line; the registry is unchanged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The silo's message says how far it got: the store refused the list, or it is registered but some targets did not start.
            Console.Error.WriteLine(DisplayText.Escape($"gleaner-cluster: list '{list}': {e.GetBaseException().Message}"));
            return ExitCodes.Failure;
        }

        await connection.StopAsync();
        if (done.Refused is { } refused)
        {
            return Usage.Report([refused], "Nothing was registered.");
        }

        Console.Error.WriteLine($"registered the list '{DisplayText.Escape(list)}' on the cluster '{cluster.ClusterId}' ({connection.Silos} silo(s)): {specs.Count} target(s); "
            + $"{Part("added", done.Added)}, {Part("changed", done.Changed)}, {Part("removed", done.Removed)}, {done.Unchanged} unchanged.");
        return ExitCodes.Ok;
    }

    // "2 added (a, b)", up to three names shown.
    private static string Part(string what, IReadOnlyList<string> names) =>
        names.Count == 0 ? $"0 {what}" : $"{names.Count} {what} ({string.Join(", ", names.Take(3).Select(DisplayText.Escape))}{(names.Count > 3 ? ", …" : "")})";
}
