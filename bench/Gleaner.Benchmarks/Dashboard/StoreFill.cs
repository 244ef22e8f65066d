using System.Diagnostics;
using Gleaner.Storage.Samples;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>Writes a <see cref="DayOfHistory"/> into a new store through <see cref="SqliteSampleStore.WriteAsync"/>.</summary>
internal static class StoreFill
{
    /// <summary>The watch's writer takes up to 2,000 samples per transaction (SampleBatcher.MaxBatch).</summary>
    public const int BatchSize = 2_000;

    public sealed record Result(long Samples, long Events, int Batches, TimeSpan Elapsed, TimeSpan Writing, long FileBytes);

    public static async Task<Result> FillAsync(string path, DayOfHistory day, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var writing = new Stopwatch();
        long samples = 0, events = 0;
        var batches = 0;
        await using (var store = await SqliteSampleStore.OpenAsync(path, cancellationToken))
        {
            foreach (var batch in day.Batches(BatchSize))
            {
                writing.Start();
                await store.WriteAsync(batch.Samples, batch.Events, batch.States, cancellationToken);
                writing.Stop();
                samples += batch.Samples.Count;
                events += batch.Events.Count;
                if (++batches % 200 == 0)
                {
                    Console.Error.Write($"\r  {samples:N0} samples written");
                }
            }
        }

        Console.Error.WriteLine();
        total.Stop();
        var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        return new Result(samples, events, batches, total.Elapsed, writing.Elapsed, bytes);
    }
}
