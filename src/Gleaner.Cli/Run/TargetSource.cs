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
/// flag applies to every target, a run flag replaces the job file's default.
/// </summary>
internal sealed record TargetSource(IReadOnlyList<Target> Targets, RunSettings Settings, string Fingerprint)
{
    /// <summary>Loads the targets; throws <see cref="JobFileException"/>, <see cref="ArgumentException"/> or a rule error.</summary>
    public static TargetSource Load(ParseResult parsed, string? jobPath, string? urlsPath, RuleOptions rules, LimitOptions limits, RunOptions run)
    {
        if ((jobPath is null) == (urlsPath is null))
        {
            throw new ArgumentException("give a job file (gleaner run JOB.yaml) or a URL list (gleaner run --urls FILE), not both or neither");
        }

        if (jobPath is not null)
        {
            if (rules.AnyGiven(parsed))
            {
                throw new ArgumentException("rule flags (--css, --regex, --type, …) go with --urls; a job file gives each target its own rules");
            }

            var job = JobFileParser.Load(jobPath);
            var targets = limits.AnyGiven(parsed)
                ? [.. job.Targets.Select(t => t with { Limits = limits.Build(parsed, t.Limits) })]
                : job.Targets;
            return new TargetSource(targets, run.Build(parsed, job.Settings), Hash(File.ReadAllBytes(jobPath), ""));
        }

        var urls = UrlListParser.Load(urlsPath!);
        var (chain, spec) = rules.Build(parsed);
        var targetLimits = limits.Build(parsed, FetchLimits.Default);
        var list = urls.Select(u => new Target
        {
            Name = u.Url.OriginalString,
            Url = u.Url,
            Extract = chain,
            Value = spec,
            Limits = targetLimits,
            Source = $"{urlsPath}:{u.Line}",
        }).ToList();
        var rule = chain is null ? "" : string.Join(" then ", chain.Steps.Select(st => $"{st.Kind}:{st.Expression}"));
        return new TargetSource(list, run.Build(parsed, RunSettings.Default), Hash(File.ReadAllBytes(urlsPath!), $"{rule}|{spec}"));
    }

    // A state file belongs to one job: the same file (and, for a URL list, the same rule). Limit and run flags
    // may change between a run and its resume; they change how targets are fetched, not which targets there are.
    private static string Hash(byte[] content, string rule) =>
        Convert.ToHexString(SHA256.HashData([.. content, .. Encoding.UTF8.GetBytes("\n" + rule)]));
}
