using System.Text.RegularExpressions;
using Gleaner.Jobs;
using Gleaner.Scheduling;

namespace Gleaner.Tests.Jobs;

/// <summary>The examples of docs/job-files.md's Watching, Headers and Private CAs sections do what the page says.</summary>
public partial class JobFileDocsTests
{
    private static readonly Lazy<string[]> WatchingBlocks = new(() => Blocks("\n## Watching\n", "\n## URL list\n"));

    private static readonly Lazy<string[]> HeaderBlocks = new(() => Blocks("\n### Headers and API keys\n", "\n### Proxies\n"));

    private static readonly Lazy<string[]> ProxyBlocks = new(() => Blocks("\n### Proxies\n", "\n### What is refused\n"));

    private static readonly Lazy<string[]> PrivateCaBlocks = new(() => Blocks("\n### Private CAs\n", "\n### What is refused\n"));

    private static string[] Blocks(string from, string to)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "docs", "job-files.md")))
        {
            dir = dir.Parent ?? throw new DirectoryNotFoundException("no docs/job-files.md above the tests");
        }

        var page = File.ReadAllText(Path.Combine(dir.FullName, "docs", "job-files.md"));
        var section = page[page.IndexOf(from, StringComparison.Ordinal)..page.IndexOf(to, StringComparison.Ordinal)];
        return [.. CodeBlock().Matches(section).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public void HeadersExample_ParsesAsDescribed()
    {
        var nyc = Assert.Single(JobFileParser.Parse(HeaderBlocks.Value[0], "weather.yaml", name => name == "WEATHER_API_KEY" ? "k-1" : null).Targets);

        Assert.Equal(
            ["User-Agent: weatherbot/1.0 (ops@example.com)", "X-Api-Key: [secret]", "accept: application/json"],
            nyc.Headers.Select(h => h.ToString()));
    }

    [Fact]
    public void HeadersExample_WithoutTheVariable_GivesTheErrorShown()
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(HeaderBlocks.Value[0], "weather.yaml", _ => null));

        Assert.Equal(["weather.yaml:9:18: headers.X-Api-Key: the environment variable WEATHER_API_KEY is not set"], e.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void ProxiesExample_ParsesAsDescribed()
    {
        var targets = JobFileParser.Parse(ProxyBlocks.Value[0], "weather.yaml", name => name == "PROXY_PASSWORD" ? "pa55" : null).Targets.ToDictionary(t => t.Name);

        var corp = targets["nyc"].Connection.Proxy!.Https!;
        Assert.Equal(("http://proxy.corp.example:3128", "scraper", "pa55"), (corp.ToString(), corp.UserName, corp.Password));
        Assert.Same(corp, targets["nyc"].Connection.Proxy!.Http);
        Assert.Equal(Gleaner.Fetching.Proxies.ProxySettings.Direct, targets["intranet-status"].Connection.Proxy);
        Assert.Equal("socks5h://127.0.0.1:1080", targets["via-socks"].Connection.Proxy!.Https!.ToString());
    }

    [Fact]
    public void ProxiesExample_WithoutTheVariable_GivesTheErrorShown()
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(ProxyBlocks.Value[0], "weather.yaml", _ => null));

        Assert.Equal(["weather.yaml:2:10: proxy: the environment variable PROXY_PASSWORD is not set"], e.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void WatchingExample_ParsesAsDescribed()
    {
        var job = JobFileParser.Parse(WatchingBlocks.Value[0], "weather.yaml");
        var targets = job.Targets.ToDictionary(t => t.Name);

        Assert.Equal(TimeSpan.FromDays(90), job.DefaultKeep);
        Assert.Equal(0.5, targets["nyc"].Watch!.Threshold);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<EverySchedule>(targets["nyc"].Watch!.Schedule).Interval);
        Assert.Equal(3, Assert.Single(targets["nyc"].Watch!.Notify).FailuresInARow);
        Assert.Equal("HOOK_TOKEN", targets["nyc"].Watch!.Notify[0].BearerEnv);
        Assert.Equal("cron 0 9 * * MON-FRI in Europe/Paris", targets["paris-opening"].Watch!.Schedule.ToString());
        Assert.Equal(TimeSpan.FromDays(365), targets["paris-opening"].Watch!.Keep);
        Assert.Empty(targets["status"].Watch!.Notify);
    }

    [Fact]
    public void WatchingErrorExample_GivesTheErrorsShown()
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(WatchingBlocks.Value[1], "weather.yaml"));

        Assert.Equal(WatchingBlocks.Value[2].TrimEnd('\n').Split('\n'), e.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void PrivateCaExample_TrustsTheFileBesideTheJobForOneTarget()
    {
        var dir = Directory.CreateTempSubdirectory("gleaner-docs-ca-").FullName;
        try
        {
            using var ca = Fetching.Tls.TestPki.Ca();
            Directory.CreateDirectory(Path.Combine(dir, "certs"));
            File.Move(Fetching.Tls.TestPki.WritePem(dir, ca), Path.Combine(dir, "certs", "internal-ca.pem"));

            var targets = JobFileParser.Parse(PrivateCaBlocks.Value[0], Path.Combine(dir, "job.yaml")).Targets;

            Assert.Equal(ca.Thumbprint, Assert.Single(targets[0].Connection.PrivateCa!.Certificates).Thumbprint);
            Assert.Same(Gleaner.Fetching.ConnectionSettings.Default, targets[1].Connection);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PrivateCaExample_WithoutTheFile_GivesTheErrorShown()
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(PrivateCaBlocks.Value[0], "/srv/jobs/job.yaml"));

        Assert.Equal(
            ["/srv/jobs/job.yaml:4:14: ca_cert: certs/internal-ca.pem (/srv/jobs/certs/internal-ca.pem): no such file"],
            e.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void CookiesExample_ParsesAsDescribed()
    {
        var target = Assert.Single(JobFileParser.Parse(Blocks("\n### Cookies\n", "\n### What is refused\n")[0], "shop.yaml").Targets);

        Assert.True(target.Cookies);
        Assert.Empty(target.Headers);
    }

    [GeneratedRegex(@"```(?:yaml)?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
