using Gleaner.Targets;

namespace Gleaner.Jobs;

/// <summary>
/// Loads job files: YAML with <c>defaults</c> and <c>targets</c>. Every problem in a file is found and reported
/// with its file, line and column, sorted by position; a file with any problem runs nothing.
/// </summary>
/// <remarks>
/// <para>The schema (docs/job-files.md): <c>defaults</c> holds the fetch limits (timeout, headers_timeout,
/// connect_timeout, stall, max_bytes, max_redirects, allow_private), retries, the watch keys (every or cron,
/// timezone, keep, threshold, notify), and the run-level settings (concurrency, per_host { concurrency, delay,
/// jitter }, robots, key_by, max_retry_after), and the headers (headers, user_agent), and ca_cert. Each target holds name and
/// url (required), extract, value, retries, and any fetch-limit, header, ca_cert or watch key over the defaults'.</para>
/// <para>Bounds: <see cref="JobFileLimits"/>. YAML aliases are refused, so a small file cannot expand into a
/// huge one.</para>
/// </remarks>
public static class JobFileParser
{
    private const string What = "a job file";

    /// <summary>The top-level keys.</summary>
    private static readonly string[] TopKeys = ["defaults", "targets"];

    /// <summary>Reads and parses the job file at <paramref name="path"/>, filling header <c>${NAME}</c> references from the process environment; errors carry the path as given.</summary>
    /// <exception cref="JobFileException">The file is missing, too large, not UTF-8, or has problems.</exception>
    public static JobFile Load(string path) => Load(path, Environment.GetEnvironmentVariable);

    /// <summary>Reads and parses the job file at <paramref name="path"/>, filling <c>${NAME}</c> references from <paramref name="environment"/>.</summary>
    /// <exception cref="JobFileException">The file is missing, too large, not UTF-8, or has problems (an unset variable among them).</exception>
    public static JobFile Load(string path, Func<string, string?> environment) => Parse(BoundedText.Read(path, What), path, environment);

    /// <summary>Parses <paramref name="yaml"/>, filling header <c>${NAME}</c> references from the process environment; errors carry <paramref name="fileName"/>.</summary>
    /// <exception cref="JobFileException">The job has one or more problems; all are listed, up to <see cref="JobFileLimits.MaxProblems"/>.</exception>
    public static JobFile Parse(string yaml, string fileName) => Parse(yaml, fileName, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Parses <paramref name="yaml"/>, filling the <c>${NAME}</c> references of header values from
    /// <paramref name="environment"/> (a name to its value, null when unset); errors carry <paramref name="fileName"/>.
    /// </summary>
    /// <exception cref="JobFileException">The job has one or more problems (an unset variable among them); all are listed, up to <see cref="JobFileLimits.MaxProblems"/>.</exception>
    public static JobFile Parse(string yaml, string fileName, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(environment);
        BoundedText.CheckSize(yaml, fileName, What);

        var errors = new JobErrors(fileName);
        var root = YamlTreeReader.Read(yaml, errors);
        errors.ThrowIfAny();
        if (root is null or JobScalar { IsNull: true })
        {
            throw JobErrors.Single(fileName, "the file is empty; a job file needs a 'targets' list");
        }

        if (root is not JobMap map)
        {
            throw JobErrors.Single(fileName, $"expected a mapping with 'defaults' and 'targets' at the top level, not {root.Description}", root.Line, root.Column);
        }

        foreach (var (key, _) in map.Entries)
        {
            if (!TopKeys.Contains(key.Value))
            {
                errors.Add(key, UnknownKey.Message(key.Value, "at the top level", TopKeys));
            }
        }

        var watch = new WatchReader(errors);
        var header = new HeaderReader(errors, environment);
        var request = new RequestReader(errors, environment);
        // A relative ca_cert is the job file's: the same file wherever the command runs.
        var connection = new ConnectionReader(errors, Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory());
        var proxy = new ProxyReader(errors, environment);
        var (defaults, settings, retries, watchDefaults, headers, cookies) =
            DefaultsReader.Read(map.Find("defaults")?.Value, errors, watch, header, request, connection, proxy);
        var targets = ReadTargets(map, errors, new TargetReader(errors, defaults, watch, watchDefaults, header, headers, request, connection, proxy)
        {
            CookiesDefault = cookies,
        });
        errors.ThrowIfAny();
        return new JobFile(settings, defaults, targets, retries) { DefaultKeep = watchDefaults.Keep };
    }

    private static List<Target> ReadTargets(JobMap map, JobErrors errors, TargetReader reader)
    {
        var targets = new List<Target>();
        switch (map.Find("targets")?.Value)
        {
            case null:
                errors.Add(map, "no targets: a job file needs a 'targets' list");
                break;
            case JobList { Items.Count: 0 } or JobScalar { IsNull: true }:
                errors.Add(map.Find("targets")!.Value, "targets: the list is empty; a job needs at least one target");
                break;
            case JobList { Items.Count: > JobFileLimits.MaxTargets } many:
                // Counted before any target is read, so an oversized file is refused quickly.
                errors.Add(many, $"targets: {many.Items.Count} targets is more than the limit of {JobFileLimits.MaxTargets}");
                break;
            case JobList list:
                targets.Capacity = list.Items.Count;
                for (var i = 0; i < list.Items.Count && !errors.Full; i++)
                {
                    if (reader.Read(list.Items[i], i) is { } target)
                    {
                        targets.Add(target);
                    }
                }

                break;
            case var other:
                errors.Add(other, $"targets: expected a list of targets, not {other.Description}");
                break;
        }

        return targets;
    }
}
