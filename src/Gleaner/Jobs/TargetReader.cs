using System.Text;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Fetching.Addresses;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Jobs;

/// <summary>
/// Reads the targets of one job file: checks each target's keys, keeps names unique, and merges each target's
/// limit, header, request, connection, cookies and watch overrides onto the file's defaults. One instance per file, so compiled rules, specs and
/// schedules are shared.
/// </summary>
internal sealed class TargetReader(JobErrors errors, FetchLimits defaults, WatchReader watch, WatchDraft watchDefaults,
    HeaderReader header, IReadOnlyList<RequestHeader> headerDefaults, RequestReader request, ConnectionReader connection, ProxyReader proxy)
{
    /// <summary>The keys only a target has.</summary>
    public static IReadOnlyList<string> TargetOnlyKeys { get; } = ["name", "url", "extract", "value"];

    /// <summary>The key that makes a target keep cookies (a jar of its own); in defaults, every target.</summary>
    public const string CookiesKey = "cookies";

    /// <summary>Every key a target may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. TargetOnlyKeys, "retries", .. LimitKeys.Names, .. HeaderReader.Keys, .. RequestReader.Keys, .. ConnectionReader.Keys, ProxyReader.Key, CookiesKey, .. WatchReader.Keys];

    private static readonly ValueSpec DefaultSpec = new();

    /// <summary>Whether a target keeps cookies when it does not say: <c>cookies</c> in defaults.</summary>
    public bool CookiesDefault { get; init; }

    private readonly Dictionary<string, int> names = new(StringComparer.Ordinal);

    // One instance for every target that keeps the defaults' connection settings (proxy and CA): they share a pool.
    private readonly ConnectionSettings defaultConnection = proxy.Defaults.Proxy is null ? connection.Defaults
        : connection.Defaults == ConnectionSettings.Default ? proxy.Defaults
        : connection.Defaults with { Proxy = proxy.Defaults.Proxy };
    private readonly RuleReader rules = new(errors);
    private readonly ValueReader values = new(errors);

    /// <summary>The target at <paramref name="index"/> (zero-based), or null after reporting its problems.</summary>
    public Target? Read(JobNode node, int index)
    {
        if (node is not JobMap map)
        {
            errors.Add(node, $"target {index + 1}: expected a mapping with at least name and url, not {node.Description}");
            return null;
        }

        var before = errors.Count;
        var name = ReadName(map.Find("name")?.Value);
        var where = name is null ? $"target {index + 1}" : $"target {UrlText.Show(name)}";
        Uri? url = null;
        ExtractionChain? extract = null;
        ValueSpec? spec = null;
        var watched = new WatchDraft();
        int? retries = null;
        var limits = defaults;
        var headers = new List<RequestHeader>();
        var asked = new RequestDraft();
        var connectionSettings = defaultConnection;
        var cookies = CookiesDefault;
        foreach (var (key, value) in map.Entries)
        {
            if (errors.Full)
            {
                return null;
            }

            switch (key.Value)
            {
                case "name":
                    break;
                case "url":
                    url = ReadUrl(value);
                    break;
                case "extract":
                    extract = rules.Read(value);
                    break;
                case "value":
                    spec = values.Read(value, where);
                    break;
                case var watchKey when WatchReader.Keys.Contains(watchKey):
                    watch.Read(key, value, watched, where);
                    break;
                case "retries":
                    retries = RunKeys.TryRetries(value, errors, out var count) ? count : null;
                    break;
                case var limit when LimitKeys.Names.Contains(limit):
                    limits = LimitKeys.Read(limit, value, errors) is { } apply ? apply(limits) : limits;
                    break;
                case var headerKey when HeaderReader.Keys.Contains(headerKey):
                    header.Read(key, value, headers);
                    break;
                case var requestKey when RequestReader.Keys.Contains(requestKey):
                    request.Read(key, value, asked);
                    break;
                case var connectionKey when ConnectionReader.Owns(connectionKey):
                    connectionSettings = connection.Read(key, value, connectionSettings);
                    break;
                case ProxyReader.Key:
                    connectionSettings = proxy.Read(value) is { } proxied && proxied.Proxy != connectionSettings.Proxy
                        ? connectionSettings with { Proxy = proxied.Proxy }
                        : connectionSettings;
                    break;
                case CookiesKey:
                    cookies = ScalarReader.TryBoolean(value, CookiesKey, errors, out var on) ? on : cookies;
                    break;
                case var run when RunKeys.Names.Contains(run):
                    errors.Add(key, $"'{run}' is a run-level setting; set it under defaults, not in {where}");
                    break;
                default:
                    errors.Add(key, UnknownKey.Message(key.Value, $"in {where}", Keys));
                    break;
            }
        }

        if (map.Find("name") is null)
        {
            errors.Add(map, $"{where} has no name");
        }

        if (map.Find("url") is null)
        {
            errors.Add(map, $"{where} has no url");
        }

        limits = DefaultsReader.Validated(limits, l => l.Validate(), map, errors);
        request.AddAuth(asked, headers);
        var (method, body, idempotent) = request.Merge(asked, where);
        var merged = HeaderReader.Merge(headerDefaults, headers);
        // Here, not at the fetch: a Host or Content-Length header, or a Content-Type without a body, is the file's mistake.
        foreach (var problem in RequestHeader.Problems(merged, withBody: body is not null))
        {
            errors.Add(map, $"{where}: {problem}");
        }

        // A refused value spec has no type to check a threshold against; its own error says enough.
        var type = spec?.Type ?? (map.Find("value") is null ? DefaultSpec.Type : null);
        var watchSpec = watch.Merge(watchDefaults, watched, type, where);
        if (errors.Count != before || name is null || url is null)
        {
            return null;
        }

        return new Target
        {
            Name = name,
            Url = url,
            Extract = extract,
            Value = spec ?? DefaultSpec,
            Limits = limits,
            Headers = merged,
            Method = method,
            Body = body,
            Idempotent = idempotent,
            Connection = connectionSettings,
            Cookies = cookies,
            Retries = retries,
            Watch = watchSpec,
            Source = $"{errors.File}:{map.Line}:{map.Column}",
        };
    }

    private string? ReadName(JobNode? node)
    {
        if (node is null || !ScalarReader.TryText(node, "name", "a name", errors, out var name))
        {
            return null;
        }

        string? problem = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = "name: must not be blank";
        }
        else if (name.Length > JobFileLimits.MaxNameLength)
        {
            problem = $"name: is {name.Length} characters long; the longest allowed is {JobFileLimits.MaxNameLength}";
        }
        else if (name.Any(char.IsControl))
        {
            problem = $"name: {UrlText.Show(name)} contains control characters";
        }
        else if (name is "." or "..")
        {
            // A path segment of its own on the dashboard (/api/targets/NAME), which every URL parser folds away.
            problem = $"name: '{name}' cannot name a target (the dashboard could not address it); add a letter";
        }
        else if (names.TryGetValue(name, out var firstLine))
        {
            problem = $"duplicate target name {UrlText.Show(name)} (first defined at line {firstLine})";
        }
        else
        {
            names.Add(name, node.Line);
            return name;
        }

        errors.Add(node, problem);
        return null;
    }

    private Uri? ReadUrl(JobNode node)
    {
        if (!ScalarReader.TryText(node, "url", "an http or https URL", errors, out var text))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > JobFileLimits.MaxUrlBytes)
        {
            errors.Add(node, $"url: is {bytes} bytes long; the longest allowed is {JobFileLimits.MaxUrlBytes} (8KiB)");
            return null;
        }

        if (!TargetUrl.TryParse(text, out var url, out var problem))
        {
            errors.Add(node, $"url: {problem}");
        }

        return url;
    }
}
