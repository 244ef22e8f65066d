using Microsoft.Playwright;

namespace Gleaner.Tests.Dashboard.Browser;

/// <summary>
/// Debian's Chromium (the <c>chromium</c> package, which .ci/run installs) driven by Playwright's own driver, which
/// runs offline: no <c>playwright install</c>, no browser download. Each launch has a fresh profile, deleted at the end.
/// </summary>
internal sealed class DebianChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Nothing leaves loopback: no updates, sync, field trials or QUIC probes, and no sandbox (CI runs as root).
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private DebianChromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    /// <summary>The browser's one context (its fresh profile); open pages in it.</summary>
    public IBrowserContext Context { get; }

    /// <summary>Fails (never skips) when Chromium is not installed: CI installs it.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not at {ExecutablePath}: install Debian's chromium package (.ci/run does) to run the browser tests.");
        }
    }

    /// <summary>Launches Chromium headless with a fresh profile.</summary>
    public static async Task<DebianChromium> LaunchAsync()
    {
        EnsureInstalled();
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("gleaner-chromium-").FullName;
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                Timeout = 30_000,
            });
            return new DebianChromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
