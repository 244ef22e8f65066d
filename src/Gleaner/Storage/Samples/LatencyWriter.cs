using Gleaner.Watching;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>Adds a batch's samples to their targets' hours in <c>latency_hours</c>: one upsert per target and hour.</summary>
internal sealed class LatencyWriter : IDisposable
{
    private readonly Dictionary<(long Target, long Hour), LatencyHour> _batch = [];
    private readonly SqliteCommand _upsert;

    public LatencyWriter(SqliteConnection connection)
    {
        var sums = LatencyHour.Phases.Select(p => $"{p}_sum").Append("wire_sum").ToArray();
        var maxes = LatencyHour.Phases.Select(p => $"{p}_max").ToArray();
        var columns = LatencyHour.Columns;
        _upsert = StoreCommand.Create(connection, $"""
            INSERT INTO latency_hours (target, hour, {columns}) VALUES ($target, $hour, {string.Join(", ", columns.Split(", ").Select(c => "$" + c))})
            ON CONFLICT (target, hour) DO UPDATE SET count = count + excluded.count,
                {string.Join(", ", sums.Select(c => $"{c} = {c} + excluded.{c}"))},
                {string.Join(", ", maxes.Select(c => $"{c} = max({c}, excluded.{c})"))}
            """, ["$target", "$hour", .. columns.Split(", ").Select(c => "$" + c)]);
    }

    public void Add(long targetId, Sample sample)
    {
        var key = (targetId, StoreTime.HourOf(StoreTime.ToMs(sample.Started)));
        if (!_batch.TryGetValue(key, out var hour))
        {
            _batch[key] = hour = new LatencyHour();
        }

        hour.Add(sample);
    }

    public async Task WriteAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _upsert.Transaction = transaction;
        foreach (var ((target, hour), row) in _batch)
        {
            _upsert.Bind("$target", target);
            _upsert.Bind("$hour", hour);
            row.Bind(_upsert);
            await _upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        _batch.Clear();
    }

    /// <summary>Drops the batch (it failed).</summary>
    public void Forget() => _batch.Clear();

    public void Dispose() => _upsert.Dispose();
}
