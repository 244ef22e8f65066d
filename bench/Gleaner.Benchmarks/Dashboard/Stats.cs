namespace Gleaner.Benchmarks.Dashboard;

/// <summary>Order statistics of a handful of timings (nearest rank: a reported p95 is a time that was measured).</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>"median 12.3 / p95 15.0 / min 11.0 / max 20.1 ms (n = 20)".</summary>
    public static string Summary(IReadOnlyCollection<double> ms) =>
        ms.Count == 0 ? "no runs" :
        $"median {Median(ms):F1} / p95 {Percentile(ms, 95):F1} / min {ms.Min():F1} / max {ms.Max():F1} ms (n = {ms.Count})";
}
