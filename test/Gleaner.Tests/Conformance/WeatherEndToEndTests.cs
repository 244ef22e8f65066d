using System.Text.Json;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Tests.Extraction;
using Gleaner.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// Every saved weather document in fixtures/weather, served over HTTP on loopback with the status and content type
/// it was captured with, sampled through the whole pipeline (fetch, decode, extract, validate) with the rule a user
/// would write for its format. Documents with a current temperature give that value; the others give the failure a
/// user would see: http_status for captured error responses, no_match for the rest.
/// </summary>
public sealed class WeatherEndToEndTests : IAsyncLifetime
{
    private LoopbackServer? _server;

    public static TheoryData<string> Rows() => [.. WeatherFixture.All.Select(f => f.Path)];

    public async ValueTask InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(app => app.MapGet("/weather/{**path}", Serve));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public void Rows_CoverEveryDocumentInExpectedJsonl() => Assert.Equal(38, WeatherFixture.All.Count);

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Sample_SavedWeatherDocument_GivesExpectedTemperatureOrNamedFailure(string path)
    {
        var fixture = WeatherFixture.All.Single(f => f.Path == path);
        var (rules, spec) = RuleFor(path, fixture.ExpectedUnit);
        var target = new Target
        {
            Name = path,
            Url = _server!.Url("/weather/" + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)),
            Extract = ExtractionChain.Of([.. rules.Select(r => ExtractionRules.Compile(r.Kind, r.Expression))]),
            Value = spec,
        };
        using var fetcher = new Fetcher();

        var result = await new TargetRunner(fetcher).RunAsync(target, TestContext.Current.CancellationToken);

        if (fixture.ExpectedValue is { } expected)
        {
            Assert.True(result.Outcome == Outcome.Ok, $"{result.Outcome.ToName()}: {result.Error}");
            Assert.Equal(expected, (double)result.Value!);
            Assert.Equal(UnitLetter(fixture.ExpectedUnit), result.Target.Value.Unit);
        }
        else
        {
            var expectedOutcome = CapturedStatus(path) is >= 400 ? Outcome.HttpStatus : Outcome.NoMatch;
            Assert.Equal(expectedOutcome, result.Outcome);
        }
    }

    private static ((string Kind, string Expression)[] Rules, ValueSpec Spec) RuleFor(string path, string? unit)
    {
        var letter = UnitLetter(unit);
        var spec = letter switch
        {
            "C" => new ValueSpec(ValueKind.Number, unit: "C", min: -60, max: 60),
            "K" => new ValueSpec(ValueKind.Number, unit: "K", min: 180, max: 340),
            _ => new ValueSpec(ValueKind.Number, unit: letter ?? "F", min: -80, max: 140),
        };
        var folder = path[..path.IndexOf('/', StringComparison.Ordinal)];
        (string, string)[] rules = folder switch
        {
            "nws-mapclick-html" => [("css", "#current_conditions-summary p.myforecast-current-lrg"), ("regex", @"(-?\d+(?:\.\d+)?)")],
            "nws-current-obs-xml" or "nws-dwml-xml" => [("xpath", "/current_observation/temp_f")],
            "other-xml" when path.Contains("yahoo", StringComparison.Ordinal) => [("xpath", "//yweather:condition/@temp")],
            "other-xml" => [("xpath", "/weather/cc/tmp")],
            "nws-api-json" when path.Contains("pynws_stations_observations", StringComparison.Ordinal) && !path.Contains("latest", StringComparison.Ordinal)
                => [("jsonpath", "$.features[0].properties.temperature.value")],
            "nws-api-json" => [("jsonpath", "$.properties.temperature.value")],
            "open-meteo-json" => [("jsonpath", "$.current.temperature_2m")],
            "other-json" => [("jsonpath", "$.main.temp")],
            "tgftp-metar-decoded" => [("regex", "^Temperature: (-?[0-9.]+) F")],
            _ => throw new InvalidOperationException($"no rule for {path}: add one"),
        };
        return (rules, spec);
    }

    private static string? UnitLetter(string? unit) => unit switch
    {
        "degF" => "F",
        "degC" => "C",
        "K" => "K",
        _ => null,
    };

    private static async Task Serve(HttpContext context, string path)
    {
        var file = Fixtures.Path("weather", path);
        if (!File.Exists(file) || path.Contains("..", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.StatusCode = CapturedStatus(path) ?? 200;
        context.Response.ContentType = CapturedContentType(path) ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".html" => "text/html",
            ".xml" => "application/xml",
            ".json" => "application/json",
            _ => "text/plain",
        };
        await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(file));
    }

    private static int? CapturedStatus(string path) =>
        Meta(path) is { } meta ? meta.GetProperty("status").GetProperty("code").GetInt32() : null;

    private static string? CapturedContentType(string path) =>
        Meta(path) is { } meta && meta.GetProperty("headers").TryGetProperty("Content-Type", out var type) ? type[0].GetString() : null;

    /// <summary>The captured response's status and headers, where the fixture kept them (*.response-meta.json).</summary>
    private static JsonElement? Meta(string path)
    {
        var file = Fixtures.Path("weather", Path.ChangeExtension(path, null) + ".response-meta.json");
        return File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement : null;
    }
}
