using System.Buffers;
using System.Text;
using Gleaner.Fetching.Addresses;
using Gleaner.Watching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>notify</c>: one mapping or a list of them, each <c>{ url, on, after, bearer_env }</c>. A token never
/// lives in the job file: a key that would hold one is refused, and <c>bearer_env</c> names the environment
/// variable that does.
/// </summary>
internal static class NotifyReader
{
    /// <summary>The keys of one notification.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["url", "on", "after", "bearer_env"];

    /// <summary>The values of <c>on</c>, as written in a job file.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["change", "failure", "recovery"];

    /// <summary>The most failures in a row <c>after</c> may wait for.</summary>
    public const int MaxAfter = 1_000;

    private const string Form = "a mapping such as { url: https://hooks.example.com/gleaner } or a list of them";

    // Words of keys that would hold a secret (bearer, token, authorization, password, api_key, …).
    private static readonly SearchValues<char> VariableChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private static readonly string[] SecretWords = ["bearer", "token", "auth", "password", "passwd", "secret", "api_key", "apikey", "credential"];

    /// <summary>The rules, or null after reporting every problem; an empty list (<c>notify: []</c>) sends nothing.</summary>
    public static IReadOnlyList<NotifyRule>? Read(JobNode node, JobErrors errors)
    {
        var before = errors.Count;
        var rules = new List<NotifyRule>();
        switch (node)
        {
            case JobMap map:
                Add(ReadRule(map, errors), rules);
                break;
            case JobList list:
                foreach (var item in list.Items)
                {
                    if (item is JobMap one)
                    {
                        Add(ReadRule(one, errors), rules);
                    }
                    else
                    {
                        errors.Add(item, $"notify: expected a mapping such as {{ url: https://hooks.example.com/gleaner }}, not {item.Description}");
                    }
                }

                break;
            default:
                errors.Add(node, $"notify: expected {Form}, not {node.Description}");
                break;
        }

        return errors.Count == before ? rules : null;
    }

    private static void Add(NotifyRule? rule, List<NotifyRule> rules)
    {
        if (rule is not null)
        {
            rules.Add(rule);
        }
    }

    private static NotifyRule? ReadRule(JobMap map, JobErrors errors)
    {
        var before = errors.Count;
        Uri? url = null;
        var on = NotifyOn.Change | NotifyOn.Failure | NotifyOn.Recovery;
        var after = 1;
        string? bearerEnv = null;
        foreach (var (key, value) in map.Entries)
        {
            switch (key.Value)
            {
                case "url":
                    url = ReadUrl(value, errors);
                    break;
                case "on":
                    on = ReadOn(value, errors) ?? on;
                    break;
                case "after" when ScalarReader.TryInteger(value, "notify.after", errors, out var count):
                    if (count is < 1 or > MaxAfter)
                    {
                        errors.Add(value, $"notify.after: {ScalarReader.Shown(value)} is out of range (after must be between 1 and {MaxAfter}, not {count})");
                    }

                    after = count;
                    break;
                case "bearer_env" when ScalarReader.TryText(value, "notify.bearer_env", "the name of an environment variable", errors, out var name):
                    // The value is not shown: a token pasted here by mistake must not end up in an error message.
                    if (!IsVariableName(name))
                    {
                        errors.Add(value, "notify.bearer_env: is not the name of an environment variable (letters, digits and _, such as HOOK_TOKEN)");
                    }

                    bearerEnv = name;
                    break;
                case "after" or "bearer_env":
                    break;
                case var secret when IsSecret(secret):
                    errors.Add(key, $"{UrlText.Show(secret)} in notify: secrets come from environment variables: use bearer_env: with the name of the variable that holds the token");
                    break;
                default:
                    errors.Add(key, UnknownKey.Message(key.Value, "in notify", Keys));
                    break;
            }
        }

        if (map.Find("url") is null)
        {
            errors.Add(map, "notify: has no url; write where to post events, such as { url: https://hooks.example.com/gleaner }");
        }

        return errors.Count == before && url is not null
            ? new NotifyRule { Url = url, On = on, FailuresInARow = after, BearerEnv = bearerEnv }
            : null;
    }

    private static Uri? ReadUrl(JobNode node, JobErrors errors)
    {
        if (!ScalarReader.TryText(node, "notify.url", "an http or https URL", errors, out var text))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > JobFileLimits.MaxUrlBytes)
        {
            errors.Add(node, $"notify.url: is {bytes} bytes long; the longest allowed is {JobFileLimits.MaxUrlBytes} (8KiB)");
            return null;
        }

        if (!TargetUrl.TryParse(text, out var url, out var problem))
        {
            errors.Add(node, $"notify.url: {problem}");
        }

        return url;
    }

    private static NotifyOn? ReadOn(JobNode node, JobErrors errors)
    {
        var items = node switch
        {
            JobList { Items.Count: 0 } => null,
            JobList list => list.Items,
            _ => [node],
        };
        if (items is null)
        {
            errors.Add(node, "notify.on: the list is empty; leave on out to send change, failure and recovery");
            return null;
        }

        var on = NotifyOn.None;
        var ok = true;
        foreach (var item in items)
        {
            if (ScalarReader.TryChoice(item, "notify.on", Kinds, errors, out var kind))
            {
                on |= Enum.Parse<NotifyOn>(kind, ignoreCase: true);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? on : null;
    }

    private static bool IsSecret(string key)
    {
        var lower = key.ToLowerInvariant();
        return SecretWords.Any(word => lower.Contains(word, StringComparison.Ordinal));
    }

    private static bool IsVariableName(string name) =>
        name.Length is > 0 and <= 128 && !char.IsAsciiDigit(name[0]) && !name.AsSpan().ContainsAnyExcept(VariableChars);
}
