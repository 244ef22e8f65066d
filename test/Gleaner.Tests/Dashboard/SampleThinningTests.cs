using Gleaner.Dashboard.Api;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Dashboard;

/// <summary>A long range thinned for a chart: each bucket's lowest and highest ok value in time order, every failure.</summary>
public sealed class SampleThinningTests
{
    [Fact]
    public void Take_ThreeBuckets_KeepsEachBucketsLowHighAndLastInOrder_AndEveryFailure()
    {
        // 30 samples 10 s apart in three buckets of 100 s; bucket 1 has two failures, bucket 2 a text value.
        var samples = Enumerable.Range(0, 30).Select(i => i switch
        {
            12 or 15 => Failed("nyc", Due(i), Outcome.HeadersTimeout, "no response headers within 10s"),
            25 => Ok("nyc", Due(i), "n/a"),
            _ => Ok("nyc", Due(i), $"{50 + (i * 7 % 10)}"),
        }).ToList();
        var thinning = new SampleThinning(Due(0), Due(30), buckets: 3);

        var kept = samples.SelectMany(thinning.Take).ToList();
        kept.AddRange(thinning.Flush());

        // Each bucket's values run 50, 57, 54, 51, 58, 55, 52, 59, 56, 53: low 50 first, high 59 eighth, last 53 tenth.
        // Bucket 1 adds its failures (12, 15); bucket 2's text value (25) is neither low, high nor last.
        Assert.Equal([0, 7, 9, 10, 12, 15, 17, 19, 20, 27, 29], kept.Select(s => (int)((s.Due - Due(0)) / Every)));
        Assert.Equal(samples.Where(s => s.Outcome != Outcome.Ok), kept.Where(s => s.Outcome != Outcome.Ok));
    }

    [Fact]
    public void Take_BucketWithOneSample_KeepsItOnce()
    {
        var thinning = new SampleThinning(Due(0), Due(10), buckets: 10);

        var kept = new[] { Ok("nyc", Due(0), "1"), Ok("nyc", Due(5), "2") }.SelectMany(thinning.Take).ToList();
        kept.AddRange(thinning.Flush());

        Assert.Equal([Due(0), Due(5)], kept.Select(s => s.Due));
    }
}
