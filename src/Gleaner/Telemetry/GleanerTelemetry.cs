using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gleaner.Telemetry;

/// <summary>
/// The names under which Gleaner publishes its metrics and traces: one <see cref="Meter"/> and one
/// <see cref="ActivitySource"/>, both <c>Gleaner</c>, versioned as the assembly. Subscribe to them by name, e.g.
/// <c>AddMeter(GleanerTelemetry.MeterName)</c> with OpenTelemetry or <c>dotnet-counters monitor --counters Gleaner</c>.
/// The instruments are listed in docs/architecture.md (Telemetry).
/// </summary>
public static class GleanerTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> every Gleaner instrument belongs to.</summary>
    public const string MeterName = "Gleaner";

    /// <summary>The name of the <see cref="ActivitySource"/> of Gleaner's traces (<c>gleaner.fetch</c>, <c>gleaner.watch.sample</c>).</summary>
    public const string ActivitySourceName = "Gleaner";

    private static readonly string? Version = typeof(GleanerTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The one meter; instruments are created beside the code they describe.</summary>
    internal static readonly Meter Meter = new(MeterName, Version);

    /// <summary>The one activity source.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);
}
