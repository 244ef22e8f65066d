using Gleaner.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Dashboard.Browser;

/// <summary>
/// The browser tests' world, shared by a class: the simulator's weather, a page whose text is markup, a
/// <c>gleaner watch --serve</c> process sampling both every second, and Debian's Chromium to look at its dashboard.
/// </summary>
public sealed class WatchedDashboard : IAsyncLifetime
{
    /// <summary>Markup as data: the name of one target and the text of its page.</summary>
    public const string Evil = "<img src=x onerror=alert(1)>";

    /// <summary>Markup as data: the unit of the evil target.</summary>
    public const string EvilUnit = "<svg onload=alert(2)>";

    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-browser-").FullName;
    private HostileSimulator? _simulator;
    private LoopbackServer? _evilPage;
    private ServedWatch? _watch;
    private DebianChromium? _chromium;

    /// <summary>The dashboard's address.</summary>
    public Uri Url => _watch!.Url;

    /// <summary>Where the screenshots go: TestResults/screenshots beside the test assembly.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        // Chromium first: without it nothing else is worth starting, and the test fails saying why.
        _chromium = await DebianChromium.LaunchAsync();
        _simulator = await HostileSimulator.StartAsync();
        // The value's text is the markup: the page escapes it, so the extracted text is the string itself.
        _evilPage = await LoopbackServer.StartAsync(routes => routes.MapGet("/evil", () => Results.Content(
            $"<!DOCTYPE html><html><body><p id=\"reading\">{System.Net.WebUtility.HtmlEncode(Evil)}</p></body></html>", "text/html; charset=utf-8")));
        var job = Path.Combine(_dir, "watch.yaml");
        File.WriteAllText(job, $$"""
            defaults:
              every: 1s
              robots: false
            targets:
              - name: nyc
                url: {{_simulator.Url("/weather/nyc.html?drift=1s")}}
                extract: [ { css: "#current_conditions-summary p.myforecast-current-lrg" }, { regex: '(-?\d+(?:\.\d+)?)' } ]
                value: { type: number, unit: F, min: -80, max: 140 }
              - name: pdx-celsius
                url: {{_simulator.Url("/weather/pdx.json?drift=1s")}}
                extract: { jsonpath: "$.properties.temperature.value" }
                value: { type: number, unit: C }
              - name: '{{Evil}}'
                url: {{_evilPage.Url("/evil")}}
                extract: { css: "#reading" }
                value: { type: text, unit: '{{EvilUnit}}' }
            """);
        _watch = await ServedWatch.StartAsync(job, Path.Combine(_dir, "watch.db"));
    }

    /// <summary>A new page in the browser, watched for errors, dialogs and requests.</summary>
    public Task<PageWitness> OpenPageAsync() => PageWitness.OpenAsync(_chromium!.Context);

    /// <summary>What the watch wrote to stderr, for a failure's message.</summary>
    public string WatchStderr => _watch?.Stderr ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        if (_evilPage is not null)
        {
            await _evilPage.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
