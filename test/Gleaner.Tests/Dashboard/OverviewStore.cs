using System.Globalization;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// Five targets as a watch leaves them in its store, one of each kind the overview must show: a number in F with 62
/// samples (one a failure), a text value, one failing 3 times in a row whose name is markup, one failing once, and
/// one never sampled. Their names sort (ordinal) as listed in <see cref="Names"/>.
/// </summary>
internal static class OverviewStore
{
    public const string Markup = "<img src=x onerror=alert(1)>";
    public const string Harbor = "boston/harbor";
    public const string NycUrl = "https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059";

    public static readonly string[] Names = [Markup, Harbor, "chi", "nyc", "pdx"];

    /// <summary>nyc's value at sample n: 60.5, 61.5, … (exact in binary and in text).</summary>
    public static string NycValue(int n) => string.Create(CultureInfo.InvariantCulture, $"{60 + n}.5");

    /// <summary>nyc's 60th sample (n = 59) failed: the sparkline shows null there.</summary>
    public const int NycFailure = 59;

    public static async Task FillAsync(SqliteSampleStore store)
    {
        var nyc = Enumerable.Range(0, 62)
            .Select(n => n == NycFailure
                ? Failed("nyc", Due(n), Outcome.Dns, "no such host forecast.weather.gov")
                : Ok("nyc", Due(n), NycValue(n), changed: true))
            .ToList();
        var harbor = new[] { Ok(Harbor, Due(0), "calm", unit: null, changed: true), Ok(Harbor, Due(1), "calm", unit: null) };
        var markup = new[]
        {
            Ok(Markup, Due(0), "12", changed: true),
            Failed(Markup, Due(1), Outcome.Dns, "no such host"),
            Failed(Markup, Due(2), Outcome.Dns, "no such host"),
            Failed(Markup, Due(3), Outcome.Dns, "no such host"),
        };
        var chi = new[] { Ok("chi", Due(0), "40.5", changed: true), Failed("chi", Due(1), Outcome.HttpStatus, "HTTP 503 Service Unavailable", status: 503) };
        TargetState[] states =
        [
            new()
            {
                Target = "nyc", Url = new Uri(NycUrl), LastDue = Due(61), LastAt = nyc[61].Finished, Outcome = Outcome.Ok,
                Value = NycValue(61), Number = 121.5, Unit = "F", ChangedAt = nyc[61].Finished,
            },
            new()
            {
                Target = Harbor, Url = new Uri("https://harbor.example/now"), LastDue = Due(1), LastAt = harbor[1].Finished, Outcome = Outcome.Ok,
                Value = "calm", ChangedAt = harbor[0].Finished,
            },
            new()
            {
                Target = Markup, Url = new Uri("https://markup.example/x"), LastDue = Due(3), LastAt = markup[3].Finished, Outcome = Outcome.Dns,
                Value = "12", Number = 12, Unit = "F", ChangedAt = markup[0].Finished, FailuresInARow = 3,
            },
            new()
            {
                Target = "chi", Url = new Uri("https://forecast.weather.gov/MapClick.php?lat=41.8781&lon=-87.6298"), LastDue = Due(1),
                LastAt = chi[1].Finished, Outcome = Outcome.HttpStatus, Value = "40.5", Number = 40.5, Unit = "F", ChangedAt = chi[0].Finished,
                FailuresInARow = 1,
            },
            new() { Target = "pdx", Url = new Uri("https://forecast.weather.gov/MapClick.php?lat=45.5152&lon=-122.6784"), Unit = "F" },
        ];
        await DashboardHarness.WriteAsync(store, [.. nyc, .. harbor, .. markup, .. chi], [], states);
    }
}
