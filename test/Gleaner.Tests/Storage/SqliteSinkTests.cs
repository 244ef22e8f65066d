using Gleaner.Storage;
using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Storage;

public sealed class SqliteSinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_Records_StoresTypedColumnsAndTheJson()
    {
        var path = _folder.File("out.db");
        var nyc = SampleRecords.Json(SampleRecords.Nyc());
        var text = SampleRecords.Json(SampleRecords.Make(1, "sky", value: "sunny", status: 200));
        var failed = SampleRecords.Json(SampleRecords.Make(2, "down", Outcome.ConnectRefused, error: "refused", attempts: 3));
        var flag = SampleRecords.Json(SampleRecords.Make(3, "open", value: true, status: 200));
        await using (var sink = new SqliteSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
            foreach (var json in new[] { nyc, text, failed, flag })
            {
                await sink.WriteAsync(json, Ct);
            }
        }

        var rows = await RowsAsync(path);

        Assert.Equal(4, rows.Count);
        Assert.Equal(
            [1L, "nyc", "http://example.test/weather", "http://example.test/w2", "ok", 66.9, "real", "F", 200L, 1L, "2026-01-02T03:04:05.6780000+00:00", null, nyc],
            rows[0]);
        Assert.Equal("sunny", rows[1][5]);
        Assert.Equal("text", rows[1][6]);
        Assert.Equal(
            [3L, "down", "http://example.test/weather/2", "http://example.test/weather/2", "connect_refused", null, "null", null, null, 3L, "2026-01-02T03:04:05.6780000+00:00", "refused", failed],
            rows[2]);
        Assert.Equal("true", rows[3][5]);
        Assert.Equal("text", rows[3][6]);
    }

    [Fact]
    public async Task WriteAsync_NegativeNumber_IsReal()
    {
        var path = _folder.File("out.sqlite");
        await using (var sink = new SqliteSink(path))
        {
            await sink.PrepareAsync(Ct);
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Make(1, "cold", value: -7.2)), Ct);
        }

        var row = Assert.Single(await RowsAsync(path));
        Assert.Equal(-7.2, row[5]);
        Assert.Equal("real", row[6]);
    }

    [Fact]
    public async Task FlushAsync_CommitsTheBatch_AndReopenCountsRows()
    {
        var path = _folder.File("out.db");
        await using (var sink = new SqliteSink(path))
        {
            await sink.PrepareAsync(Ct);
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Numbered(1)), Ct);
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Numbered(2)), Ct);
            Assert.Equal(0L, await StateStoreTests.ScalarAsync(path, "SELECT COUNT(*) FROM results"));

            await sink.FlushAsync(Ct);

            Assert.Equal(2L, await StateStoreTests.ScalarAsync(path, "SELECT COUNT(*) FROM results"));
        }

        await using var reopened = new SqliteSink(path);
        Assert.Equal(2, await reopened.PrepareAsync(Ct));
    }

    [Fact]
    public async Task PrepareAsync_ResultsTableWithOtherColumns_Throws()
    {
        var path = _folder.File("mine.db");
        await StateStoreTests.ExecuteAsync(path, "CREATE TABLE results (id INTEGER, score REAL)");

        await using var sink = new SqliteSink(path);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => sink.PrepareAsync(Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every column of results in order, with typeof(value) after value.</summary>
    internal static async Task<List<object?[]>> RowsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, name, url, final_url, outcome, value, typeof(value), unit, status, attempts, at, error, json FROM results ORDER BY seq";
        using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(Ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
