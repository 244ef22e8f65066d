using System.Net;
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
        DebianChromium.EnsureInstalled();
        try
        {
            // The browser starts while the watch does: on a loaded machine each takes seconds.
            var launching = DebianChromium.LaunchAsync();
            try
            {
                await StartWatchAsync();
            }
            finally
            {
                _chromium = await launching;
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A new page in the browser, watched for errors, dialogs and requests.</summary>
    public Task<PageWitness> OpenPageAsync() => PageWitness.OpenAsync(_chromium!.Context);

    private async Task StartWatchAsync()
    {
        _simulator = await HostileSimulator.StartAsync();
        // The value's text is the markup: the page escapes it, so the extracted text is the string itself.
        _evilPage = await LoopbackServer.StartAsync(routes => routes.MapGet("/evil", () => Results.Content(
            $"<!DOCTYPE html><html><body><p id=\"reading\">{WebUtility.HtmlEncode(Evil)}</p></body></html>", "text/html; charset=utf-8")));
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

    /// <summary>Stops what started, once (also after a failed start).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
            _chromium = null;
        }

        if (_watch is not null)
        {
            await _watch.DisposeAsync();
            _watch = null;
        }

        if (_evilPage is not null)
        {
            await _evilPage.DisposeAsync();
            _evilPage = null;
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
            _simulator = null;
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
