using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>headers</c> (a mapping of name to value) and <c>user_agent</c> (the User-Agent header), under
/// <c>defaults</c> and in a target. Values may hold <c>${NAME}</c> references to environment variables; a header
/// filled so is secret. No message quotes a value.
/// </summary>
internal sealed class HeaderReader(JobErrors errors, Func<string, string?> environment)
{
    /// <summary>The keys this reader owns, in defaults and in a target alike.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["headers", "user_agent"];

    private const string UserAgent = "User-Agent";

    /// <summary>Reads one of <see cref="Keys"/> into <paramref name="headers"/>, the headers of one scope (defaults or a target).</summary>
    public void Read(JobScalar key, JobNode value, List<RequestHeader> headers)
    {
        if (key.Value == "user_agent")
        {
            if (ScalarReader.TryText(value, "user_agent", "the text of the User-Agent header, such as 'myapp/1.0 (me@example.com)'", errors, out var text))
            {
                Add(headers, UserAgent, "user_agent", text, value);
            }

            return;
        }

        if (value is not JobMap map)
        {
            errors.Add(value, $"headers: expected a mapping of name to value such as {{ X-Api-Key: '${{API_KEY}}' }}, not {value.Description}");
            return;
        }

        foreach (var (name, field) in map.Entries)
        {
            var label = $"headers.{name.Value}";
            if (ScalarReader.TryText(field, label, "a header value (text)", errors, out var text))
            {
                Add(headers, name.Value, label, text, field);
            }
        }
    }

    /// <summary>The headers of <paramref name="defaults"/> a target keeps (those it does not name itself, case-insensitively) followed by its own.</summary>
    public static IReadOnlyList<RequestHeader> Merge(IReadOnlyList<RequestHeader> defaults, IReadOnlyList<RequestHeader> own) =>
        own.Count == 0 ? defaults : [.. defaults.Where(d => !own.Any(o => SameName(o, d))), .. own];

    private void Add(List<RequestHeader> headers, string name, string label, string text, JobNode at)
    {
        var problems = new List<string>();
        var header = HeaderText.Create(name, text, environment, problems);
        foreach (var problem in problems)
        {
            errors.Add(at, $"{label}: {problem}");
        }

        if (header is null)
        {
            return;
        }

        if (headers.Any(h => SameName(h, header)))
        {
            // YAML keeps keys unique, but not across case: X-Key and x-key are one header.
            // user_agent and headers.User-Agent are one header too.
            errors.Add(at, $"{label}: the header {name} is set twice here (names are case-insensitive, and user_agent is User-Agent); keep one");
            return;
        }

        headers.Add(header);
    }

    private static bool SameName(RequestHeader a, RequestHeader b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
}
