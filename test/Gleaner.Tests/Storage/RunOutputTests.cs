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

    [Theory]
    [InlineData("out.jsonl", null, "out.jsonl")]
    [InlineData("out.csv", null, "out.csv")]
    [InlineData("out.db", null, "out.db")]
    [InlineData("a.jsonl", "state.db", "state.db")]
    [InlineData("state.db", "state.db", "state.db")]
    public async Task OpenAsync_FileHeldByAnotherRun_RefusedNamingIt(string outName, string? stateName, string heldName)
    {
        var (outPath, statePath) = (_folder.File(outName), stateName is null ? null : _folder.File(stateName));
        await using var first = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct);
        var otherOut = stateName is null ? outPath : _folder.File("b.jsonl");

        var error = await Assert.ThrowsAsync<FileInUseException>(() => RunOutput.OpenAsync(otherOut, statePath, Job, TextWriter.Null, Ct));

        // Record locks do not refuse their own process: the runs of one process are kept apart by the paths they hold.
        Assert.Equal($"{_folder.File(heldName)} is in use by another run in this process; wait for it to finish", error.Message);
        Assert.False(File.Exists(_folder.File("b.jsonl")));
    }

    [Fact]
    public async Task OpenAsync_AfterTheFirstRunIsDisposed_OpensAgain()
    {
        var (outPath, statePath) = (_folder.File("out.jsonl"), _folder.File("state.db"));
        await (await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct)).DisposeAsync();

        await using var again = await RunOutput.OpenAsync(outPath, statePath, Job, TextWriter.Null, Ct);

        Assert.Empty(again.DoneKeys);
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
    public async Task SameFile_NotSqlite_Throws()
    {
        var path = _folder.File("run.jsonl");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunOutput.OpenAsync(path, path, Job, TextWriter.Null, Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
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
        await SampleRecords.SeedStateAsync(statePath, Job, 2);
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
}
