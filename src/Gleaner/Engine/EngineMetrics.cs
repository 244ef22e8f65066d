using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gleaner.Telemetry;

namespace Gleaner.Engine;

/// <summary>
/// What the engine's politeness does, visible without a debugger: retries by the outcome that caused them, circuit
/// breaker changes, slots in use, host workers started and evicted, hosts pushed back. Tags from small fixed sets.
/// </summary>
internal static class EngineMetrics
{
    private static readonly Counter<long> Retries = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.engine.retries", "{retry}", "Retries scheduled, by the outcome of the attempt that caused them.");

    private static readonly Counter<long> BreakerChanges = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.engine.breaker.changes", "{change}", "A host's circuit breaker changing state (open, half_open, closed).");

    private static readonly UpDownCounter<long> SlotsInUse = GleanerTelemetry.Meter.CreateUpDownCounter<long>(
        "gleaner.engine.slots.active", "{slot}", "Fetch slots held (each with its host's slot), robots.txt included.");

    // Labelled by host key, against the rule of small tag sets, because "which host holds the slots" is the question
    // an operator asks of a stuck run; OpenTelemetry's cardinality limit (2,000 series a metric) bounds its memory.
    private static readonly UpDownCounter<long> HostSlotsInUse = GleanerTelemetry.Meter.CreateUpDownCounter<long>(
        "gleaner.engine.host.slots.active", "{slot}", "Fetch slots held, by host key.");

    private static readonly Counter<long> HostsStarted = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.engine.hosts.started", "{host}", "Host workers started.");

    private static readonly Counter<long> HostsEvicted = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.engine.hosts.evicted", "{host}", "Host workers let go, with their slot, breaker and idle connections.");

    private static readonly Counter<long> PushBacks = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.engine.hosts.pushed_back", "{host}", "Hosts left alone after a 429 or 503, by status.");

    public static void Retry(Outcome cause)
    {
        if (Retries.Enabled)
        {
            Retries.Add(1, new TagList { { "outcome", cause.ToName() } });
        }
    }

    public static void BreakerChanged(string state)
    {
        if (BreakerChanges.Enabled)
        {
            BreakerChanges.Add(1, new TagList { { "state", state } });
        }
    }

    /// <summary>Counts a slot of <paramref name="host"/> taken; true when counted, for <see cref="SlotReleased"/>.</summary>
    public static bool SlotTaken(string host)
    {
        if (!SlotsInUse.Enabled && !HostSlotsInUse.Enabled)
        {
            return false;
        }

        SlotsInUse.Add(1);
        HostSlotsInUse.Add(1, new KeyValuePair<string, object?>("host", host));
        return true;
    }

    public static void SlotReleased(bool counted, string host)
    {
        if (counted)
        {
            SlotsInUse.Add(-1);
            HostSlotsInUse.Add(-1, new KeyValuePair<string, object?>("host", host));
        }
    }

    /// <summary>Counts a host worker started; true when counted, for <see cref="HostEvicted"/>.</summary>
    public static bool HostStarted()
    {
        if (!HostsStarted.Enabled)
        {
            return false;
        }

        HostsStarted.Add(1);
        return true;
    }

    /// <summary>Counts the eviction of a worker whose start was counted, so the two stay a pair.</summary>
    public static void HostEvicted(bool counted)
    {
        if (counted)
        {
            HostsEvicted.Add(1);
        }
    }

    public static void PushedBack(int status)
    {
        if (PushBacks.Enabled)
        {
            PushBacks.Add(1, new TagList { { "status", status == 429 ? "429" : "503" } });
        }
    }
}
