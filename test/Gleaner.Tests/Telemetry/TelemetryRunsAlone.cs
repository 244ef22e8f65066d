namespace Gleaner.Tests.Telemetry;

/// <summary>
/// The instruments are static and a listener hears every fetch in the process: telemetry tests run alone, after the
/// parallel ones, so the counts they assert are their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}
