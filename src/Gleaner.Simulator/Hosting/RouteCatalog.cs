using Gleaner.Simulator.Raw;
using Gleaner.Simulator.Routes;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Simulator.Hosting;

/// <summary>Handles one request on the Kestrel server.</summary>
internal delegate Task HttpHandler(HttpContext http, SimulatorContext sim);

/// <summary>A path served by one of the two servers; <see cref="Listed"/> entries become <see cref="SimulatorRoute"/>s.</summary>
internal sealed record RouteEntry(string Path, string Group, string ExpectedOutcome, string Description, bool IsRaw, bool Listed);

/// <summary>The path table of both servers. Paths match exactly (ordinal); each group registers its own.</summary>
internal sealed class RouteCatalog
{
    private readonly List<RouteEntry> _entries = [];
    private readonly Dictionary<string, HttpHandler> _http = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawHandler> _raw = new(StringComparer.Ordinal);

    public IReadOnlyList<RouteEntry> Entries => _entries;

    /// <summary>Every group's routes, in the order <see cref="RouteGroups.All"/> lists the groups.</summary>
    public static RouteCatalog Build()
    {
        var catalog = new RouteCatalog();
        IndexRoute.Register(catalog);
        WeatherRoutes.Register(catalog);
        GoodRoutes.Register(catalog);
        SlowRoutes.Register(catalog);
        SizeRoutes.Register(catalog);
        CompressionRoutes.Register(catalog);
        ProtocolRoutes.Register(catalog);
        RedirectRoutes.Register(catalog);
        StatusRoutes.Register(catalog);
        ContentRoutes.Register(catalog);
        DeepRoutes.Register(catalog);
        TrafficRoute.Register(catalog);
        return catalog;
    }

    public IReadOnlyDictionary<string, HttpHandler> HttpHandlers => _http;

    public IReadOnlyDictionary<string, RawHandler> RawHandlers => _raw;

    public void Http(string path, string group, string expected, string description, HttpHandler handler)
    {
        _http.Add(path, handler);
        _entries.Add(new RouteEntry(path, group, expected, description, IsRaw: false, Listed: true));
    }

    /// <summary>A Kestrel path that is part of a scenario but not an entry point (a redirect hop).</summary>
    public void HttpHop(string path, HttpHandler handler) => _http.Add(path, handler);

    public void Raw(string path, string group, string expected, string description, RawHandler handler)
    {
        _raw.Add(path, handler);
        _entries.Add(new RouteEntry(path, group, expected, description, IsRaw: true, Listed: true));
    }

    public bool IsRaw(string path) => _raw.ContainsKey(path);
}
