using System.CommandLine;
using Gleaner.Fetching;
using Gleaner.Jobs;

namespace Gleaner.Cli.Options;

/// <summary>
/// <c>--header 'Name: value'</c> (repeatable) and <c>--user-agent</c>, shared by <c>get</c>, <c>run</c> and
/// <c>watch</c>. A value may reference <c>${NAME}</c> as in a job file (quote it so the shell leaves it alone): the
/// header is then secret. No problem message quotes a value.
/// </summary>
internal sealed class HeaderOptions
{
    private const string UserAgentName = "User-Agent";

    public Option<string[]> Header { get; } = new("--header", "-H")
    {
        Description = "Send this header with each request: 'Name: value' (repeatable); ${VAR} takes a value from the environment and keeps it secret",
    };

    public Option<string?> UserAgent { get; } = new("--user-agent") { Description = "The User-Agent to send, e.g. 'myapp/1.0 (me@example.com)'" };

    /// <summary>Where <c>${NAME}</c> references are looked up, in flags and in the job file: the process environment unless a test gives its own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public void AddTo(Command command)
    {
        command.Options.Add(Header);
        command.Options.Add(UserAgent);
    }

    /// <summary>The headers the flags give, in order; each bad one goes to <paramref name="problems"/> named by its flag.</summary>
    public IReadOnlyList<RequestHeader> Read(ParseResult parsed, FlagProblems problems)
    {
        var headers = new List<RequestHeader>();
        if (parsed.GetValue(UserAgent) is { } agent)
        {
            Add(headers, UserAgentName, agent, "--user-agent", problems);
        }

        foreach (var text in parsed.GetValue(Header) ?? [])
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // The text may be a token pasted without its name: it is described, not quoted.
                problems.Add("--header: expected 'Name: value' such as 'X-Api-Key: ${API_KEY}'; the one given has no ':'");
                continue;
            }

            var name = text[..colon];
            if (HeaderText.NameProblem(name) is not null)
            {
                // A mangled flag can put part of a token before the ':', so the name is not quoted either.
                problems.Add("--header: the text before ':' is not a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)");
                continue;
            }

            Add(headers, name, text[(colon + 1)..].Trim(' ', '\t'), $"--header {name}", problems);
        }

        return headers;
    }

    /// <summary>The headers the flags give; throws <see cref="ArgumentException"/> naming the first bad flag.</summary>
    public IReadOnlyList<RequestHeader> Build(ParseResult parsed)
    {
        var problems = new FlagProblems();
        var headers = Read(parsed, problems);
        return problems.First is { } first ? throw first : headers;
    }

    /// <summary>Applies the flags' headers over <paramref name="headers"/>: a flag replaces a header of the same name, case-insensitively.</summary>
    public static IReadOnlyList<RequestHeader> Over(IReadOnlyList<RequestHeader> headers, IReadOnlyList<RequestHeader> flags) =>
        HeaderReader.Merge(headers, flags);

    private void Add(List<RequestHeader> headers, string name, string value, string flag, FlagProblems problems)
    {
        var found = new List<string>();
        var header = HeaderText.Create(name, value, Environment, found);
        foreach (var problem in found)
        {
            problems.Add($"{flag}: {problem}");
        }

        if (header is null)
        {
            return;
        }

        if (headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"{flag}: the header {name} is given twice (names are case-insensitive, and --user-agent is User-Agent); keep one");
            return;
        }

        headers.Add(header);
    }
}
