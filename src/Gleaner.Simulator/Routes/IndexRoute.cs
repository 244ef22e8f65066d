using System.Net;
using System.Text;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>GET / on the Kestrel server: an HTML table of every route, its expected outcome and its URL.</summary>
internal static class IndexRoute
{
    public static void Register(RouteCatalog routes) => routes.HttpHop("/", (http, sim) =>
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Gleaner hostile simulator</title>"
            + "</head><body><h1>Gleaner hostile simulator</h1><table><tr><th>group</th><th>route</th><th>expected</th><th>what it does</th></tr>\n");
        foreach (var route in sim.Routes)
        {
            html.Append("<tr><td>").Append(route.Group)
                .Append("</td><td><a href=\"").Append(WebUtility.HtmlEncode(route.Url.AbsoluteUri)).Append("\">")
                .Append(WebUtility.HtmlEncode(route.Path)).Append("</a></td><td>").Append(route.ExpectedOutcome)
                .Append("</td><td>").Append(WebUtility.HtmlEncode(route.Description)).Append("</td></tr>\n");
        }
        html.Append("</table></body></html>\n");
        return Respond.TextAsync(http, 200, Respond.Html, html.ToString());
    });
}
