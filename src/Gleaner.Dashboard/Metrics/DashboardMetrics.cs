using System.Diagnostics.Metrics;
using Gleaner.Dashboard.Board;
using Gleaner.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Gleaner.Dashboard.Metrics;

/// <summary>
/// <c>/metrics</c>: the <c>Gleaner</c> meter in Prometheus text format through OpenTelemetry's exporter, plus
/// <c>gleaner.watch.value</c>, each target's last numeric value as a gauge labelled by target and unit, so Prometheus
/// and Grafana users scrape Gleaner as they would json_exporter.
/// </summary>
internal static class DashboardMetrics
{
    public const string ValueGauge = "gleaner.watch.value";

    /// <summary>
    /// Series of the value gauge kept: one per target and unit. OpenTelemetry keeps 2,000 a metric by default and
    /// folds the rest into one overflow series, which would hide most of a large watch; it sets aside room for the
    /// limit up front (about 150 bytes a series), so the limit is a watch's size rather than unbounded.
    /// </summary>
    public const int MaxValueSeries = 20_000;

    public static void AddTo(IServiceCollection services, LiveBoard board)
    {
        // Its own Meter of the same name, owned by this server's services (disposed with them); OpenTelemetry
        // subscribes by name, so it is scraped with the library's instruments.
        services.AddSingleton(_ => ValueMeter(board));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GleanerTelemetry.MeterName)
            .AddView(ValueGauge, new MetricStreamConfiguration { CardinalityLimit = MaxValueSeries })
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    public static void MapTo(WebApplication app)
    {
        // The gauge's meter is made when first asked for: before the first scrape.
        _ = app.Services.GetRequiredService<Meter>();
        app.MapPrometheusScrapingEndpoint("/metrics");
    }

    private static Meter ValueMeter(LiveBoard board)
    {
        var meter = new Meter(GleanerTelemetry.MeterName);
        meter.CreateObservableGauge(ValueGauge, () => Values(board), description: "Each watched target's last numeric value, labelled by target and unit");
        return meter;
    }

    private static IEnumerable<Measurement<double>> Values(LiveBoard board)
    {
        foreach (var row in board.Rows)
        {
            var state = row.State;
            if (state.Number is { } number && double.IsFinite(number))
            {
                yield return new Measurement<double>(number,
                    new KeyValuePair<string, object?>("target", row.Name),
                    new KeyValuePair<string, object?>("unit", state.Unit ?? ""));
            }
        }
    }
}
