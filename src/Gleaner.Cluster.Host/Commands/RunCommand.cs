using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Cluster.Batches;
using Gleaner.Cluster.Fetching;
using Gleaner.Cluster.Host.Hosting;
using Gleaner.Extraction;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster run JOB.yaml | --urls FILE</c>: <c>gleaner run</c> on the cluster. The same flags, job files,
/// records, outputs and <c>--state</c> (run it again to resume); the targets are split into pieces by host and
/// fetched on the silos, under one politeness per host for the whole cluster. This process writes the output.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("JOB") { Description = "A YAML job file", Arity = ArgumentArity.ZeroOrOne };
        var urls = new Option<string?>("--urls") { Description = "A file of URLs, one per line (# comments); the rule comes from the flags" };
        var output = new Option<string?>("--out") { Description = "Where records go: FILE.jsonl, FILE.csv or FILE.db (default: JSONL on stdout)" };
        var state = new Option<string?>("--state") { Description = "SQLite file that makes the run resumable: run the same command again to finish it" };
        var gatewayPort = MembershipOptions.Port("--gateway-port", SiloEndpoints.DefaultGatewayPort, "The local silo's gateway port (localhost clustering; with --redis or --postgres the gateways come from the membership table)");
        var membership = new MembershipOptions();
        var (rules, limits, headers, connection, proxy, run) = (new RuleOptions(), new LimitOptions(), new HeaderOptions(), new ConnectionOptions(), new ProxyOptions(), new RunOptions());
        var command = new Command("run", "Sample many targets on the cluster: gleaner run's job, flags and records; --concurrency is per silo.") { job, urls, output, state, gatewayPort };
        membership.AddTo(command);
        rules.AddTo(command);
        limits.AddTo(command);
        headers.AddTo(command);
        connection.AddTo(command);
        proxy.AddTo(command);
        run.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (cluster, clusterProblems) = membership.Read(parsed);
            TargetSource source;
            try
            {
                source = TargetSource.Load(parsed, parsed.GetValue(job), parsed.GetValue(urls), rules, limits, run, headers, proxy, connection);
            }
            catch (RunProblemsException e)
            {
                return Usage.Report([.. clusterProblems, .. e.Problems], $"{e.Problems.Count + clusterProblems.Count} problem(s); nothing was submitted.");
            }
            catch (Exception e) when (e is ArgumentException or RuleException or IOException or UnauthorizedAccessException)
            {
                return Usage.Report([.. clusterProblems, e.Message], "Nothing was submitted.");
            }

            var unsupported = source.Targets
                .Select(t => ClusterTargets.WhyNot(t) is { } why ? $"{t.Source ?? t.Url.OriginalString}: target '{t.Name}': {why}" : null)
                .OfType<string>().ToList();
            if (cluster is null || unsupported.Count > 0)
            {
                return Usage.Report([.. clusterProblems, .. unsupported], "Nothing was submitted.");
            }

            using var interrupt = Interrupt.Listen("stopping: no more records are taken; the state keeps what finished (run the same command again to resume)", cancellationToken);
            return await RunAsync(cluster, parsed.GetValue(gatewayPort), source, parsed.GetValue(output), parsed.GetValue(state), interrupt);
        });
        return command;
    }

    private static async Task<int> RunAsync(Membership cluster, int gatewayPort, TargetSource source, string? outPath, string? statePath, Interrupt interrupt)
    {
        if (await RunOutputs.TryOpenAsync(source, outPath, statePath) is not { } output)
        {
            return ExitCodes.Usage;
        }

        await using (output)
        {
            var (connection, exit) = await ClusterConnection.OpenAsync(cluster, gatewayPort, interrupt);
            if (connection is null)
            {
                return exit;
            }

            using var joined = connection;
            var silos = connection.Silos;
            var pending = source.Targets.Count - output.DoneKeys.Count;
            Console.Error.WriteLine(output.DoneKeys.Count > 0
                ? $"resuming: {output.DoneKeys.Count} of {source.Targets.Count} targets already done; {pending} to go on {silos} silo(s)."
                : $"running {pending} targets on {silos} silo(s) of the cluster '{cluster.ClusterId}'.");
            var tally = new RunTally(pending, TimeProvider.System);
            var batch = new ClusterBatch(connection.Client, source.Fingerprint, source.Settings)
            {
                OnRetry = line => Console.Error.WriteLine($"note: {line}"),
            };
            string? gaveUp = null;
            var work = Task.Run(async () =>
            {
                try
                {
                    await batch.RunAsync(source.Targets, output.DoneKeys, silos, async record =>
                    {
                        await output.RecordAsync(record.Key, record.Index, record.Outcome, record.Json, CancellationToken.None);
                        tally.Add(OutcomeNames.TryParse(record.Outcome, out var outcome) ? outcome : Outcome.Internal, source.Targets[record.Index].Url.Authority, record.Seconds);
                    }, interrupt.Token);
                }
                catch (OperationCanceledException) when (interrupt.Requested)
                {
                    // What finished is committed; the rest is for the next run.
                }
                catch (ClusterUnreachableException e)
                {
                    gaveUp = e.Message;
                }

                await output.CompleteAsync();
            }, CancellationToken.None);
            var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
            await RunReport.FollowAsync(tally, work, interactive);
            await work;
            RunReport.Summarize(tally, interrupt.Requested);
            if (gaveUp is not null)
            {
                Console.Error.WriteLine($"gleaner-cluster: the cluster '{cluster.ClusterId}' stopped answering: {gaveUp}; "
                    + "what finished is recorded (with --state, run the same command again to go on)");
                return ExitCodes.Failure;
            }

            await connection.StopAsync();
            return interrupt.Requested ? interrupt.ExitCode : ExitCodes.Ok;
        }
    }
}
