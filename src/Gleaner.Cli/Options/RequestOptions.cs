using System.CommandLine;
using System.Text;
using Gleaner.Fetching;
using Gleaner.Jobs;

namespace Gleaner.Cli.Options;

/// <summary>
/// <c>--method</c>/<c>-X</c> and <c>--data</c>/<c>-d</c>, as curl has them: <c>--data</c> alone makes a POST of
/// its text as application/x-www-form-urlencoded (a <c>-H 'Content-Type: …'</c> replaces that), and
/// <c>--data @FILE</c> sends a local file's bytes as they are. No problem message quotes the body.
/// </summary>
internal sealed class RequestOptions
{
    private const string FormMediaType = "application/x-www-form-urlencoded";

    public Option<string?> Method { get; } = new("--method", "-X")
    {
        Description = $"The method: {string.Join(", ", RequestMethods.Names)} (default GET, or POST with --data)",
    };

    public Option<string?> Data { get; } = new("--data", "-d")
    {
        Description = "Send this body (a POST unless --method says otherwise), as application/x-www-form-urlencoded unless -H 'Content-Type: …' says otherwise; @FILE sends that file's bytes",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Method);
        command.Options.Add(Data);
    }

    /// <summary>The method and body the flags give; each bad one goes to <paramref name="problems"/> named by its flag.</summary>
    public (HttpMethod Method, RequestBody? Body) Read(ParseResult parsed, FlagProblems problems)
    {
        var body = parsed.GetValue(Data) is { } data ? ReadBody(data, problems) : null;
        var method = body is null ? HttpMethod.Get : HttpMethod.Post;
        if (parsed.GetValue(Method) is { } name)
        {
            if (RequestMethods.Find(name) is { } found)
            {
                method = found;
            }
            else
            {
                problems.Add($"--method: {DisplayText.Escape(name)} is not a method Gleaner sends; use one of {string.Join(", ", RequestMethods.Names)}");
            }
        }

        if (parsed.GetValue(Data) is not null && !RequestMethods.CarriesBody(method))
        {
            problems.Add($"--data: a {method.Method} sends no body; leave out --method, or use one of {string.Join(", ", RequestMethods.WithBody)}");
            body = null;
        }

        return (method, body);
    }

    private static RequestBody? ReadBody(string data, FlagProblems problems)
    {
        if (!data.StartsWith('@'))
        {
            var text = Encoding.UTF8.GetBytes(data);
            return text.Length <= JobFileLimits.MaxBodyBytes ? new RequestBody(text, FormMediaType) : TooLarge(text.Length, problems);
        }

        var path = data[1..];
        try
        {
            // Checked before reading, so a mistaken path to a large file is refused at once.
            var length = new FileInfo(path).Length;
            // Secret: a file is where a credential is kept off the command line, so it never follows a 307/308 elsewhere.
            return length <= JobFileLimits.MaxBodyBytes ? new RequestBody(File.ReadAllBytes(path), FormMediaType) { Secret = true } : TooLarge(length, problems);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add($"--data: cannot read {DisplayText.Escape(path)}: {e.Message}");
            return null;
        }
    }

    private static RequestBody? TooLarge(long length, FlagProblems problems)
    {
        problems.Add($"--data: the body is {length} bytes long; the largest allowed is {JobFileLimits.MaxBodyBytes} (1MiB)");
        return null;
    }
}
