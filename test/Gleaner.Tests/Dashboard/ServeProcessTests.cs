using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gleaner.Simulator;
using Gleaner.Storage.Samples;
using Gleaner.Tests.Cli;
using Gleaner.Tests.Storage;
using Gleaner.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// <c>gleaner serve</c> and <c>gleaner watch --serve</c> as a user runs them: what they refuse and why, the token
/// on a real process, and a watch's value on its own dashboard.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private const string TokenVariable = "GLEANER_TEST_DASHBOARD_TOKEN";
    private const string Token = "0123456789abcdef-serve";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Serve_NonLoopbackWithoutToken_IsAUsageErrorNamingTokenEnv_AndServesNothing()
    {
        var store = await StoreAsync();

        var run = await GleanerProcess.RunAsync("serve", "--store", store, "--bind", "0.0.0.0", "--port", "0");

        Assert.True(run.ExitCode == 2, run.Stderr);
        Assert.Equal(
            "usage: --bind 0.0.0.0: anyone who can reach that address could read the dashboard; give it an access token with " +
            "--token-env NAME (an environment variable holding 16 characters or more), or bind to 127.0.0.1\nNothing was served.\n",
            run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Serve_TokenEnvUnset_IsAUsageErrorNamingTheVariable()
    {
        var store = await StoreAsync();

        var run = await GleanerProcess.RunAsync("serve", "--store", store, "--token-env", "GLEANER_TEST_SURELY_UNSET");

        Assert.True(run.ExitCode == 2, run.Stderr);
        Assert.Equal(
            "usage: --token-env GLEANER_TEST_SURELY_UNSET: the environment variable GLEANER_TEST_SURELY_UNSET is not set (or empty)\nNothing was served.\n",
            run.Stderr);
    }

    [Fact]
    public async Task Serve_MissingStore_IsAUsageErrorNamingTheFile()
    {
        var store = _folder.File("missing.db");

        var run = await GleanerProcess.RunAsync("serve", "--store", store, "--port", "0");

        Assert.True(run.ExitCode == 2, run.Stderr);
        Assert.Equal($"usage: --store {store}: no such file; a watch makes it (gleaner watch JOB --store {store})\n", run.Stderr);
        Assert.False(File.Exists(store));
    }

    [Fact]
    public async Task Serve_WithToken_Is401WithoutIt_200WithIt_AndStopsOnSigterm()
    {
        var store = await StoreAsync();
        await using var serve = DashboardProcess.Start(new Dictionary<string, string> { [TokenVariable] = Token },
            "serve", "--store", store, "--port", "0", "--token-env", TokenVariable);

        var url = await serve.UrlAsync();
        using var client = new HttpClient { BaseAddress = url };
        using var without = await client.GetAsync(new Uri("/api/targets", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/targets") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        using var with = await client.SendAsync(request, Ct);
        var page = JsonNode.Parse(await with.Content.ReadAsStringAsync(Ct));
        var exitCode = await serve.StopAsync();

        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal(["nyc"], page!["items"]!.AsArray().Select(i => (string)i!["name"]!));
        Assert.Equal("66.9", (string?)page["items"]![0]!["value"]);
        Assert.True(exitCode == 143, serve.Stderr);
        Assert.Contains($"(its token is in ${TokenVariable}: open {url}?token=… once)", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchServe_AgainstTheSimulator_ShowsTheValueOnItsDashboard_AndStopsOnSigterm()
    {
        // The simulator's clock stands still: the page says one temperature, known here.
        var observed = new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);
        await using var sim = await HostileSimulator.StartAsync(new SimulatorOptions { Time = new FakeTimeProvider(observed) }, Ct);
        var expected = WeatherModel.TemperatureF("nyc", observed).ToString("0.0", CultureInfo.InvariantCulture);
        var job = _folder.File("watch.yaml");
        File.WriteAllText(job, $$"""
            defaults:
              every: 1s
              robots: false
            targets:
              - name: nyc
                url: {{sim.Url("/weather/nyc.xml")}}
                extract: { regex: '<temp_f>([-\d.]+)</temp_f>' }
                value: { type: number, unit: F }
            """);
        await using var watch = DashboardProcess.Start(null, "watch", job, "--store", _folder.File("watch.db"), "--serve", "--port", "0");

        var url = await watch.UrlAsync();
        using var client = new HttpClient { BaseAddress = url };
        var item = await PollAsync(client, i => (string?)i["outcome"] == "ok");
        var exitCode = await watch.StopAsync();

        Assert.Equal((expected, "F", sim.Url("/weather/nyc.xml").Host), ((string?)item["value"], (string?)item["unit"], (string?)item["host"]));
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), (double?)item["number"]);
        Assert.True(exitCode == 143, watch.Stderr);
    }

    // A process is observed: /api/targets/nyc is asked until it says what is awaited, within a deadline.
    private static async Task<JsonNode> PollAsync(HttpClient client, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/api/targets/nyc", UriKind.Relative), Ct);
            if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)) is { } item && done(item))
            {
                return item;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no sample within {Patience}: {response.StatusCode}");
            await Task.Delay(100, Ct);
        }
    }

    // A store as a watch leaves it: one target, one sample.
    private async Task<string> StoreAsync()
    {
        var path = _folder.File("watch.db");
        await using var store = await SqliteSampleStore.OpenAsync(path, Ct);
        var sample = Storage.Samples.WatchSamples.Ok("nyc", Storage.Samples.WatchSamples.T0, "66.9", changed: true);
        await store.WriteAsync([sample], [],
        [
            new TargetState
            {
                Target = "nyc", Url = new Uri(OverviewStore.NycUrl), LastDue = sample.Due, LastAt = sample.Finished, Outcome = Outcome.Ok,
                Value = "66.9", Number = 66.9, Unit = "F", ChangedAt = sample.Finished,
            },
        ], Ct);
        return path;
    }
}
