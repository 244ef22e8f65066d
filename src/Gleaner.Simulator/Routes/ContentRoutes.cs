using System.Text;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// Bodies that are the wrong kind of thing: binary, mislabelled, badly encoded, or a page whose value is missing
/// or absurd. The no_match and invalid_value outcomes assume the NWS rule from the job-file sketch
/// (css p.myforecast-current-lrg, regex °F, number in -80..140).
/// </summary>
internal static class ContentRoutes
{
    /// <summary>A valid 1×1 transparent PNG (signature 89 50 4E 47 0D 0A 1A 0A).</summary>
    public static ReadOnlyMemory<byte> Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>"\xff\xfe temp 51°F \xc3\x28" inside a paragraph: invalid UTF-8 on both sides of a valid value.</summary>
    public static ReadOnlyMemory<byte> InvalidUtf8 { get; } = BuildInvalidUtf8();

    /// <summary>
    /// The temperature paragraph of <c>/content/terminal-escapes</c>: ESC ]0;owned BEL (sets a terminal's title),
    /// <c>&amp;#27;[2J</c> (ESC [2J, clears the screen, written as a character reference), U+009B 31m (C1 CSI:
    /// red text in terminals that read C1), DEL, and U+202E RIGHT-TO-LEFT OVERRIDE (shows 66.9°F as F°9.66),
    /// then the reading.
    /// </summary>
    private const string TerminalEscapes = "\u001b]0;owned\u0007&#27;[2J\u009b31m\u007f\u202e66.9&deg;F";

    public static void Register(RouteCatalog routes)
    {
        routes.Http("/content/png", RouteGroups.Content, Expect.NotText,
            "200 image/png: a real 1x1 PNG (PNG signature first).",
            (http, sim) => Respond.BytesAsync(http, 200, "image/png", Png));
        routes.Http("/content/octet-stream-html", RouteGroups.Content, Expect.NotText,
            "200 application/octet-stream whose bytes are an HTML page with a temperature (45.0°F). Expected not_text: "
            + "a declared binary type is trusted, not sniffed (browsers download such bodies rather than render them).",
            (http, sim) => Respond.TextAsync(http, 200, "application/octet-stream", SimplePage("45.0&deg;F")));
        routes.Http("/content/invalid-utf8", RouteGroups.Content, Expect.Ok,
            "200 text/html; charset=utf-8 with invalid UTF-8 around a valid value: FF FE ' temp 51°F ' C3 28. "
            + "Expected ok with value 51: decoding replaces the bad bytes (U+FFFD) and flags the result.",
            (http, sim) => Respond.BytesAsync(http, 200, Respond.Html, InvalidUtf8));
        routes.Http("/content/unknown-charset", RouteGroups.Content, Expect.Decode,
            "200 text/html; charset=x-klingon: a character set nobody can decode, so the text is unknowable.",
            (http, sim) => Respond.TextAsync(http, 200, "text/html; charset=x-klingon", SimplePage("45.0&deg;F")));
        routes.Http("/content/no-temperature", RouteGroups.Content, Expect.NoMatch,
            "200 text/html shaped like the MapClick page, but current conditions are 'Not available' and no °F appears.",
            (http, sim) => Respond.TextAsync(http, 200, Respond.Html, SimplePage("Not available")));
        routes.Http("/content/absurd-temperature", RouteGroups.Content, Expect.InvalidValue,
            "200 text/html shaped like the MapClick page whose current temperature is 999.9°F, outside -80..140.",
            (http, sim) => Respond.TextAsync(http, 200, Respond.Html, SimplePage("999.9&deg;F")));
        routes.Http("/content/terminal-escapes", RouteGroups.Content, Expect.Ok,
            "200 text/html whose temperature paragraph holds terminal control sequences around 66.9°F: ESC ]0;owned BEL "
            + "(sets the title), &#27;[2J (clears the screen), C1 CSI 31m, DEL and a right-to-left override. Expected ok "
            + "with value 66.9; a rule that returns the whole paragraph gets the controls, which gleaner shows escaped.",
            (http, sim) => Respond.TextAsync(http, 200, Respond.Html, SimplePage(TerminalEscapes)));
    }

    private static string SimplePage(string current) =>
        "<!DOCTYPE html><html><head><title>National Weather Service</title></head><body>"
        + "<div id=\"current_conditions-summary\" class=\"pull-left\"><p class=\"myforecast-current\">Fair</p>"
        + $"<p class=\"myforecast-current-lrg\">{current}</p></div></body></html>\n";

    private static byte[] BuildInvalidUtf8()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body><p class=\"myforecast-current-lrg\">"));
        bytes.AddRange([0xFF, 0xFE]);
        bytes.AddRange(Encoding.UTF8.GetBytes(" temp 51°F "));
        bytes.AddRange([0xC3, 0x28]);
        bytes.AddRange(Encoding.ASCII.GetBytes("</p></body></html>\n"));
        return [.. bytes];
    }
}
