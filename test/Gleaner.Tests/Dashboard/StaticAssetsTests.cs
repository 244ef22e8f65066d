using System.Net;
using System.Text.RegularExpressions;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary>The pages, their scripts and uPlot come from the assembly, whole, typed, and revalidated by ETag.</summary>
public sealed partial class StaticAssetsTests : IAsyncLifetime
{
    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(OverviewStore.FillAsync);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "text/html; charset=utf-8", "no-store")]
    [InlineData("/target", "text/html; charset=utf-8", "no-store")]
    [InlineData("/assets/overview.js", "text/javascript; charset=utf-8", "public, max-age=3600")]
    [InlineData("/assets/app.css", "text/css; charset=utf-8", "public, max-age=3600")]
    [InlineData("/assets/uPlot.iife.min.js", "text/javascript; charset=utf-8", "public, max-age=3600")]
    [InlineData("/assets/uPlot.min.css", "text/css; charset=utf-8", "public, max-age=3600")]
    public async Task Asset_IsServedWithItsTypeAndCaching_ThenRevalidatedByItsETag(string path, string contentType, string caching)
    {
        using var response = await _dashboard.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(caching, response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(response.Content.Headers.ContentLength, body.Length);
        Assert.True(body.Length > 100, $"{path} is {body.Length} bytes");

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await _dashboard.Client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/target")]
    public async Task Page_LoadsOnlyItsOwnScriptsAndStyles_NoInlineScriptOrStyle(string path)
    {
        var html = await _dashboard.Client.GetStringAsync(new Uri(path, UriKind.Relative), Ct);

        // Inline script or style would be refused by the CSP; every script and sheet is the dashboard's own.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        // The one exception is the favicon, an empty data: URL, so that the browser asks for no /favicon.ico.
        var sources = Sources().Matches(html).Select(m => m.Groups[1].Value).Where(s => s != "data:,").ToList();
        Assert.All(sources, s => Assert.StartsWith("/assets/", s, StringComparison.Ordinal));
        Assert.Contains(path == "/" ? "/assets/overview.js" : "/assets/uPlot.iife.min.js", sources);
        foreach (var source in sources)
        {
            using var asset = await _dashboard.Client.GetAsync(new Uri(source, UriKind.Relative), Ct);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{source}: {asset.StatusCode}");
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // What a page loads: scripts, style sheets and module preloads (not its links to other pages).
    [GeneratedRegex(@"<(?:script[^>]*\bsrc|link[^>]*\bhref)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Sources();
}
