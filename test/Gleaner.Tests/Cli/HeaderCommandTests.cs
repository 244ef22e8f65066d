namespace Gleaner.Tests.Cli;

/// <summary>
/// --header and --user-agent on <c>get</c> and <c>run</c> as a user runs them: a bad flag is a usage error before
/// any fetch, and a secret header's value appears in no output, on either stream.
/// </summary>
public sealed class HeaderCommandTests : IAsyncLifetime
{
    private const string Secret = "sk-test-7f3a9c1e";
    private static readonly Dictionary<string, string> Env = new() { ["GLEANER_TEST_API_KEY"] = Secret };

    private RecordingSite _site = null!;

    public async ValueTask InitializeAsync() => _site = await RecordingSite.StartAsync("gleaner-headers-");

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Theory]
    [InlineData("--header", "sk-live-pasted", "usage: --header: expected 'Name: value' such as 'X-Api-Key: ${API_KEY}'; the one given has no ':'")]
    [InlineData("--header", "X-Key: ${GLEANER_TEST_UNSET_VARIABLE}", "usage: --header X-Key: the environment variable GLEANER_TEST_UNSET_VARIABLE is not set")]
    [InlineData("--user-agent", "bot\u00e9", "usage: --user-agent: the value contains characters outside ASCII")]
    public async Task Get_BadHeaderFlag_ExitsTwoBeforeFetching(string flag, string value, string stderr)
    {
        var run = await GleanerProcess.RunAsync("get", _site.Server.Url("/t").ToString(), flag, value);

        Assert.Equal((2, "", stderr + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Empty(_site.Received);
    }

    [Fact]
    public async Task Get_SecretHeaderFromTheEnvironment_NoOutputShowsIt()
    {
        var json = await GleanerProcess.RunWithEnvironmentAsync(Env, "get", _site.Server.Url("/t").ToString(), "--css", "p",
            "--header", "X-Api-Key: ${GLEANER_TEST_API_KEY}", "--user-agent", "gleaner-tests (ops@example.com)", "--format", "json");
        var text = await GleanerProcess.RunWithEnvironmentAsync(Env, "get", _site.Server.Url("/t").ToString(), "--css", "p",
            "-H", "Authorization: Bearer ${GLEANER_TEST_API_KEY}");

        Assert.Equal((0, ""), (json.ExitCode, json.Stderr));
        Assert.Contains("\"value\":\"45\"", json.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, "45\n", ""), (text.ExitCode, text.Stdout, text.Stderr));
        Assert.DoesNotContain(Secret, json.Stdout + text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JobFileWithSecretHeader_NoRecordOrMessageShowsIt()
    {
        var job = Path.Combine(_site.Dir, "job.yaml");
        await File.WriteAllTextAsync(job, $"""
            defaults: {"{"} user_agent: 'gleaner-tests (ops@example.com)' {"}"}
            targets:
              - name: t
                url: {_site.Server.Url("/t")}
                extract: {"{"} css: p {"}"}
                headers: {"{"} X-Api-Key: '${"{"}GLEANER_TEST_API_KEY{"}"}' {"}"}
            """, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunWithEnvironmentAsync(Env, "run", job, "--allow-private", "--header", "Authorization: Bearer ${GLEANER_TEST_API_KEY}");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"value\":\"45\"", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnsetVariableInTheJobFile_NamesFileLineAndVariableAndFetchesNothing()
    {
        var job = Path.Combine(_site.Dir, "job.yaml");
        await File.WriteAllTextAsync(job, $"targets:\n  - name: t\n    url: {_site.Server.Url("/t")}\n    headers:\n      X-Api-Key: ${{GLEANER_TEST_UNSET_VARIABLE}}\n", TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync("run", job);

        Assert.Equal(
            (2, "", $"{job}:5:18: headers.X-Api-Key: the environment variable GLEANER_TEST_UNSET_VARIABLE is not set\n1 problem(s); nothing was run.\n"),
            (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Empty(_site.Received);
    }
}
