using Gleaner.Watching;

namespace Gleaner.Dashboard.Api;

/// <summary>
/// Thins a range of samples to what a chart can draw: the range cut into equal buckets, and of each bucket's ok samples
/// only the lowest and the highest value and the last (in time order), so the line keeps its shape and ends where the
/// value stands; every failure is kept, so failures over time still count right. Samples arrive in due order; each bucket is let go when the next begins.
/// </summary>
internal sealed class SampleThinning(DateTimeOffset from, DateTimeOffset to, int buckets)
{
    private readonly double _bucketMs = Math.Max(1, (to - from).TotalMilliseconds / buckets);
    private readonly List<Sample> _failures = [];
    private long _bucket = -1;
    private Sample? _low;
    private Sample? _high;
    private Sample? _lastOk;

    /// <summary>Takes the next sample; returns the samples of a bucket just finished, in due order, else none.</summary>
    public IReadOnlyList<Sample> Take(Sample sample)
    {
        var bucket = (long)((sample.Due - from).TotalMilliseconds / _bucketMs);
        var finished = bucket != _bucket ? Flush() : [];
        _bucket = bucket;
        if (sample.Outcome != Outcome.Ok)
        {
            _failures.Add(sample);
        }
        else
        {
            _lastOk = sample;
        }

        if (sample.Outcome == Outcome.Ok && sample.Number is { } number)
        {
            if (_low?.Number is not { } low || number < low)
            {
                _low = sample;
            }

            if (_high?.Number is not { } high || number > high)
            {
                _high = sample;
            }
        }

        return finished;
    }

    /// <summary>What the last bucket holds, once the samples are through.</summary>
    public IReadOnlyList<Sample> Flush()
    {
        var kept = new List<Sample>(_failures.Count + 3);
        kept.AddRange(_failures);
        foreach (var sample in new[] { _low, _high, _lastOk })
        {
            if (sample is not null && !kept.Contains(sample))
            {
                kept.Add(sample);
            }
        }

        kept.Sort((a, b) => a.Due.CompareTo(b.Due));
        (_low, _high, _lastOk) = (null, null, null);
        _failures.Clear();
        return kept;
    }
}
