using System.Diagnostics;
using System.Text.Json;
using Gleaner.Dashboard.Board;
using Microsoft.Playwright;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// The overview in Chromium (Playwright, driving the machine's /usr/bin/chromium): first paint cold and warm, then
/// how responsive the open page stays while <see cref="LiveFeed"/> applies 1,000 samples a second to the board.
/// </summary>
internal sealed class BrowserProbe(Uri url, LiveBoard board, DashboardBench.Options options, IReadOnlyList<string> queries)
{
    private const string SearchBox = "input[type=search]";

    // The flags the team runs Chromium with (no network but loopback, nothing in the background); no sandbox as root.
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = options.Chromium,
            Headless = true,
            Args = Flags,
            Timeout = 30_000,
        });
        Console.WriteLine($"browser: Chromium {browser.Version}, viewport 1280 x 720");
        await FirstPaintAsync(browser, cancellationToken);
        await ResponsivenessAsync(browser, cancellationToken);
    }

    private async Task FirstPaintAsync(IBrowser browser, CancellationToken cancellationToken)
    {
        // The very first visit also finds the server's sparklines of the first window unread (see the API's cold figure).
        Console.WriteLine($"first paint, the server's first visit: {await ColdLoadAsync(browser)}");
        var cold = new List<Load>();
        for (var run = 0; run < options.BrowserRuns && !cancellationToken.IsCancellationRequested; run++)
        {
            cold.Add(await ColdLoadAsync(browser));
        }

        Report("cold (a new context each: nothing cached)", cold);

        // Warm: the same tab navigated to / again (a reload), and a new tab of the same context (opened again).
        var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        await LoadAsync(page);
        var again = new List<Load>();
        var newTab = new List<Load>();
        for (var run = 0; run < options.BrowserRuns && !cancellationToken.IsCancellationRequested; run++)
        {
            again.Add(await LoadAsync(page));
            var tab = await context.NewPageAsync();
            newTab.Add(await LoadAsync(tab));
            await tab.CloseAsync();
        }

        Report("warm, the same tab again (scripts and styles from its cache)", again);
        Report("warm, a new tab of the same context", newTab);
        await context.CloseAsync();
    }

    private async Task ResponsivenessAsync(IBrowser browser, CancellationToken cancellationToken)
    {
        var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Load });
        await page.WaitForSelectorAsync("[data-testid=row]", new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=live]')?.textContent.trim() === 'live'", null, new() { Timeout = 10_000 });

        var idle = await HeartbeatAsync(page, seconds: 10);
        Console.WriteLine($"idle page, 10 s: {idle}");
        var idleSearches = await SearchesAsync(page, queries.Take(3));
        Console.WriteLine($"  typed search to the list shown (150 ms debounce included): {Stats.Summary(idleSearches)}");

        var before = await page.EvaluateAsync<Dictionary<string, string>>(PageScripts.VisibleValues);
        var feed = new LiveFeed(board, options.FeedRate, TimeSpan.FromSeconds(options.FeedSeconds));
        var serverCpu = ProcessCpu.Self();
        var browserCpu = ProcessCpu.Descendants();
        var clock = Stopwatch.StartNew();
        var feeding = Task.Run(() => feed.RunAsync(cancellationToken), cancellationToken);

        // The heartbeat runs the whole feed; searches are typed from another Playwright call meanwhile.
        var heartbeat = HeartbeatAsync(page, options.FeedSeconds);
        var searches = new List<double>();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, options.FeedSeconds / 4.0)), cancellationToken);
        for (var asked = 0; clock.Elapsed < TimeSpan.FromSeconds(options.FeedSeconds - 3) && asked < 2 * queries.Count; asked++)
        {
            searches.AddRange(await SearchesAsync(page, [queries[asked % queries.Count]]));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var loaded = await heartbeat;
        await feeding;
        clock.Stop();
        var serverUsed = ProcessCpu.Self() - serverCpu;
        var browserUsed = ProcessCpu.Descendants().Select(p => (p.Key, p.Value - browserCpu.GetValueOrDefault(p.Key))).ToList();
        var after = await page.EvaluateAsync<Dictionary<string, string>>(PageScripts.VisibleValues);
        var updated = after.Count(p => before.TryGetValue(p.Key, out var was) && was != p.Value);

        Console.WriteLine($"while {feed.Applied:N0} samples arrived in {clock.Elapsed.TotalSeconds:F1} s ({feed.Applied / clock.Elapsed.TotalSeconds:N0}/s; the feed at most {feed.MostBehind.TotalMilliseconds:F0} ms behind): {loaded}");
        Console.WriteLine($"  typed search to the list shown (150 ms debounce included): {Stats.Summary(searches)}");
        Console.WriteLine($"  rows on screen whose value text changed: {updated} of {after.Count}");
        Console.WriteLine($"  CPU: this process (server + feed) {serverUsed.TotalSeconds:F1} s = {serverUsed / clock.Elapsed:P0} of a core; " +
            "browser " + string.Join(", ", browserUsed.Where(p => p.Item2 > TimeSpan.Zero).OrderByDescending(p => p.Item2)
                .Select(p => $"{p.Key} {p.Item2.TotalSeconds:F1} s ({p.Item2 / clock.Elapsed:P0})")));
        await context.CloseAsync();
    }

    private static async Task<Heartbeat> HeartbeatAsync(IPage page, int seconds)
    {
        var result = await page.EvaluateAsync<JsonElement>(PageScripts.Heartbeat, seconds);
        static List<double> Read(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToList();
        return new Heartbeat(Read(result.GetProperty("gaps")), Read(result.GetProperty("frames")), Read(result.GetProperty("longTasks")));
    }

    // Each query typed, then cleared; both timed. A search whose list never showed is said, and left out.
    private static async Task<List<double>> SearchesAsync(IPage page, IEnumerable<string> queries)
    {
        var times = new List<double>();
        foreach (var q in queries)
        {
            foreach (var (typed, previous) in new[] { (q, ""), ("", q) })
            {
                var ms = await page.EvaluateAsync<double>(PageScripts.Search, new object[] { SearchBox, typed, previous });
                if (ms < 0)
                {
                    var shown = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('[data-testid=row]')].slice(0, 5).map(r => r.dataset.name).join(' ')");
                    Console.WriteLine($"  ! search '{typed}' (after '{previous}'): the list did not show it within 10 s (first rows: {shown})");
                    continue;
                }

                times.Add(ms);
            }
        }

        return times;
    }

    private async Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
        await context.AddInitScriptAsync(PageScripts.Probe);
        return context;
    }

    private async Task<Load> ColdLoadAsync(IBrowser browser)
    {
        var context = await NewContextAsync(browser);
        var load = await LoadAsync(await context.NewPageAsync());
        await context.CloseAsync();
        return load;
    }

    private async Task<Load> LoadAsync(IPage page)
    {
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
        var times = await page.EvaluateAsync<JsonElement>(PageScripts.LoadTimes);
        return new Load(
            times.GetProperty("fcp").GetDouble(), times.GetProperty("firstRow").GetDouble(), times.GetProperty("firstRowFrame").GetDouble(),
            times.GetProperty("responseEnd").GetDouble(), times.GetProperty("rows").GetInt32(), times.GetProperty("transferred").GetDouble());
    }

    private static void Report(string what, List<Load> loads)
    {
        Console.WriteLine($"first paint, {what}, {loads.Count} runs:");
        // A navigation of a tab that already shows the page may hold its paint and report no first-contentful-paint.
        var fcp = loads.Select(l => l.Fcp).Where(ms => ms >= 0).ToList();
        Console.WriteLine($"  first-contentful-paint {Stats.Summary(fcp)}{(fcp.Count < loads.Count ? $" ({loads.Count - fcp.Count} loads reported none)" : "")}");
        Console.WriteLine($"  first rows in the DOM  {Stats.Summary(loads.Select(l => l.FirstRow).ToList())}");
        Console.WriteLine($"  first rows painted     {Stats.Summary(loads.Select(l => l.FirstRowFrame).ToList())} (the frame after they entered)");
        Console.WriteLine($"  rows built {loads.Min(l => l.Rows)}-{loads.Max(l => l.Rows)}; bytes transferred {loads.Min(l => l.Transferred) / 1e3:F1}-{loads.Max(l => l.Transferred) / 1e3:F1} kB");
    }

    /// <summary>One load of the overview, in ms from the navigation's start.</summary>
    private sealed record Load(double Fcp, double FirstRow, double FirstRowFrame, double ResponseEnd, int Rows, double Transferred)
    {
        public override string ToString() =>
            $"FCP {Fcp:F0} ms, first rows in the DOM {FirstRow:F0} ms, painted {FirstRowFrame:F0} ms (HTML in at {ResponseEnd:F0} ms; {Rows} rows built, {Transferred / 1e3:F1} kB)";
    }

    /// <summary>What the page's main thread did over a while.</summary>
    private sealed record Heartbeat(List<double> Gaps, List<double> Frames, List<double> LongTasks)
    {
        public override string ToString() =>
            $"setTimeout(0) gaps p99 {Stats.Percentile(Gaps, 99):F1} / max {Gaps.DefaultIfEmpty().Max():F1} ms ({Gaps.Count:N0} beats); " +
            $"frames p99 {Stats.Percentile(Frames, 99):F1} / max {Frames.DefaultIfEmpty().Max():F1} ms ({Frames.Count:N0}); " +
            $"long tasks {LongTasks.Count} (longest {LongTasks.DefaultIfEmpty().Max():F0} ms, {LongTasks.Sum():F0} ms in all)";
    }
}
