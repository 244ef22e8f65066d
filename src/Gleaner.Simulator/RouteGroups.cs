namespace Gleaner.Simulator;

/// <summary>The <see cref="SimulatorRoute.Group"/> names.</summary>
public static class RouteGroups
{
    /// <summary>Realistic weather pages whose temperature follows <see cref="WeatherModel"/>.</summary>
    public const string Weather = "weather";
    /// <summary>Routes that hang or trickle.</summary>
    public const string Slow = "slow";
    /// <summary>Bodies or headers over the size caps.</summary>
    public const string Size = "size";
    /// <summary>Decompression bombs.</summary>
    public const string Compression = "compression";
    /// <summary>Broken framing, resets and non-HTTP replies.</summary>
    public const string Protocol = "protocol";
    /// <summary>Loops, long chains and redirects to places a client must not go.</summary>
    public const string Redirect = "redirect";
    /// <summary>Non-success status codes.</summary>
    public const string Status = "status";
    /// <summary>Wrong content types, broken encodings and values that fail extraction or validation.</summary>
    public const string Content = "content";
    /// <summary>Well-behaved pages served in different ways (plain, compressed, chunked, slowish).</summary>
    public const string Good = "good";
    /// <summary>Documents nested far deeper than a parser may follow (HTML, XML, JSON).</summary>
    public const string Deep = "deep";

    /// <summary>All group names, in the order the route table lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Weather, Good, Slow, Size, Compression, Protocol, Redirect, Status, Content, Deep];
}
