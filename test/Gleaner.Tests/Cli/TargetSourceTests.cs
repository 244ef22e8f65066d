using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Fetching;

namespace Gleaner.Tests.Cli;

/// <summary>How a run's flags apply over a job file: a limit flag to every target, a run flag over the defaults.</summary>
public sealed class TargetSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-source-").FullName;
    private readonly RuleOptions _rules = new();
    private readonly LimitOptions _limits = new();
    private readonly RunOptions _run = new();
    private readonly HeaderOptions _headers = new()
    {
        Environment = name => name switch { "WEATHER_API_KEY" => "k-123", "TOKEN" => "t-456", _ => null },
    };
    private readonly Dictionary<string, string> _environment = [];
    private readonly ProxyOptions _proxy;
    private readonly Argument<string?> _job = new("JOB") { Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _urls = new("--urls");

    public TargetSourceTests() => _proxy = new() { Environment = name => _environment.GetValueOrDefault(name) };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TargetSource Load(params string[] args)
    {
        var command = new Command("run") { _job, _urls };
        _rules.AddTo(command);
        _limits.AddTo(command);
        _run.AddTo(command);
        _headers.AddTo(command);
        _proxy.AddTo(command);
        var parsed = command.Parse(args);
        return TargetSource.Load(parsed, parsed.GetValue(_job), parsed.GetValue(_urls), _rules, _limits, _run, _headers, _proxy);
    }

    [Fact]
    public void Load_JobFileWithFlags_FlagsWinOverEveryTargetAndTheDefaults()
    {
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, """
            defaults: { timeout: 5s, concurrency: 8, per_host: { concurrency: 2 } }
            targets:
              - { name: a, url: 'http://127.0.0.1:9/a', max_redirects: 3 }
              - { name: b, url: 'http://127.0.0.1:9/b', timeout: 7s }
            """);

        var source = Load(job, "--timeout", "2s", "--concurrency", "16", "--ignore-robots");

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], source.Targets.Select(t => t.Limits.TotalTimeout));
        Assert.Equal([3, 10], source.Targets.Select(t => t.Limits.MaxRedirects));
        Assert.Equal((16, 2, false), (source.Settings.Concurrency, source.Settings.PerHostConcurrency, source.Settings.RespectRobots));
    }

    [Fact]
    public void Load_JobFile_CarriesTheDefaultsLimitsAndKeep_FlagsOverThem()
    {
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, """
            defaults: { timeout: 5s, max_redirects: 2, every: 1m, keep: 30d }
            targets:
              - { name: a, url: 'http://127.0.0.1:9/a', timeout: 7s }
            """);

        var plain = Load(job);
        var flagged = Load(job, "--timeout", "3s");

        Assert.Equal((TimeSpan.FromSeconds(5), 2, TimeSpan.FromDays(30)), (plain.DefaultLimits.TotalTimeout, plain.DefaultLimits.MaxRedirects, plain.DefaultKeep));
        Assert.Equal((TimeSpan.FromSeconds(3), 2), (flagged.DefaultLimits.TotalTimeout, flagged.DefaultLimits.MaxRedirects));
    }

    [Fact]
    public void Load_UrlListWithFlags_BuildsEachTargetFromThem()
    {
        var list = Path.Combine(_dir, "urls.txt");
        File.WriteAllText(list, "http://127.0.0.1:9/a\n\nhttp://127.0.0.1:9/b\n");

        var source = Load("--urls", list, "--regex", @"(\d+) F", "--type", "number", "--max", "140", "--max-bytes", "1KiB", "--per-host", "3");

        Assert.Equal([$"{list}:1", $"{list}:3"], source.Targets.Select(t => t.Source));
        Assert.All(source.Targets, t => Assert.Equal((@"(\d+) F", 140.0, 1024L), (t.Extract!.Steps[0].Expression, t.Value.Max, t.Limits.MaxBodyBytes)));
        Assert.Equal(3, source.Settings.PerHostConcurrency);
    }

    [Fact]
    public void Load_JobFileWithHeaderFlags_FlagsReplaceTheSameNameInEveryTarget()
    {
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, """
            defaults: { user_agent: 'weatherbot/1.0', headers: { Accept: text/html } }
            targets:
              - { name: a, url: 'http://127.0.0.1:9/a', headers: { X-Api-Key: '${WEATHER_API_KEY}' } }
              - { name: b, url: 'http://127.0.0.1:9/b' }
            """);

        var source = Load(job, "--header", "accept: application/json", "-H", "Authorization: Bearer ${TOKEN}", "--user-agent", "ops-bot/2 (ops@example.com)");

        Assert.Equal(
            ["X-Api-Key: [secret]", "User-Agent: ops-bot/2 (ops@example.com)", "accept: application/json", "Authorization: [secret]"],
            source.Targets[0].Headers.Select(h => h.ToString()));
        Assert.Equal(["k-123", "Bearer t-456"], source.Targets[0].Headers.Where(h => h.Secret).Select(h => h.Value));
        Assert.Equal(
            ["User-Agent: ops-bot/2 (ops@example.com)", "accept: application/json", "Authorization: [secret]"],
            source.Targets[1].Headers.Select(h => h.ToString()));
    }

    [Fact]
    public void Load_BadHeaderFlagsAndAnUnsetVariableInTheFile_AreReportedTogetherWithoutValues()
    {
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, "targets:\n  - { name: a, url: 'http://127.0.0.1:9/a', headers: { X-Key: '${NOT_SET}' } }\n");

        var e = Assert.Throws<RunProblemsException>(() => Load(job, "--header", "sk-live-secret", "-H", "Bad Name: x", "-H", "X-Id: ${ALSO_UNSET}", "--user-agent", "a\nb"));

        Assert.Equal(
        [
            "--user-agent: the value contains a line break or another control character",
            "--header: expected 'Name: value' such as 'X-Api-Key: ${API_KEY}'; the one given has no ':'",
            "--header: the text before ':' is not a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)",
            "--header X-Id: the environment variable ALSO_UNSET is not set",
            $"{job}:2:63: headers.X-Key: the environment variable NOT_SET is not set",
        ], e.Problems);
        Assert.DoesNotContain(e.Problems, p => p.Contains("sk-live", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UrlListWithHeaderFlags_GivesEachTargetTheHeaders()
    {
        var list = Path.Combine(_dir, "urls.txt");
        File.WriteAllText(list, "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b\n");

        var source = Load("--urls", list, "--regex", @"(\d+)", "--header", "X-Api-Key:${WEATHER_API_KEY}");

        Assert.All(source.Targets, t => Assert.Equal([new RequestHeader("X-Api-Key", "k-123") { Secret = true }], t.Headers));
    }

    [Fact]
    public void Load_BothOrNeither_IsAUsageError() =>
        Assert.StartsWith("give a job file", Assert.Throws<ArgumentException>(() => Load()).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_JobFile_EnvironmentProxiesGoToTargetsThatNameNone()
    {
        _environment["HTTPS_PROXY"] = "http://env-proxy.example:3128";
        _environment["NO_PROXY"] = ".corp.example";
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, """
            targets:
              - { name: a, url: 'https://a.example/' }
              - { name: b, url: 'https://b.example/', proxy: 'socks5h://127.0.0.1:1080' }
              - { name: c, url: 'https://c.example/', proxy: none }
            """);

        var targets = Load(job).Targets;

        Assert.Equal(
            ["http://env-proxy.example:3128", "socks5h://127.0.0.1:1080", null],
            targets.Select(t => t.Connection.Proxy?.For(t.Url)?.ToString()));
        Assert.Null(targets[0].Connection.Proxy!.For(new Uri("https://wiki.corp.example/")));
    }

    [Fact]
    public void Load_ProxyFlag_ReplacesEveryTargetsProxyAndFillsReferences()
    {
        _environment["https_proxy"] = "http://env-proxy.example:3128";
        _environment["PROXY_PASSWORD"] = "pa55";
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, "targets:\n  - { name: a, url: 'https://a.example/', proxy: none }\n  - { name: b, url: 'http://b.example/' }\n");

        var targets = Load(job, "--proxy", "http://me:${PROXY_PASSWORD}@flag-proxy.example:8080").Targets;
        var direct = Load(job, "--proxy", "none").Targets;

        Assert.All(targets, t => Assert.Equal("http://flag-proxy.example:8080", t.Connection.Proxy!.For(t.Url)!.ToString()));
        Assert.Equal("pa55", targets[0].Connection.Proxy!.Https!.Password);
        Assert.All(direct, t => Assert.Null(t.Connection.Proxy!.For(t.Url)));
    }

    [Fact]
    public void Load_UrlListWithBadProxies_NamesTheFlagAndTheVariableWithoutTheirValues()
    {
        _environment["HTTPS_PROXY"] = "ftp://me:s3cret@proxy.example";
        var urls = Path.Combine(_dir, "urls.txt");
        File.WriteAllText(urls, "https://a.example/\n");

        var env = Assert.Throws<RunProblemsException>(() => Load("--urls", urls));
        var flag = Assert.Throws<RunProblemsException>(() => Load("--urls", urls, "--proxy", "http://me:${UNSET}@proxy.example"));

        Assert.Equal(["HTTPS_PROXY (in the environment): a ftp:// proxy is not supported; use http://, socks5:// or socks5h://"], env.Problems);
        Assert.Equal(["--proxy: the environment variable UNSET is not set"], flag.Problems);
    }
}
