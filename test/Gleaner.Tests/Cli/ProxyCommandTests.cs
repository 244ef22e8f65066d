using System.Text;
using Gleaner.Tests.Fetching.Proxies;

namespace Gleaner.Tests.Cli;

/// <summary>
/// Proxies on <c>get</c> and <c>run</c> as a user gives them (the environment, <c>--proxy</c>, a job file's
/// <c>proxy:</c>): the target is reached through the test proxy, and the proxy password appears in no output.
/// </summary>
public sealed class ProxyCommandTests : IAsyncLifetime
{
    private const string Password = "pr0xy-pa55-9d2e";
    private static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"scraper:{Password}"));

    private RecordingSite _site = null!;

    public async ValueTask InitializeAsync() => _site = await RecordingSite.StartAsync("gleaner-proxy-");

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task Get_HttpProxyFromTheEnvironment_GoesThroughItAndNoOutputShowsThePassword()
    {
        await using var proxy = TestProxy.Http();
        var env = new Dictionary<string, string> { ["http_proxy"] = $"http://scraper:{Password}@127.0.0.1:{proxy.Port}" };

        var run = await GleanerProcess.RunWithEnvironmentAsync(env, "get", _site.Server.Url("/t").ToString(), "--css", "p", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"value\":\"45\"", run.Stdout, StringComparison.Ordinal);
        var asked = Assert.Single(proxy.Asked);
        Assert.StartsWith($"GET {_site.Server.Url("/t")} HTTP/1.1\r\n", asked, StringComparison.Ordinal);
        Assert.Contains($"Proxy-Authorization: {Basic}\r\n", asked, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ProxyFlagToAProxyThatRefusesTheTunnel_IsProxyNamingItWithoutThePassword()
    {
        await using var proxy = TestProxy.Http(ProxyBehaviour.Refuse, "407 Proxy Authentication Required");
        var env = new Dictionary<string, string> { ["GLEANER_TEST_PROXY_PASSWORD"] = Password };

        var run = await GleanerProcess.RunWithEnvironmentAsync(env, "get", "https://127.0.0.1:9/t",
            "--proxy", $"http://scraper:${{GLEANER_TEST_PROXY_PASSWORD}}@127.0.0.1:{proxy.Port}", "--format", "json");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
            $"proxy: the proxy http://127.0.0.1:{proxy.Port} answered CONNECT 127.0.0.1:9 with 407 Proxy Authentication Required (https://127.0.0.1:9/t)\n",
            run.Stderr);
        Assert.Contains("\"outcome\":\"proxy\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Proxy-Authorization: {Basic}\r\n", Assert.Single(proxy.Asked), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JobFileProxy_GoesThroughTheSocksProxyAndTheEnvironmentsIsNotTaken()
    {
        await using var socks = TestProxy.Socks5();
        await using var unused = TestProxy.Http();
        var job = Path.Combine(_site.Dir, "job.yaml");
        File.WriteAllText(job, $$"""
            defaults: { proxy: 'socks5://scraper:${GLEANER_TEST_PROXY_PASSWORD}@127.0.0.1:{{socks.Port}}' }
            targets:
              - { name: t, url: '{{_site.Server.Url("/t")}}', extract: { css: p } }
            """);
        var env = new Dictionary<string, string>
        {
            ["GLEANER_TEST_PROXY_PASSWORD"] = Password,
            ["http_proxy"] = $"http://127.0.0.1:{unused.Port}",
        };

        var run = await GleanerProcess.RunWithEnvironmentAsync(env, "run", job, "--ignore-robots");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"value\":\"45\"", run.Stdout, StringComparison.Ordinal);
        Assert.Equal($"methods 0,2; login scraper:{Password}; connect address 127.0.0.1:{_site.Server.BaseUri.Port}", Assert.Single(socks.Asked));
        Assert.Empty(unused.Asked);
        Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }
}
