using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gleaner.Tests.Conformance;

/// <summary>One row of curl-tests/index.jsonl.</summary>
internal sealed record CurlIndexRow(
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("expected_curl_error")] string ExpectedCurlError,
    [property: JsonPropertyName("client")] string Client,
    [property: JsonPropertyName("command")] string Command)
{
    public int Number => int.Parse(Test.AsSpan("test".Length));
}

/// <summary>What the curl command line asks for, in terms a Gleaner fetch can match.</summary>
internal sealed record CurlOptions(string Url)
{
    public bool Follow { get; init; }
    public int? MaxRedirs { get; init; }
    public long? MaxFileSize { get; init; }
    public bool Http09 { get; init; }
    public double? MaxTimeSeconds { get; init; }
}

/// <summary>
/// Which curl cases a Gleaner fetch can replay: a plain GET of one http URL on curl's plain http server, with only
/// the command-line flags in <see cref="Flags"/>. Every other case is out, with the rule that put it out.
/// </summary>
internal static class CurlCases
{
    public const int Port = 8990; // Placeholder for selection; tests reload each case with the real port.

    private static readonly Lazy<IReadOnlyList<CurlIndexRow>> Rows = new(() =>
        File.ReadLines(Fixtures.Path("http-hostile", "curl-tests", "index.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<CurlIndexRow>(l)!)
            .ToList());

    public static IReadOnlyList<CurlIndexRow> Index => Rows.Value;

    public static string DataPath(int number) => Fixtures.Path("http-hostile", "curl-tests", "data", $"test{number}");

    // Flags a Gleaner fetch can honour. Null rule: the flag only shapes curl's own output and is ignored.
    private static readonly Dictionary<string, (bool TakesValue, Func<CurlOptions, string?, CurlOptions>? Apply)> Flags = new()
    {
        // Output only: where curl writes the body, headers or a summary, and how chatty it is.
        ["-s"] = (false, null), ["--silent"] = (false, null), ["-S"] = (false, null), ["--show-error"] = (false, null),
        ["-sS"] = (false, null), ["-#"] = (false, null), ["-i"] = (false, null), ["--no-include"] = (false, null),
        ["-o"] = (true, null), ["-O"] = (false, null), ["--output-dir"] = (true, null), ["--no-clobber"] = (false, null),
        ["--remove-on-error"] = (false, null), ["-D"] = (true, null), ["-w"] = (true, null), ["--write-out"] = (true, null),
        ["-4"] = (false, null),
        // Gleaner always follows redirects; with -L curl does too.
        ["-L"] = (false, (o, _) => o with { Follow = true }), ["--location"] = (false, (o, _) => o with { Follow = true }),
        ["--follow"] = (false, (o, _) => o with { Follow = true }),
        ["--max-redirs"] = (true, (o, v) => o with { MaxRedirs = int.Parse(v!) }),
        // --max-filesize becomes the body caps (FetchLimits.MaxBodyBytes and MaxWireBytes).
        ["--max-filesize"] = (true, (o, v) => o with { MaxFileSize = long.Parse(v!) }),
        // Gleaner always asks for and decodes gzip, deflate and br.
        ["--compressed"] = (false, null),
        // curl accepts HTTP/0.9 only when asked; the policy says what Gleaner does then.
        ["--http0.9"] = (false, (o, _) => o with { Http09 = true }), ["--no-http0.9"] = (false, null),
        // Gleaner always reports a 4xx/5xx as http_status, as curl does with --fail.
        ["--fail"] = (false, null), ["-f"] = (false, null), ["--fail-with-body"] = (false, null),
        // -m becomes the total deadline.
        ["-m"] = (true, (o, v) => o with { MaxTimeSeconds = double.Parse(v!) }),
    };

    // Why a flag puts a case out. A flag missing from both tables is out as "other curl-only option".
    private static readonly (string Rule, string[] Flags)[] ExcludingFlags =
    [
        ("proxy or tunnel: the request goes to a proxy, not the origin",
            ["-x", "--proxy", "--proxy-user", "--proxytunnel", "-p", "--socks4", "--socks5", "--proxy1.0", "-U", "--proxy-ntlm",
             "--proxy-anyauth", "--proxy-digest", "--proxy-header"]),
        ("not a plain GET: a body, an upload, another method, HEAD or HTTP/1.0",
            ["-d", "-F", "-T", "-X", "-I", "--head", "--post301", "--post302", "--post303", "-0", "-"]),
        ("authentication: the reply depends on credentials sent",
            ["-u", "--user", "--digest", "--ntlm", "--anyauth", "--basic", "--oauth2-bearer", "--aws-sigv4", "--location-trusted",
             "--netrc-file", "--netrc-optional", "--httpsig-keyid", "--httpsig-algo", "--httpsig-key", "--httpsig-headers"]),
        ("cookies: a cookie file or jar changes the requests", ["-b", "-c", "-j"]),
        ("ranges or resume: a Range request", ["-r", "--range", "-C", "--continue-at"]),
        ("custom request headers (-H, -A, --referer, --tr-encoding)", ["-H", "--header", "-A", "--referer", "--tr-encoding"]),
        ("name resolution tricks (--resolve, --connect-to)", ["--resolve", "--connect-to"]),
        ("curl-only machinery: config files, variables, retries, HSTS, IPFS, HTTP/2, raw mode, --libcurl, -J, --proto",
            ["-K", "--variable", "--expand-data", "--retry", "--retry-delay", "--retry-all-errors", "--hsts", "--ipfs-gateway",
             "--http2", "--raw", "--libcurl", "-J", "-OJ", "-Ji", "--proto", "--fail-early"]),
    ];

    // Cases whose expected failure is curl's own local I/O, not the server's reply.
    private static readonly Dictionary<int, string> LocalFailures = new()
    {
        [419] = "curl cannot create its --dump-header file",
        [1425] = "curl refuses to write binary output to a terminal",
        [1683] = "curl's --no-clobber runs out of file names",
        [3009] = "curl's --output-dir does not exist",
    };

    /// <summary>The options for a selected case, or the rule that excludes it.</summary>
    public static (CurlOptions? Options, string? Excluded) Select(CurlIndexRow row)
    {
        if (row.Client != "curl command line")
        {
            return (null, "libtest: the client is a C program on the libcurl API, not one curl command line");
        }

        if (LocalFailures.TryGetValue(row.Number, out var local))
        {
            return (null, $"local failure, not the reply: {local}");
        }

        var file = CurlTestFile.Load(DataPath(row.Number), row.Number, Port);
        if (file.Section("client/server")?.Text.Trim() != "http")
        {
            return (null, "not curl's plain http server");
        }

        var command = file.Section("client/command")?.Text.Replace('\n', ' ') ?? "";
        var tokens = Tokenize(command);
        var urls = new List<string>();
        var options = new CurlOptions("");
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith('-') || token == "-")
            {
                if (token == "-")
                {
                    return (null, ExcludingFlags[1].Rule);
                }

                urls.Add(token);
                continue;
            }

            var (name, value) = SplitFlag(token);
            if (!Flags.TryGetValue(name, out var flag))
            {
                var rule = ExcludingFlags.FirstOrDefault(r => r.Flags.Contains(name)).Rule ?? $"other curl-only option ({name})";
                return (null, rule);
            }

            if (flag.TakesValue && value is null)
            {
                value = i + 1 < tokens.Count ? tokens[++i] : "";
            }

            options = flag.Apply?.Invoke(options, value) ?? options;
        }

        if (urls.Count != 1)
        {
            return (null, "several URLs: more than one transfer per command");
        }

        var url = urls[0];
        if (url.IndexOfAny(['{', '[']) >= 0)
        {
            return (null, "URL globbing: curl expands the URL into several transfers");
        }

        if (!url.StartsWith($"http://127.0.0.1:{Port}/", StringComparison.Ordinal) && !url.StartsWith($"http://127.0.0.1:{Port}?", StringComparison.Ordinal))
        {
            return (null, "not an http://host:port URL (another scheme, no scheme, or a URL only curl's parser accepts)");
        }

        return (options with { Url = url }, null);
    }

    private static (string Name, string? Value) SplitFlag(string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? (token, null) : (token[..eq], token[(eq + 1)..]);
        }

        // Short flags with an attached value: -o%DEV_NULL, -T%LOGDIR/file.
        if (token.Length > 2 && token[1] is 'o' or 'D' or 'w' or 'T' or 'm' or 'x' or 'H' or 'u' or 'd' or 'b' or 'c' or 'r' or 'C')
        {
            return (token[..2], token[2..]);
        }

        return (token, null);
    }

    // Shell-like words: whitespace separates, single and double quotes group.
    private static List<string> Tokenize(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
