namespace Gleaner.Tests.Cli;

/// <summary>
/// <c>gleaner run</c> with bad flags beside a bad URL list or job file: one report holds every problem, the flags'
/// first and then the file's, and nothing runs.
/// </summary>
public sealed class RunProblemsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-problems-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Lines(GleanerProcess.Run run) => run.Stderr.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Run_UrlListWithBadLinesAndBadFlags_ReportsEveryProblemOnce()
    {
        var list = Write("urls.txt", "http://127.0.0.1:9/a\nftp://example.com/\n  example.com\n");

        var run = await GleanerProcess.RunAsync(
            "run", "--urls", list, "--regex", @"(\d+", "--timeout", "forever", "--max-redirects", "many", "--concurrency", "0");

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(
            [
                @"--regex '(\d+' at character 4: insufficient closing parentheses",
                "--timeout 'forever' is not a duration (examples: 10s, 500ms, 2m, 1h)",
                "--max-redirects 'many' is not a whole number",
                "--concurrency '0' is out of range (concurrency must be between 1 and 10000, not 0)",
                $"{list}:2:1: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                $"{list}:3:3: URL 'example.com' is not absolute; write it as http://host/… or https://host/….",
                "6 problem(s); nothing was run.",
            ],
            Lines(run));
    }

    [Fact]
    public async Task Run_GoodUrlListWithBadRuleAndValueFlags_ReportsEachFlag()
    {
        var list = Write("urls.txt", "http://127.0.0.1:9/a\n");

        var run = await GleanerProcess.RunAsync(
            "run", "--urls", list, "--css", "p", "--jsonpath", "$.a[", "--type", "number", "--min", "5", "--max", "1",
            "--max-length", "0", "--pattern", "(?<=a)b", "--key-by", "ip");

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(
            [
                "give at most one of --css, --xpath, --jsonpath, --jsonpointer (got --css, --jsonpath); --regex may follow any of them",
                "--jsonpath '$.a[' at character 5: unclosed '['",
                "--max-length: MaxLength must be above zero, not 0.",
                "--min: Min 5 is above max 1.",
                "--pattern '(?<=a)b' at character 1: not supported in linear-time matching: RegexOptions.NonBacktracking is not supported in conjunction with expressions containing: 'positive lookahead (?= pattern) or positive lookbehind (?<= pattern)'.",
                "--key-by 'ip' is not host or domain",
                "6 problem(s); nothing was run.",
            ],
            Lines(run));
    }

    [Fact]
    public async Task Run_BadJobFileWithBadFlags_ReportsTheFlagsThenTheFile()
    {
        var job = Write("job.yaml", "targets:\n  - name: a\n    url: ftp://example.com/\n");

        var run = await GleanerProcess.RunAsync("run", job, "--regex", "x", "--delay", "soon", "--retries", "99");

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(
            [
                "rule flags (--css, --regex, --type, …) go with --urls; a job file gives each target its own rules",
                "--delay 'soon' is not a duration (examples: 10s, 500ms, 2m, 1h)",
                "--retries '99' is out of range (retries must be between 0 and 20, not 99)",
                $"{job}:3:10: url: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                "4 problem(s); nothing was run.",
            ],
            Lines(run));
    }

    [Fact]
    public async Task Run_GoodJobFileWithBadFlag_ReportsTheFlagAlone()
    {
        var job = Write("job.yaml", "targets:\n  - name: a\n    url: http://127.0.0.1:9/\n");

        var run = await GleanerProcess.RunAsync("run", job, "--max-bytes", "2GiB");

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(
            ["--max-bytes '2GiB' is out of range (max_bytes must be between 1 and 1GiB, not 2147483648)", "1 problem(s); nothing was run."],
            Lines(run));
    }
}
