using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class DeepRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private const int Depth = 100_000;
    private const long Cap = 2L << 20;

    private readonly HostileSimulator _sim = fixture.Simulator;

    [Theory]
    [InlineData("/deep/divs.html", "text/html", "<div>", Depth, "</div>", Depth + 1, "42&deg;F")]
    [InlineData("/deep/unclosed-divs.html", "text/html", "<div>", Depth, "</div>", 1, "42&deg;F")]
    [InlineData("/deep/levels.xml", "application/xml", "<level>", Depth, "</level>", Depth, "<temp_f>42.0</temp_f>")]
    [InlineData("/deep/arrays.json", "application/geo+json", "[", Depth, "]", Depth, "\"value\":5.6")]
    [InlineData("/deep/objects.json", "application/geo+json", "{\"level\":", Depth, "}", Depth + 3, "\"value\":5.6")]
    public async Task Deep_NestsAHundredThousandLevelsAroundOneValueUnderTheCap(
        string path, string mediaType, string open, int opened, string close, int closed, string value)
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url(path), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Content.Headers.ContentLength ?? 0, 1, Cap);
        Assert.Equal(opened, Count(body, open));
        Assert.Equal(closed, Count(body, close));
        var at = body.IndexOf(value, StringComparison.Ordinal);
        Assert.Equal(opened, Count(body[..at], open));
        Assert.Equal(at, body.LastIndexOf(value, StringComparison.Ordinal));
    }

    [Fact]
    public void Routes_DeepGroup_ExpectsTooDeep()
    {
        Assert.Equal(
            ["/deep/arrays.json", "/deep/divs.html", "/deep/levels.xml", "/deep/objects.json", "/deep/unclosed-divs.html"],
            _sim.Routes.Where(r => r.Group == RouteGroups.Deep).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(_sim.Routes.Where(r => r.Group == RouteGroups.Deep), r => Assert.Equal("too_deep", r.ExpectedOutcome));
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
