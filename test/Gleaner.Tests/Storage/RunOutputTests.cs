using Gleaner.Records;
using Gleaner.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Storage;

public sealed class RunOutputTests : IDisposable
{
    private const string Job = "job-fingerprint-1";

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OpenAsync_NoState_WritesRecordsAndHasNoDoneKeys()
    {
        var path = _folder.File("out.jsonl");
        await using (var output = await RunOutput.OpenAsync(path, null, Job, TextWriter.Null, Ct))
        {
            Assert.Empty(output.DoneKeys);
            await output.RecordAsync(SampleRecords.Nyc(), Ct);
            await output.CompleteAsync();
        }

        Assert.Equal([SampleRecords.NycLine], SampleRecords.Lines(path));
    }

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
            Assert.Equal(Enumerable.Range(1, 3).Select(Key).Order(StringComparer.Ordinal), second.DoneKeys.Order(StringComparer.Ordinal));
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
        var jsons = await SeedStateAsync(statePath, 10);
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
        var jsons = await SeedStateAsync(statePath, 10);
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
        var jsons = await SeedStateAsync(statePath, 6);
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
        var jsons = await SeedStateAsync(statePath, 2);
        await File.WriteAllTextAsync(outPath, string.Concat(jsons.Select(j => j + "\n")) + "{\"other\":1}\n", Ct);

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct));

        Assert.Contains(outPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(statePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, SampleRecords.Lines(outPath).Length);
    }

    [Fact]
    public async Task OpenAsync_StateOfAnotherJob_ThrowsBeforeTouchingTheOutput()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await SeedStateAsync(statePath, 1);

        await Assert.ThrowsAsync<StateMismatchException>(() => RunOutput.OpenAsync(outPath, statePath, "another-job", TextWriter.Null, Ct));

        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public async Task OpenAsync_UnknownOutputExtension_ThrowsBeforeCreatingTheState()
    {
        var (outPath, statePath) = (_folder.File("out.txt"), _folder.File("state.db"));

        await Assert.ThrowsAsync<ArgumentException>(() => RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct));

        Assert.False(File.Exists(statePath));
    }

    [Fact]
    public async Task SameDbFile_ResultAndStateRowsShareTheFileAndTheSeq()
    {
        var path = _folder.File("run.db");
        await using (var output = await RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct))
        {
            for (var i = 1; i <= 5; i++)
            {
                await output.RecordAsync(SampleRecords.Numbered(i), Ct);
            }

            await output.CompleteAsync();
        }

        var rows = await SqliteSinkTests.RowsAsync(path);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], rows.Select(row => (long)row[0]!));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => SampleRecords.Json(SampleRecords.Numbered(i))), rows.Select(row => (string)row[^1]!));
        Assert.Equal(0L, await StateStoreTests.ScalarAsync(path, "SELECT COUNT(*) FROM records r JOIN results s USING (seq) WHERE r.json <> s.json"));
        Assert.Equal(5L, await StateStoreTests.ScalarAsync(path, "SELECT COUNT(*) FROM records"));

        await using var resumed = await RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct);
        Assert.Equal(0, resumed.RestoredFromState);
        Assert.Equal(5, resumed.DoneKeys.Count);
    }

    [Fact]
    public async Task SameDbFile_StateKeptBeforeWithoutOutput_ResultsToppedUpWithTheStateSeq()
    {
        var path = _folder.File("run.sqlite");
        var jsons = await SeedStateAsync(path, 3);

        await using (var output = await RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct))
        {
            Assert.Equal(3, output.RestoredFromState);
        }

        var rows = await SqliteSinkTests.RowsAsync(path);
        Assert.Equal([1L, 2L, 3L], rows.Select(row => (long)row[0]!));
        Assert.Equal(jsons, rows.Select(row => (string)row[^1]!));
    }

    [Fact]
    public async Task SameFile_NotSqlite_Throws()
    {
        var path = _folder.File("run.jsonl");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Stdout_WithState_PrintsTheStateRecordsAgainThenNewOnes()
    {
        var statePath = _folder.File("state.db");
        var jsons = await SeedStateAsync(statePath, 3);
        var stdout = new StringWriter();

        await using (var output = await RunOutput.OpenAsync("-", statePath, Job, stdout, Ct))
        {
            Assert.Equal(3, output.RestoredFromState);
            await output.RecordAsync(SampleRecords.Numbered(4), Ct);
            await output.CompleteAsync();
        }

        Assert.Equal(string.Concat(jsons.Append(SampleRecords.Json(SampleRecords.Numbered(4))).Select(j => j + "\n")), stdout.ToString());
    }

    [Fact]
    public async Task RecordAsync_SameTargetTwice_ThrowsAndKeepsWriting()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await using (var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            await output.RecordAsync(SampleRecords.Numbered(1), Ct);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => output.RecordAsync(SampleRecords.Numbered(1), Ct));

            Assert.Contains(Key(1), error.Message, StringComparison.Ordinal);
            await output.RecordAsync(SampleRecords.Numbered(2), Ct);
            await output.CompleteAsync();
        }

        Assert.Equal(2, SampleRecords.Lines(outPath).Length);
    }

    [Fact]
    public async Task RecordAsync_TargetDoneInAnEarlierRun_Throws()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await SeedStateAsync(statePath, 2);
        await using var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => output.RecordAsync(SampleRecords.Numbered(2), Ct));
    }

    [Fact]
    public async Task RecordAsync_AfterComplete_Throws()
    {
        await using var output = await RunOutput.OpenAsync(_folder.File("out.jsonl"), null, Job, TextWriter.Null, Ct);
        await output.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => output.RecordAsync(SampleRecords.Numbered(1), Ct));
    }

    [Fact]
    public async Task RecordAsync_FromManyTasks_OutputFollowsTheStateSeqOrderWithEveryRecordOnce()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        const int Count = 2000;
        await using (var output = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct))
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(1, Count),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
                async (i, ct) => await output.RecordAsync(SampleRecords.Numbered(i), ct));
            await output.CompleteAsync();
        }

        List<string> state = [];
        await using (var store = await StateStore.OpenAsync(statePath, Job, Ct))
        {
            await foreach (var (_, json) in store.ReadAfterAsync(0, Ct))
            {
                state.Add(json);
            }
        }

        var lines = SampleRecords.Lines(outPath);
        Assert.Equal(state, lines);
        Assert.Equal(Count, lines.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Flush_AfterTheIntervalWithoutMoreRecords_BufferedRecordsReachTheFile()
    {
        var path = _folder.File("out.jsonl");
        var time = new FakeTimeProvider();
        await using var output = await RunOutput.OpenAsync(path, _folder.File("state.db"), Job, TextWriter.Null, time, Ct);
        var flushed = FlushSignal(output);

        await output.RecordAsync(SampleRecords.Numbered(1), Ct);
        Assert.Empty(SampleRecords.Lines(path));

        time.Advance(RunOutput.FlushInterval);
        await flushed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Single(SampleRecords.Lines(path));
    }

    [Fact]
    public async Task Flush_AfterFlushEveryRecords_WithoutTheClockMoving()
    {
        var path = _folder.File("out.csv");
        var time = new FakeTimeProvider();
        await using var output = await RunOutput.OpenAsync(path, null, Job, TextWriter.Null, time, Ct);
        var flushed = FlushSignal(output);

        for (var i = 1; i < RunOutput.FlushEveryRecords; i++)
        {
            await output.RecordAsync(SampleRecords.Numbered(i), Ct);
        }

        Assert.Single(SampleRecords.Lines(path)); // the header, flushed when the file was prepared
        await output.RecordAsync(SampleRecords.Numbered(RunOutput.FlushEveryRecords), Ct);
        await flushed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(RunOutput.FlushEveryRecords + 1, SampleRecords.ReadShared(path).Split("\r\n").Length - 1);
    }

    private static string Key(int index) => SampleRecords.Numbered(index).Key;

    private static TaskCompletionSource FlushSignal(RunOutput output)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        output.Flushed += (_, _) => flushed.TrySetResult();
        return flushed;
    }

    /// <summary>A state holding targets 1..<paramref name="count"/>, as a run committed them; their JSON in seq order.</summary>
    private static async Task<List<string>> SeedStateAsync(string path, int count)
    {
        var jsons = new List<string>();
        await using var store = await StateStore.OpenAsync(path, Job, Ct);
        for (var i = 1; i <= count; i++)
        {
            var record = SampleRecords.Numbered(i);
            var json = ResultJson.Write(record);
            await store.CommitAsync(record.Key, record.Index, record.Result.Outcome.ToName(), json, Ct);
            jsons.Add(json);
        }

        return jsons;
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
