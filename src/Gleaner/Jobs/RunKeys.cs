using Gleaner.Engine;

namespace Gleaner.Jobs;

/// <summary>
/// The run-level keys, allowed only under <c>defaults</c>: they shape the whole run, not one fetch. Each key
/// reads into an override checked on its own against <see cref="RunSettings.Validate"/>.
/// </summary>
internal static class RunKeys
{
    /// <summary>The run-level keys (retries is also a target key and is read by its callers).</summary>
    public static IReadOnlyList<string> Names { get; } = ["concurrency", "per_host", "robots", "key_by", "max_retry_after"];

    /// <summary>The keys of <c>per_host</c>.</summary>
    public static IReadOnlyList<string> PerHostNames { get; } = ["concurrency", "delay", "jitter"];

    /// <summary>The values of <c>key_by</c>.</summary>
    public static IReadOnlyList<string> KeyByChoices { get; } = ["host", "domain"];

    /// <summary>Reads one run-level key into overrides (per_host gives one per inner key); problems go to <paramref name="errors"/>.</summary>
    public static void Read(string key, JobNode value, JobErrors errors, List<Func<RunSettings, RunSettings>> overrides)
    {
        switch (key)
        {
            case "concurrency" when ScalarReader.TryInteger(value, key, errors, out var concurrency):
                Add(s => s with { Concurrency = concurrency }, key, value, errors, overrides);
                break;
            case "robots" when ScalarReader.TryBoolean(value, key, errors, out var robots):
                Add(s => s with { RespectRobots = robots }, key, value, errors, overrides);
                break;
            case "key_by" when ScalarReader.TryChoice(value, key, KeyByChoices, errors, out var keyBy):
                Add(s => s with { KeyByRegistrableDomain = keyBy == "domain" }, key, value, errors, overrides);
                break;
            case "max_retry_after" when ScalarReader.TryDuration(value, key, errors, out var maxRetryAfter):
                Add(s => s with { MaxRetryAfter = maxRetryAfter }, key, value, errors, overrides);
                break;
            case "per_host":
                ReadPerHost(value, errors, overrides);
                break;
        }
    }

    /// <summary>Reads <c>retries</c>, a run-level default and a per-target override alike.</summary>
    public static bool TryRetries(JobNode value, JobErrors errors, out int retries)
    {
        if (!ScalarReader.TryInteger(value, "retries", errors, out var read))
        {
            retries = 0;
            return false;
        }

        retries = read;
        return Add(s => s with { Retries = read }, "retries", value, errors, overrides: null);
    }

    private static void ReadPerHost(JobNode node, JobErrors errors, List<Func<RunSettings, RunSettings>> overrides)
    {
        if (node is not JobMap map)
        {
            errors.Add(node, $"per_host: expected a mapping such as {{ concurrency: 4, delay: 1s, jitter: 500ms }}, not {node.Description}");
            return;
        }

        foreach (var (keyNode, value) in map.Entries)
        {
            var label = "per_host." + keyNode.Value;
            switch (keyNode.Value)
            {
                case "concurrency" when ScalarReader.TryInteger(value, label, errors, out var concurrency):
                    Add(s => s with { PerHostConcurrency = concurrency }, label, value, errors, overrides);
                    break;
                case "delay" when ScalarReader.TryDuration(value, label, errors, out var delay):
                    Add(s => s with { PerHostDelay = delay }, label, value, errors, overrides);
                    break;
                case "jitter" when ScalarReader.TryDuration(value, label, errors, out var jitter):
                    Add(s => s with { Jitter = jitter }, label, value, errors, overrides);
                    break;
                case "concurrency" or "delay" or "jitter":
                    break;
                default:
                    errors.Add(keyNode, UnknownKey.Message(keyNode.Value, "in per_host", PerHostNames));
                    break;
            }
        }
    }

    private static bool Add(Func<RunSettings, RunSettings> apply, string label, JobNode value, JobErrors errors, List<Func<RunSettings, RunSettings>>? overrides)
    {
        try
        {
            apply(RunSettings.Default).Validate();
            overrides?.Add(apply);
            return true;
        }
        catch (ArgumentException e)
        {
            errors.Add(value, $"{label}: {ScalarReader.Shown(value)} is out of range ({e.Message})");
            return false;
        }
    }
}
