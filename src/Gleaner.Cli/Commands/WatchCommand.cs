using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Cli.Serve;
using Gleaner.Cli.Stores;
using Gleaner.Dashboard.Board;
using Gleaner.Cli.Watch;
using Gleaner.Fetching;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;
using Spectre.Console;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner watch JOB.yaml --store FILE.db</c>: samples each target on its schedule until stopped, keeps every sample
/// in the store, prints each one, and follows edits of the job file.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan NotifyGrace = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var job = new Argument<string>("JOB") { Description = "A YAML job file whose targets have every: or cron: (or defaults do)" };
        var store = new Option<string>("--store") { Description = "The SQLite file that keeps the samples (created when absent)", Required = true };
        var limits = new LimitOptions();
        var headers = new HeaderOptions();
        var connection = new ConnectionOptions();
        var proxy = new ProxyOptions();
        var run = new RunOptions();
        var serve = new Option<bool>("--serve") { Description = $"Serve the dashboard too (default http://127.0.0.1:{Dashboard.DashboardOptions.DefaultPort}/)" };
        var dashboard = new ServeOptions();
        var command = new Command("watch", "Sample targets on their schedules, keep their history, and say when values change.") { job, store, serve };
        limits.AddTo(command);
        headers.AddTo(command);
        connection.AddTo(command);
        proxy.AddTo(command);
        run.AddTo(command);
        dashboard.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var jobPath = parsed.GetValue(job)!;
            var (serving, serveProblems) = dashboard.Read(parsed, Environment.GetEnvironmentVariable);
            foreach (var problem in serveProblems)
            {
                Console.Error.WriteLine($"usage: {problem}");
            }

            if (Load(parsed, jobPath, limits, headers, proxy, run, connection) is not { } list || serving is null)
            {
                Console.Error.WriteLine("Nothing was watched.");
                return ExitCodes.Usage;
            }

            // Secrets come from the environment: a notification whose token is not there is refused before anything runs.
            var missing = Notifier.Check(list.List.Targets, Environment.GetEnvironmentVariable);
            if (missing.Count > 0)
            {
                foreach (var variable in missing.GroupBy(m => m.Variable))
                {
                    var names = variable.Select(m => DisplayText.Escape(m.Target)).ToList();
                    var shown = string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
                    Console.Error.WriteLine($"{jobPath}: notify bearer_env {variable.Key} is not set (or empty); needed by {shown}");
                }

                Console.Error.WriteLine("Nothing was watched.");
                return ExitCodes.Usage;
            }

            SqliteSampleStore sampleStore;
            try
            {
                sampleStore = await SqliteSampleStore.OpenAsync(parsed.GetValue(store)!, CancellationToken.None);
            }
            catch (FileInUseException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is SampleStoreMismatchException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"usage: {e.Message}");
                return ExitCodes.Usage;
            }

            await using (sampleStore)
            {
                using var interrupt = Interrupt.Listen("stopping: no new samples; finishing those in flight (Ctrl-C again to quit now)", cancellationToken);
                DashboardHost.Started? server = null;
                if (parsed.GetValue(serve) && (server = await DashboardHost.StartAsync(new StoreArgument(sampleStore.Path), serving, interrupt.Token)) is null)
                {
                    Console.Error.WriteLine("Nothing was watched.");
                    return ExitCodes.Usage;
                }

                await using (server)
                {
                    return await WatchAsync(parsed, jobPath, list, sampleStore, limits, headers, proxy, run, connection, interrupt, server?.Board);
                }
            }
        });
        return command;
    }

    private static async Task<int> WatchAsync(
        ParseResult parsed, string jobPath, (WatchList List, Engine.RunSettings Settings, FetchLimits Limits) loaded, ISampleStore store,
        LimitOptions limits, HeaderOptions headers, ProxyOptions proxy, RunOptions run, ConnectionOptions connection, Interrupt interrupt, LiveBoard? board)
    {
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = new CachingResolver().ResolveAsync });
        // A terminal gets the live table; a pipe or a log gets one plain line per sample.
        var live = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
        var output = new Lock();
        WatchEngine? watch = null;
        await using var notifier = new Notifier(fetcher, TimeProvider.System, loaded.Limits, Environment.GetEnvironmentVariable, failure =>
        {
            lock (output)
            {
                Console.Error.WriteLine(failure.Message);
            }
        })
        {
            // Kept with the target's history (its page on the dashboard lists them); after the watch stops, not kept.
            Settled = e => watch?.Record(e),
        };
        var engine = new WatchEngine(fetcher, loaded.Settings, store)
        {
            SampleTaken = (target, sample, before, after) =>
            {
                notifier.Observe(target, sample, before, after);
                board?.Apply(after, sample);
                if (live)
                {
                    return;
                }

                var line = SampleLines.Format(target, sample, before);
                lock (output)
                {
                    Console.Out.WriteLine(line);
                }
            },
        };
        watch = engine;
        connection.Warn(parsed, Console.Error);
        Console.Error.WriteLine($"watching {loaded.List.Targets.Count} target(s) from {jobPath}; samples go to the store. Ctrl-C stops.");
        var current = loaded.List;
        using var reloader = new JobReloader(jobPath, () =>
        {
            if (Load(parsed, jobPath, limits, headers, proxy, run, connection) is { } reloaded)
            {
                engine.Update(reloaded.List);
                board?.Declare(reloaded.List.Targets);
                Console.Error.WriteLine($"reloaded {jobPath}: {Changes(current, reloaded.List)}");
                current = reloaded.List;
            }
            else
            {
                Console.Error.WriteLine($"kept the running list of {current.Targets.Count} target(s): {jobPath} has the problems above");
            }
        });
        board?.Declare(loaded.List.Targets);
        var watching = engine.RunAsync(loaded.List, interrupt.Token);
        if (live)
        {
            await LiveTable.FollowAsync(engine, watching, AnsiConsole.Console);
        }

        await watching;
        // Within the second a service manager gives a stop: notifications still waiting after it are counted, not sent.
        var counts = await notifier.StopAsync(NotifyGrace, CancellationToken.None);
        Console.Error.WriteLine($"stopped: {engine.Taken} sample(s) taken and kept; notifications sent {counts.Sent}, failed {counts.Failed}, dropped {counts.Dropped}, not sent in time {counts.Pending}.");
        return interrupt.Requested ? interrupt.ExitCode : 0;
    }

    // What a reload did, for the person who saved the file: "3 target(s): 1 added (x), 1 removed (y), 1 edited (z)".
    internal static string Changes(WatchList before, WatchList after)
    {
        var old = before.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var now = after.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var added = now.Keys.Where(n => !old.ContainsKey(n)).ToList();
        var removed = old.Keys.Where(n => !now.ContainsKey(n)).ToList();
        var edited = now.Where(t => old.TryGetValue(t.Key, out var was) && Definition(was) != Definition(t.Value)).Select(t => t.Key).ToList();
        var parts = new[] { ("added", added), ("removed", removed), ("edited", edited) }
            .Where(p => p.Item2.Count > 0)
            .Select(p => $"{p.Item2.Count} {p.Item1} ({string.Join(", ", p.Item2.Take(3).Select(DisplayText.Escape))}{(p.Item2.Count > 3 ? ", …" : "")})");
        var summary = string.Join(", ", parts);
        return $"{after.Targets.Count} target(s)" + (summary.Length > 0 ? $": {summary}" : ", none changed");
    }

    // A target's definition as far as a person edits it; compiled rules compare by their text. Header values are
    // compared (a new API key is an edit) but this text is never shown, since some of them are secrets.
    internal static string Definition(Targets.Target t) =>
        $"{t.Url}|{string.Join(";", t.Extract?.Steps.Select(s => $"{s.Kind}:{s.Expression}") ?? [])}|{t.Value}|{t.Limits}|{t.Retries}|{t.Watch?.Schedule}|{t.Watch?.Keep}|{t.Watch?.Threshold}|{string.Join(";", t.Watch?.Notify.Select(n => n.ToString()) ?? [])}|{string.Join("\n", t.Headers.Select(h => $"{h.Name}:{h.Secret}:{h.Value}"))}|{t.Method}|{t.Idempotent}|{BodyText(t.Body)}|{t.Connection with { Proxy = null }}|{Definition(t.Connection.Proxy?.Http)}|{Definition(t.Connection.Proxy?.Https)}|{t.Connection.Proxy?.Bypass}";

    // A body compares by its media type and a digest of its bytes: a changed GraphQL query is an edit.
    private static string BodyText(RequestBody? body) =>
        body is null ? "" : $"{body.MediaType}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body.Content.Span))}";

    // With the credentials, so that a new proxy password is an edit too; never shown, like the header values.
    private static string Definition(Fetching.Proxies.ProxyServer? proxy) =>
        proxy is null ? "direct" : $"{proxy}:{proxy.UserName}:{proxy.Password}";

    // Every problem of the file and the flags at once, each on its own line; null when there was one.
    private static (WatchList List, Engine.RunSettings Settings, FetchLimits Limits)? Load(
        ParseResult parsed, string jobPath, LimitOptions limits, HeaderOptions headers, ProxyOptions proxy, RunOptions run, ConnectionOptions connection)
    {
        try
        {
            var source = TargetSource.Load(parsed, jobPath, urlsPath: null, new RuleOptions(), limits, run, headers, proxy, connection);
            var list = new WatchList(source.Targets, source.DefaultKeep).Validate();
            return (list, source.Settings, source.DefaultLimits);
        }
        catch (RunProblemsException e)
        {
            foreach (var problem in e.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.Error.WriteLine($"{e.Problems.Count} problem(s) in {jobPath}.");
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"usage: {jobPath}: {e.Message}");
        }

        return null;
    }
}
