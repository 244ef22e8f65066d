using Gleaner.Engine;
using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>defaults</c>: the fetch limits every target starts from, <c>retries</c>, the headers (headers,
/// user_agent), proxy and <c>cookies</c> each target starts from, the watch keys each target
/// starts from (every, cron, timezone, keep, threshold, notify), and the run-level settings (concurrency, per_host,
/// robots, key_by, max_retry_after) that only make sense for the whole run.
/// </summary>
internal static class DefaultsReader
{
    /// <summary>Every key allowed under defaults.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. LimitKeys.Names, "retries", .. HeaderReader.Keys, .. RequestReader.Keys, .. ConnectionReader.Keys, ProxyReader.Key, TargetReader.CookiesKey, .. RunKeys.Names, .. WatchReader.Keys];

    /// <summary>Reads <paramref name="node"/> (null when the file has no defaults); problems go to <paramref name="errors"/>.</summary>
    public static (FetchLimits Limits, RunSettings Settings, int? Retries, WatchDraft Watch, IReadOnlyList<RequestHeader> Headers, bool Cookies) Read(
        JobNode? node, JobErrors errors, WatchReader watch, HeaderReader header, RequestReader request, ConnectionReader connection, ProxyReader proxy)
    {
        var limits = new List<Func<FetchLimits, FetchLimits>>();
        var settings = new List<Func<RunSettings, RunSettings>>();
        int? retries = null;
        var watched = new WatchDraft();
        var headers = new List<RequestHeader>();
        var cookies = false;
        if (node is JobMap map)
        {
            foreach (var (key, value) in map.Entries)
            {
                if (LimitKeys.Names.Contains(key.Value))
                {
                    if (LimitKeys.Read(key.Value, value, errors) is { } apply)
                    {
                        limits.Add(apply);
                    }
                }
                else if (key.Value == "retries")
                {
                    if (RunKeys.TryRetries(value, errors, out var count))
                    {
                        retries = count;
                        settings.Add(s => s with { Retries = count });
                    }
                }
                else if (HeaderReader.Keys.Contains(key.Value))
                {
                    header.Read(key, value, headers);
                }
                else if (RequestReader.Keys.Contains(key.Value))
                {
                    request.Read(key, value, request.Defaults);
                }
                else if (ConnectionReader.Owns(key.Value))
                {
                    connection.ReadDefault(key, value);
                }
                else if (key.Value == ProxyReader.Key)
                {
                    proxy.ReadDefaults(value);
                }
                else if (key.Value == TargetReader.CookiesKey)
                {
                    cookies = ScalarReader.TryBoolean(value, key.Value, errors, out var on) ? on : cookies;
                }
                else if (RunKeys.Names.Contains(key.Value))
                {
                    RunKeys.Read(key.Value, value, errors, settings);
                }
                else if (WatchReader.Keys.Contains(key.Value))
                {
                    watch.Read(key, value, watched, "defaults");
                }
                else if (TargetReader.TargetOnlyKeys.Contains(key.Value))
                {
                    errors.Add(key, $"'{key.Value}' belongs in a target, not in defaults");
                }
                else
                {
                    errors.Add(key, UnknownKey.Message(key.Value, "in defaults", Keys));
                }
            }
        }
        else if (node is not null and not JobScalar { IsNull: true })
        {
            errors.Add(node, $"defaults: expected a mapping of settings such as {{ timeout: 10s }}, not {node.Description}");
        }

        watch.CheckDefaults(watched);
        request.AddAuth(request.Defaults, headers);
        var anchor = node ?? new JobScalar(1, 1, "", isNull: true, null);
        return (
            Validated(limits.Aggregate(FetchLimits.Default, (l, apply) => apply(l)), l => l.Validate(), anchor, errors),
            Validated(settings.Aggregate(RunSettings.Default, (s, apply) => apply(s)), s => s.Validate(), anchor, errors),
            retries,
            watched,
            headers,
            cookies);
    }

    /// <summary>
    /// Runs a whole-record check as a backstop (each key was already checked on its own) and reports a failure
    /// at <paramref name="node"/>.
    /// </summary>
    internal static T Validated<T>(T value, Func<T, T> validate, JobNode node, JobErrors errors)
    {
        try
        {
            return validate(value);
        }
        catch (ArgumentException e)
        {
            errors.Add(node, e.Message);
            return value;
        }
    }
}
