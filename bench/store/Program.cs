using System.Diagnostics;
using System.Globalization;
using Gleaner.Storage.Samples;
using Microsoft.Data.Sqlite;
using StoreBench;

// Usage: StoreBench [--targets 1000] [--samples 1000] [--batch 1000] [--rates 0,10,100] [--naive 10] [--dir DIR]
// Writes TARGETS × SAMPLES samples (round n holds sample n of every target; BATCH samples per WriteAsync call) through
// SqliteSampleStore at each change rate (percent), then reads them all back; prints the file's bytes per sample, the
// bytes the process wrote to files per sample (WAL and checkpoints: /proc/self/io wchar, Linux), samples written and
// read per second. --naive RATE writes the same samples at RATE into one row per sample too.
var options = ParseArgs(args);
var targets = options.GetValueOrDefault("targets", "1000");
var rounds = int.Parse(options.GetValueOrDefault("samples", "1000"), CultureInfo.InvariantCulture);
var dir = options.GetValueOrDefault("dir") ?? Directory.CreateTempSubdirectory("store-bench-").FullName;
var targetCount = int.Parse(targets, CultureInfo.InvariantCulture);
var batch = int.Parse(options.GetValueOrDefault("batch", targets), CultureInfo.InvariantCulture);

Console.WriteLine($"{targetCount} targets x {rounds} samples, every 10 s, batches of {batch}; {dir}");
Console.WriteLine($"{"store",-8} {"change",6} {"rows",9} {"file bytes",12} {"bytes/sample",12} {"io/sample",10} {"written/s",10} {"read/s",10}");
foreach (var rate in options.GetValueOrDefault("rates", "0,10,100").Split(','))
{
    var path = Path.Combine(dir, $"store-{rate}.db");
    File.Delete(path);
    var workload = new Workload(targetCount, double.Parse(rate, CultureInfo.InvariantCulture) / 100);
    var write = new Stopwatch();
    var io = WrittenBytes();
    await using (var store = await SqliteSampleStore.OpenAsync(path))
    {
        foreach (var samples in Batches(workload, rounds, batch))
        {
            write.Start();
            await store.WriteAsync(samples, [], []);
            write.Stop();
        }
    }

    io = WrittenBytes() - io;

    var read = Stopwatch.StartNew();
    long count = 0;
    await using (var reader = await SqliteSampleStore.OpenReadOnlyAsync(path))
    {
        await foreach (var _ in reader.ReadSamplesAsync(null, null, null))
        {
            count++;
        }
    }

    read.Stop();
    var total = (long)targetCount * rounds;
    if (count != total)
    {
        throw new InvalidOperationException($"read {count} samples back of {total}");
    }

    Report("runs", rate, await RowsAsync(path, "runs"), new FileInfo(path).Length, io, total, write.Elapsed, read.Elapsed);
}

if (options.GetValueOrDefault("naive") is { } naiveRate)
{
    var path = Path.Combine(dir, "naive.db");
    File.Delete(path);
    var workload = new Workload(targetCount, double.Parse(naiveRate, CultureInfo.InvariantCulture) / 100);
    var write = new Stopwatch();
    var io = WrittenBytes();
    await using (var naive = await NaiveStore.OpenAsync(path))
    {
        foreach (var samples in Batches(workload, rounds, batch))
        {
            write.Start();
            await naive.WriteAsync(samples);
            write.Stop();
        }
    }

    io = WrittenBytes() - io;
    Report("naive", naiveRate, await RowsAsync(path, "samples"), new FileInfo(path).Length, io, (long)targetCount * rounds, write.Elapsed, null);
}

static IEnumerable<List<Gleaner.Watching.Sample>> Batches(Workload workload, int rounds, int size)
{
    var pending = new List<Gleaner.Watching.Sample>();
    for (var n = 0; n < rounds; n++)
    {
        foreach (var sample in workload.Round(n))
        {
            pending.Add(sample);
            if (pending.Count == size)
            {
                yield return pending;
                pending = [];
            }
        }
    }

    if (pending.Count > 0)
    {
        yield return pending;
    }
}

// Bytes this process has passed to write(2) and the like, whether or not they reached a disk yet.
static long WrittenBytes() =>
    File.Exists("/proc/self/io")
        ? long.Parse(File.ReadLines("/proc/self/io").First(l => l.StartsWith("wchar:", StringComparison.Ordinal))[6..].Trim(), CultureInfo.InvariantCulture)
        : 0;

static void Report(string store, string rate, long rows, long bytes, long io, long samples, TimeSpan write, TimeSpan? read) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{store,-8} {rate + " %",6} {rows,9} {bytes,12} {(double)bytes / samples,12:F2} {(double)io / samples,10:F0} {samples / write.TotalSeconds,10:F0} {(read is { } r ? (samples / r.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture) : "-"),10}"));

static async Task<long> RowsAsync(string path, string table)
{
    await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
    await connection.OpenAsync();
    using var command = connection.CreateCommand();
    command.CommandText = $"SELECT count(*) FROM {table}";
    return (long)(await command.ExecuteScalarAsync())!;
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }

    return options;
}
