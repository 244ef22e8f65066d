using System.Globalization;

namespace GrantBench;

/// <summary>One case: grants in the time, the request-to-lease round trips, and this process's CPU (silos and client).</summary>
internal sealed record HammerResult(int Callers, int Grants, int Waits, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    public double GrantsPerSecond => Grants / Elapsed.TotalSeconds;

    public string ToJson(int silos) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"silos":{{silos}},"callers":{{Callers}},"grants":{{Grants}},"waits":{{Waits}},"seconds":{{Elapsed.TotalSeconds:0.000}},"grants_per_s":{{GrantsPerSecond:0}},"p50_ms":{{P50.TotalMilliseconds:0.000}},"p99_ms":{{P99.TotalMilliseconds:0.000}},"max_ms":{{Max.TotalMilliseconds:0.000}},"cpu_s":{{Cpu.TotalSeconds:0.00}},"cpu_us_per_grant":{{Cpu.TotalMicroseconds / Math.Max(1, Grants):0.0}}}""");

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Callers,3} callers: {Grants,7} grants in {Elapsed.TotalSeconds:0.0} s = {GrantsPerSecond,7:0}/s; request->lease p50 {P50.TotalMilliseconds:0.000} ms, p99 {P99.TotalMilliseconds:0.000} ms, max {Max.TotalMilliseconds:0.0} ms; CPU {Cpu.TotalMicroseconds / Math.Max(1, Grants):0} us per grant; waits {Waits}");
}
