using System.Text;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// Documents nested 100,000 levels deep, each under the 2 MiB cap and each with a value at the bottom that a rule
/// could reach: a parser that follows them spends time that grows with the square of the depth, and a recursive walk
/// over them overflows the stack. The expected too_deep assumes a structural rule (css, xpath, jsonpath,
/// jsonpointer); a regex alone reads the value.
/// </summary>
internal static class DeepRoutes
{
    public const int Depth = 100_000;

    private static readonly Lazy<byte[]> Divs = new(() => Html(closed: true));
    private static readonly Lazy<byte[]> UnclosedDivs = new(() => Html(closed: false));
    private static readonly Lazy<byte[]> Levels = new(() => Build(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<current_observation>",
        "<level>", "<temp_f>42.0</temp_f>", "</level>", "</current_observation>\n"));
    private static readonly Lazy<byte[]> Arrays = new(() => Build("", "[", Observation, "]", "\n"));
    private static readonly Lazy<byte[]> Objects = new(() => Build("", "{\"level\":", Observation, "}", "\n"));

    private const string Observation = "{\"properties\":{\"temperature\":{\"unitCode\":\"wmoUnit:degC\",\"value\":5.6}}}";

    public static void Register(RouteCatalog routes)
    {
        routes.Http("/deep/divs.html", RouteGroups.Deep, Expect.TooDeep,
            $"200 text/html: {Depth:N0} nested <div>s, each closed, around the MapClick current-conditions block "
            + "(42°F); about 1.1 MB.",
            (http, sim) => Respond.BytesAsync(http, 200, Respond.Html, Divs.Value));
        routes.Http("/deep/unclosed-divs.html", RouteGroups.Deep, Expect.TooDeep,
            $"200 text/html: {Depth:N0} <div>s never closed, then the MapClick current-conditions block (42°F); about 0.5 MB.",
            (http, sim) => Respond.BytesAsync(http, 200, Respond.Html, UnclosedDivs.Value));
        routes.Http("/deep/levels.xml", RouteGroups.Deep, Expect.TooDeep,
            $"200 application/xml: a current_observation whose <temp_f>42.0</temp_f> sits {Depth:N0} <level>s down; about 1.5 MB.",
            (http, sim) => Respond.BytesAsync(http, 200, "application/xml; charset=utf-8", Levels.Value));
        routes.Http("/deep/arrays.json", RouteGroups.Deep, Expect.TooDeep,
            $"200 application/json: an api.weather.gov-shaped observation (5.6 °C) inside {Depth:N0} nested arrays; about 0.3 MB.",
            (http, sim) => Respond.BytesAsync(http, 200, "application/geo+json", Arrays.Value));
        routes.Http("/deep/objects.json", RouteGroups.Deep, Expect.TooDeep,
            $"200 application/json: the same observation inside {Depth:N0} nested objects ({{\"level\": …}}); about 1 MB.",
            (http, sim) => Respond.BytesAsync(http, 200, "application/geo+json", Objects.Value));
    }

    private static byte[] Html(bool closed) => Build(
        "<!DOCTYPE html><html><head><title>National Weather Service</title></head><body>",
        "<div>",
        "<div id=\"current_conditions-summary\" class=\"pull-left\"><p class=\"myforecast-current\">Fair</p>"
        + "<p class=\"myforecast-current-lrg\">42&deg;F</p></div>",
        closed ? "</div>" : "",
        closed ? "</body></html>\n" : "\n");

    private static byte[] Build(string head, string open, string middle, string close, string tail)
    {
        var text = new StringBuilder(head.Length + Depth * (open.Length + close.Length) + middle.Length + tail.Length);
        text.Append(head).Insert(text.Length, open, Depth).Append(middle).Insert(text.Length, close, Depth).Append(tail);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
