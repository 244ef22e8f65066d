using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Gleaner.Cli.Options;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Jobs;
using Gleaner.Targets;

namespace Gleaner.Cli.Run;

/// <summary>
/// Where a run's targets come from: a YAML job file, or a URL list with the rule given by flags. Flags win: a limit
/// flag applies to every target, a header flag replaces a target's header of the same name, --ca-cert replaces a
/// target's ca_cert, a run flag replaces the job file's default, <c>--proxy</c> replaces every target's proxy; the
/// environment's proxies go to the targets that name none.
/// </summary>
internal sealed record TargetSource(IReadOnlyList<Target> Targets, RunSettings Settings, string Fingerprint)
{
    /// <summary>The job file's <c>keep</c> under defaults: how long a watch keeps the history of a target no longer in it.</summary>
    public TimeSpan? DefaultKeep { get; init; }

    /// <summary>The job file's fetch limits under defaults, with limit flags applied: what a watch's notifications are sent under.</summary>
    public FetchLimits DefaultLimits { get; init; } = FetchLimits.Default;

    /// <summary>
    /// Loads the targets. Every bad flag and every problem in the file is found before anything is given up, and all
    /// of them are thrown together as a <see cref="RunProblemsException"/>; giving both a job and a list, or neither,
    /// is an <see cref="ArgumentException"/>.
    /// </summary>
    public static TargetSource Load(ParseResult parsed, string? jobPath, string? urlsPath, RuleOptions rules, LimitOptions limits, RunOptions run, HeaderOptions headers,
        ProxyOptions proxy, ConnectionOptions? connection = null)
    {
        if ((jobPath is null) == (urlsPath is null))
        {
            throw new ArgumentException("give a job file (gleaner run JOB.yaml) or a URL list (gleaner run --urls FILE), not both or neither");
        }

        var problems = new FlagProblems();
        if (jobPath is not null)
        {
            if (rules.AnyGiven(parsed))
            {
                problems.Add("rule flags (--css, --regex, --type, …) go with --urls; a job file gives each target its own rules");
            }

            var (limitFlags, runFlags, headerFlags) = (limits.Read(parsed, problems), run.Read(parsed, problems), headers.Read(parsed, problems));
            var connectionFlags = connection is not null && connection.AnyGiven(parsed) ? connection.Read(parsed, problems) : null;
            var proxied = proxy.Read(parsed, problems);
            var job = ReadFile(() => JobFileParser.Load(jobPath, headers.Environment), problems);
            var targets = limits.AnyGiven(parsed) || headerFlags.Count > 0 || connectionFlags is not null
                ? [.. job.Targets.Select(t => t with
                {
                    Limits = limitFlags(t.Limits),
                    Headers = HeaderOptions.Over(t.Headers, headerFlags),
                    Connection = connectionFlags?.Invoke(t.Connection) ?? t.Connection,
                })]
                : job.Targets;
            targets = [.. targets.Select(t => ProxyOptions.Apply(t, proxied, proxy.Given(parsed)))];
            return new TargetSource(targets, runFlags(job.Settings).Validate(), Hash(File.ReadAllBytes(jobPath), "")) { DefaultKeep = job.DefaultKeep, DefaultLimits = limits.AnyGiven(parsed) ? limitFlags(job.Defaults) : job.Defaults };
        }

        var (chain, spec) = rules.Read(parsed, problems);
        var (targetLimits, settings) = (limits.Read(parsed, problems)(FetchLimits.Default), run.Read(parsed, problems)(RunSettings.Default));
        var targetHeaders = headers.Read(parsed, problems);
        var targetConnection = (connection?.Read(parsed, problems)(ConnectionSettings.Default) ?? ConnectionSettings.Default) with
        {
            Proxy = proxy.Read(parsed, problems).Proxy,
        };
        var urls = ReadFile(() => UrlListParser.Load(urlsPath!), problems);
        var list = urls.Select(u => new Target
        {
            Name = u.Url.OriginalString,
            Url = u.Url,
            Extract = chain,
            Value = spec!,
            Limits = targetLimits,
            Headers = targetHeaders,
            Connection = targetConnection,
            Source = $"{urlsPath}:{u.Line}",
        }).ToList();
        var rule = chain is null ? "" : string.Join(" then ", chain.Steps.Select(st => $"{st.Kind}:{st.Expression}"));
        return new TargetSource(list, settings.Validate(), Hash(File.ReadAllBytes(urlsPath!), $"{rule}|{spec}"));
    }

    // The file is read even when a flag is bad, so its problems join the flags' in one report.
    private static T ReadFile<T>(Func<T> read, FlagProblems problems)
    {
        IReadOnlyList<JobError> errors = [];
        T? file = default;
        try
        {
            file = read();
        }
        catch (JobFileException e)
        {
            errors = e.Errors;
        }

        if (problems.Count + errors.Count > 0)
        {
            throw new RunProblemsException([.. problems.Lines, .. errors.Select(e => e.ToString())]);
        }

        return file!;
    }

    // A state file belongs to one job: the same file (and, for a URL list, the same rule). Limit and run flags
    // may change between a run and its resume; they change how targets are fetched, not which targets there are.
    private static string Hash(byte[] content, string rule) =>
        Convert.ToHexString(SHA256.HashData([.. content, .. Encoding.UTF8.GetBytes("\n" + rule)]));
}
