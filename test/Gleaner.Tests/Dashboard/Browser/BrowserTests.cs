using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gleaner.Tests.Dashboard.Browser;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against <c>gleaner watch --serve</c> on the
/// simulator: what a user sees, that it moves without a reload, that markup in a name, value or unit stays text,
/// and that the pages run under their CSP without an error. Each test keeps a full-page screenshot in
/// TestResults/screenshots beside the test assembly.
/// </summary>
public sealed partial class BrowserTests : IClassFixture<WatchedDashboard>
{
    // Every wait is bounded, and generous for a loaded 2-core machine: samples come every second.
    private const float Patience = 15_000;

    private readonly WatchedDashboard _dashboard;

    public BrowserTests(WatchedDashboard dashboard)
    {
        _dashboard = dashboard;
        SetDefaultExpectTimeout(Patience);
    }

    [Fact]
    public async Task Overview_ShowsValuesAndUnits_ThermometersForTemperatures_AndANewSampleWithoutAReload()
    {
        await using var witness = await OpenAsync("/");
        var page = witness.Page;
        var nyc = Row(page, "nyc");
        var pdx = Row(page, "pdx-celsius");

        await Expect(nyc.GetByTestId("value")).ToHaveTextAsync(Number());
        await Expect(nyc.GetByTestId("unit")).ToHaveTextAsync("F");
        await Expect(nyc.GetByTestId("outcome")).ToHaveTextAsync("ok");
        await Expect(pdx.GetByTestId("value")).ToHaveTextAsync(Number());
        await Expect(pdx.GetByTestId("unit")).ToHaveTextAsync("C");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("live")).ToHaveTextAsync("live");
        // Both temperatures stand in a thermometer whose mercury has risen; the text value has none.
        foreach (var row in new[] { nyc, pdx })
        {
            var mercury = row.Locator("svg[data-testid=thermometer] [data-testid=mercury]");
            await Expect(mercury).ToBeVisibleAsync();
            var box = await mercury.BoundingBoxAsync();
            Assert.True(box is { Height: > 0, Width: > 0 }, $"mercury box {box?.Width} x {box?.Height}");
        }

        await Expect(Row(page, WatchedDashboard.Evil).GetByTestId("thermometer")).ToHaveCountAsync(0);

        // The reading drifts every second: the value on screen moves without the page loading again.
        var first = await nyc.GetByTestId("value").TextContentAsync();
        await Expect(nyc.GetByTestId("value")).Not.ToHaveTextAsync(first!);
        await Expect(nyc.GetByTestId("value")).ToHaveTextAsync(Number());
        Assert.Equal(1, witness.Documents);

        await ScreenshotAsync(page, "overview");
        witness.AssertClean();
    }

    [Fact]
    public async Task TargetPage_DrawsItsValueChart()
    {
        // From the overview, as a user goes: a target is on the board once its first sample is in.
        await using var witness = await OpenAsync("/");
        var page = witness.Page;
        await Expect(Row(page, "nyc").GetByTestId("value")).ToHaveTextAsync(Number());
        await page.GetByRole(AriaRole.Link, new() { Name = "nyc", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("name")).ToHaveTextAsync("nyc");
        await Expect(page.GetByTestId("value")).ToHaveTextAsync(Number());
        await Expect(page.GetByTestId("unit")).ToHaveTextAsync("F");
        var canvas = page.GetByTestId("value-chart").Locator("canvas");
        await Expect(canvas).ToHaveCountAsync(1);
        var box = await canvas.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 50 }, $"value chart {box?.Width} x {box?.Height}");
        // Something is drawn on it (axes at least; a blank canvas has no opaque pixel).
        var painted = await canvas.EvaluateAsync<int>("""
            c => {
              const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let painted = 0;
              for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
              return painted;
            }
            """);
        Assert.True(painted > 0, "the value chart's canvas is blank");

        await ScreenshotAsync(page, "target");
        witness.AssertClean();
    }

    [Fact]
    public async Task MarkupInANameValueOrUnit_ShowsAsText_OnBothPages()
    {
        await using var witness = await OpenAsync("/");
        var page = witness.Page;
        var row = Row(page, WatchedDashboard.Evil);

        await Expect(row.GetByTestId("value")).ToHaveTextAsync(WatchedDashboard.Evil);
        Assert.Equal(WatchedDashboard.Evil, await row.GetByTestId("value").TextContentAsync());
        Assert.Equal(WatchedDashboard.EvilUnit, await row.GetByTestId("unit").TextContentAsync());
        var link = row.GetByRole(AriaRole.Link, new() { Name = WatchedDashboard.Evil, Exact = true });
        Assert.Equal(WatchedDashboard.Evil, await link.TextContentAsync());
        await AssertNoInjectedMarkupAsync(witness);

        await link.ClickAsync();
        await Expect(page.GetByTestId("name")).ToHaveTextAsync(WatchedDashboard.Evil);
        Assert.Equal(WatchedDashboard.Evil, await page.GetByTestId("name").TextContentAsync());
        await Expect(page.GetByTestId("value")).ToHaveTextAsync(WatchedDashboard.Evil);
        Assert.Equal(WatchedDashboard.EvilUnit, await page.GetByTestId("unit").TextContentAsync());
        var url = new Uri(page.Url);
        Assert.Equal(("/target", WatchedDashboard.Evil), (url.AbsolutePath, HttpUtility.ParseQueryString(url.Query)["name"]));
        await AssertNoInjectedMarkupAsync(witness);

        await ScreenshotAsync(page, "markup-as-text");
        witness.AssertClean();
    }

    private async Task<PageWitness> OpenAsync(string path)
    {
        var witness = await _dashboard.OpenPageAsync();
        witness.Page.SetDefaultTimeout(Patience);
        var response = await witness.Page.GotoAsync(new Uri(_dashboard.Url, path).ToString());
        Assert.Equal((path, 200), (path, response!.Status));
        return witness;
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=row][data-name='{name}']");

    /// <summary>No element that the markup would have made, no handler attribute, and no request for its image.</summary>
    private static async Task AssertNoInjectedMarkupAsync(PageWitness witness)
    {
        Assert.Equal(0, await witness.Page.Locator("img").CountAsync());
        Assert.Equal(0, await witness.Page.Locator("[onerror], [onload]").CountAsync());
        Assert.DoesNotContain(witness.Requests, url => new Uri(url).AbsolutePath == "/x");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(WatchedDashboard.Screenshots);
        var path = Path.Combine(WatchedDashboard.Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();
}
