using Gleaner.Storage;

namespace Gleaner.Tests.Storage;

public sealed class RunOutputResumeTests : IDisposable
{
    private const string Job = "job-fingerprint-1";

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Resume_AfterARun_SkipsDoneKeysAndAppendsOnlyNewRecords()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await using (var first = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            for (var i = 1; i <= 3; i++)
            {
                await first.RecordAsync(SampleRecords.Numbered(i), Ct);
            }
        }

        await using (var second = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(0, second.RestoredFromState);
            Assert.Equal(Enumerable.Range(1, 3).Select(i => SampleRecords.Numbered(i).Key).Order(StringComparer.Ordinal), second.DoneKeys.Order(StringComparer.Ordinal));
            for (var i = 4; i <= 5; i++)
            {
                await second.RecordAsync(SampleRecords.Numbered(i), Ct);
            }

            await second.CompleteAsync();
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => SampleRecords.Json(SampleRecords.Numbered(i))), SampleRecords.Lines(outPath));
    }

    [Fact]
    public async Task OpenAsync_JsonlMissesTwoCommittedRecordsAndEndsTorn_HoldsExactlyTheStateInSeqOrder()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        var jsons = await SampleRecords.SeedStateAsync(statePath, Job, 10);
        var torn = jsons[8][..(jsons[8].Length / 2)];
        await File.WriteAllTextAsync(outPath, string.Concat(jsons.Take(8).Select(j => j + "\n")) + torn, Ct);

        await using (var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(2, output.RestoredFromState);
            Assert.Equal(10, output.DoneKeys.Count);
            Assert.Equal(jsons, SampleRecords.Lines(outPath));

            await output.RecordAsync(SampleRecords.Numbered(11), Ct);
            await output.CompleteAsync();
        }

        Assert.Equal([.. jsons, SampleRecords.Json(SampleRecords.Numbered(11))], SampleRecords.Lines(outPath));
    }

    [Fact]
    public async Task OpenAsync_CsvMissesTwoCommittedRecordsAndEndsTorn_HoldsExactlyTheStateInSeqOrder()
    {
        var (outPath, statePath) = (_folder.File("out.csv"), _folder.File("state.db"));
        var jsons = await SampleRecords.SeedStateAsync(statePath, Job, 10);
        var rows = jsons.Select(CsvRowOf).ToList();
        var header = await HeaderOfAsync();
        await File.WriteAllTextAsync(outPath, header + string.Concat(rows.Take(8)) + rows[8][..10], Ct);

        await using (var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(2, output.RestoredFromState);
        }

        Assert.Equal(header + string.Concat(rows), await File.ReadAllTextAsync(outPath, Ct));
    }

    [Fact]
    public async Task OpenAsync_SqliteOutputMissesCommittedRecords_ToppedUpInSeqOrder()
    {
        var (outPath, statePath) = (_folder.File("out.db"), _folder.File("state.db"));
        var jsons = await SampleRecords.SeedStateAsync(statePath, Job, 6);
        await using (var sink = new SqliteSink(outPath))
        {
            await sink.PrepareAsync(Ct);
            foreach (var json in jsons.Take(4))
            {
                await sink.WriteAsync(json, Ct);
            }
        }

        await using (var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(2, output.RestoredFromState);
        }

        Assert.Equal(jsons, (await SqliteSinkTests.RowsAsync(outPath)).Select(row => (string)row[^1]!));
    }

    [Fact]
    public async Task OpenAsync_OutputHoldsMoreRecordsThanTheState_ThrowsNamingBothPaths()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        var jsons = await SampleRecords.SeedStateAsync(statePath, Job, 2);
        await File.WriteAllTextAsync(outPath, string.Concat(jsons.Select(j => j + "\n")) + "{\"other\":1}\n", Ct);

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct));

        Assert.Contains(outPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(statePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, SampleRecords.Lines(outPath).Length);
    }

    [Fact]
    public async Task SameDbFile_AnOutputWrittenWithoutState_IsRefusedUnchanged()
    {
        var path = _folder.File("run.db");
        await using (var first = await RunOutput.OpenAsync(path, null, Job, TextWriter.Null, Ct))
        {
            await first.RecordAsync(SampleRecords.Numbered(1), Ct);
        }

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Single(await SqliteSinkTests.RowsAsync(path));
        Assert.Equal(1L, await StateStoreTests.ScalarAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task OpenAsync_StateOfAnotherJob_ThrowsBeforeTouchingTheOutput()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await SampleRecords.SeedStateAsync(statePath, Job, 1);

        await Assert.ThrowsAsync<StateMismatchException>(() => RunOutput.OpenAsync(outPath, statePath, "another-job", TextWriter.Null, Ct));

        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public async Task SameDbFile_StateKeptBeforeWithoutOutput_ResultsToppedUpWithTheStateSeq()
    {
        var path = _folder.File("run.sqlite");
        var jsons = await SampleRecords.SeedStateAsync(path, Job, 3);

        await using (var output = await RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(3, output.RestoredFromState);
        }

        var rows = await SqliteSinkTests.RowsAsync(path);
        Assert.Equal([1L, 2L, 3L], rows.Select(row => (long)row[0]!));
        Assert.Equal(jsons, rows.Select(row => (string)row[^1]!));
    }

    [Fact]
    public async Task Stdout_WithState_PrintsTheStateRecordsAgainThenNewOnes()
    {
        var statePath = _folder.File("state.db");
        var jsons = await SampleRecords.SeedStateAsync(statePath, Job, 3);
        var stdout = new StringWriter();

        await using (var output = await RunOutput.OpenAsync("-", statePath, Job, stdout, Ct))
        {
            Assert.Equal(3, output.RestoredFromState);
            await output.RecordAsync(SampleRecords.Numbered(4), Ct);
            await output.CompleteAsync();
        }

        Assert.Equal(string.Concat(jsons.Append(SampleRecords.Json(SampleRecords.Numbered(4))).Select(j => j + "\n")), stdout.ToString());
    }

    private static string CsvRowOf(string json)
    {
        var row = new System.Text.StringBuilder();
        CsvRow.Append(row, json);
        return row.ToString();
    }

    private async Task<string> HeaderOfAsync()
    {
        var path = _folder.File("header.csv");
        await using (var sink = new CsvSink(path))
        {
            await sink.PrepareAsync(Ct);
        }

        return await File.ReadAllTextAsync(path, Ct);
    }
}
