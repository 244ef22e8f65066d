using System.Text.Json;
using System.Text.Json.Serialization;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// GET /_sim/traffic on the Kestrel server: <see cref="HostileSimulator.Traffic"/> as a JSON array, for a
/// benchmark that runs the simulator as its own process (<c>gleaner sim</c>). Not a scenario, so not listed,
/// and its own requests are not counted.
/// </summary>
internal static partial class TrafficRoute
{
    public const string Path = "/_sim/traffic";

    public static void Register(RouteCatalog routes) => routes.HttpHop(Path, (http, sim) =>
        Respond.TextAsync(http, 200, "application/json; charset=utf-8", JsonSerializer.Serialize(sim.Traffic.Snapshot(), TrafficJson.Default.IReadOnlyListTrafficEntry)));

    // Source-generated, so the native (AOT) build of the CLI serialises it without reflection.
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(IReadOnlyList<TrafficEntry>))]
    private sealed partial class TrafficJson : JsonSerializerContext;
}
