using Gleaner.Storage;
using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Storage;

public sealed class StateStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OpenAsync_NewFile_IsEmptyAndInWalMode()
    {
        var path = _folder.File("state.db");
        await using (var store = await StateStore.OpenAsync(path, "job-a", Ct))
        {
            Assert.Equal(0, store.Count);
            Assert.Empty(store.DoneKeys);
        }

        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task CommitAsync_ReturnsSeqInOrder_AndReopenLoadsDoneKeys()
    {
        var path = _folder.File("state.db");
        await using (var store = await StateStore.OpenAsync(path, "job-a", Ct))
        {
            Assert.Equal(1, await store.CommitAsync("k1", 0, "ok", """{"n":1}""", Ct));
            Assert.Equal(2, await store.CommitAsync("k2", 1, "dns", """{"n":2}""", Ct));
            Assert.Equal(3, await store.CommitAsync("k3", 2, "ok", """{"n":3}""", Ct));
            Assert.Equal(3, store.Count);
            Assert.Empty(store.DoneKeys); // as at open
        }

        await using var reopened = await StateStore.OpenAsync(path, "job-a", Ct);
        Assert.Equal(3, reopened.Count);
        Assert.Equal(["k1", "k2", "k3"], reopened.DoneKeys.Order(StringComparer.Ordinal));
        Assert.Equal("dns", await ScalarAsync(path, "SELECT outcome FROM records WHERE key = 'k2'"));
        Assert.Equal(1L, await ScalarAsync(path, "SELECT idx FROM records WHERE key = 'k2'"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)(await ScalarAsync(path, "SELECT finished_at FROM records WHERE seq = 1"))!);
    }

    [Fact]
    public async Task ReadAfterAsync_ReturnsLaterRecordsInSeqOrder()
    {
        await using var store = await StateStore.OpenAsync(_folder.File("state.db"), "job-a", Ct);
        for (var i = 1; i <= 5; i++)
        {
            await store.CommitAsync($"k{i}", i, "ok", $$"""{"n":{{i}}}""", Ct);
        }

        var after = await ToListAsync(store.ReadAfterAsync(3, Ct));

        Assert.Equal([(4L, """{"n":4}"""), (5L, """{"n":5}""")], after);
    }

    [Fact]
    public async Task ReadAfterAsync_MoreThanAPage_ReturnsEveryRecordOnce()
    {
        await using var store = await StateStore.OpenAsync(_folder.File("state.db"), "job-a", Ct);
        for (var i = 1; i <= 1300; i++)
        {
            await store.CommitAsync($"k{i}", i, "ok", $"{i}", Ct);
        }

        var all = await ToListAsync(store.ReadAfterAsync(0, Ct));

        Assert.Equal(Enumerable.Range(1, 1300).Select(i => ((long)i, $"{i}")), all);
    }

    [Fact]
    public async Task CommitAsync_ManyRecords_CheckpointsKeepTheWalSmall()
    {
        // Each commit appends whole pages to the WAL; only checkpoints that can reset it keep it from growing by
        // gigabytes over a long run. A statement left active would hold a snapshot and stop them.
        var path = _folder.File("state.db");
        await using var store = await StateStore.OpenAsync(path, "job-a", Ct);
        var json = new string('x', 1000);
        for (var i = 0; i < 4000; i++)
        {
            await store.CommitAsync($"k{i}", i, "ok", json, Ct);
        }

        Assert.InRange(new FileInfo(path + "-wal").Length, 0, 8 * 1024 * 1024); // 4000 commits write ~50 MB of frames
    }

    [Fact]
    public async Task CommitAsync_SameKeyTwice_Throws_AndKeepsTheFirst()
    {
        await using var store = await StateStore.OpenAsync(_folder.File("state.db"), "job-a", Ct);
        await store.CommitAsync("k1", 0, "ok", "first", Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync("k1", 0, "ok", "second", Ct));

        Assert.Contains("k1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Count);
        Assert.Equal([(1L, "first")], await ToListAsync(store.ReadAfterAsync(0, Ct)));
    }

    [Fact]
    public async Task OpenAsync_AnotherJobsState_ThrowsNamingTheFile()
    {
        var path = _folder.File("state.db");
        await using (var store = await StateStore.OpenAsync(path, "job-a", Ct))
        {
            await store.CommitAsync("k1", 0, "ok", "{}", Ct);
        }

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => StateStore.OpenAsync(path, "job-b", Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("another job", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete it or use another --state", error.Message, StringComparison.Ordinal);
        await using var again = await StateStore.OpenAsync(path, "job-a", Ct);
        Assert.Equal(1, again.Count);
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotADatabase_ThrowsAndLeavesItAlone()
    {
        var path = _folder.File("notes.db");
        await File.WriteAllTextAsync(path, "these are my notes, not a database\n", Ct);

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => StateStore.OpenAsync(path, "job-a", Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a Gleaner state", error.Message, StringComparison.Ordinal);
        Assert.Equal("these are my notes, not a database\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Theory]
    [InlineData("CREATE TABLE records (id INTEGER)")]
    [InlineData("CREATE TABLE prices (item TEXT, price REAL)")]
    public async Task OpenAsync_DatabaseWithTablesOfItsOwn_ThrowsAndAddsNothing(string schema)
    {
        var path = _folder.File("other.db");
        await ExecuteAsync(path, schema);

        var error = await Assert.ThrowsAsync<StateMismatchException>(() => StateStore.OpenAsync(path, "job-a", Ct));

        Assert.Contains("not a Gleaner state", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task CommitAsync_RowAlongsideFails_CommitsNeither()
    {
        var path = _folder.File("state.db");
        await using var store = await StateStore.OpenAsync(path, "job-a", Ct);

        await Assert.ThrowsAsync<IOException>(() => store.CommitAsync(
            "k1", 0, "ok", "{}", (_, _) => throw new IOException("the output row failed"), Ct));

        Assert.Equal(0, store.Count);
        Assert.Equal(0L, await ScalarAsync(path, "SELECT COUNT(*) FROM records"));
        Assert.Equal(1, await store.CommitAsync("k1", 0, "ok", "{}", Ct));
    }

    [Fact]
    public async Task Transaction_DroppedWithoutCommit_LeavesNoRow()
    {
        var path = _folder.File("state.db");
        await using (var store = await StateStore.OpenAsync(path, "job-a", Ct))
        {
            await store.CommitAsync("k1", 0, "ok", "{}", Ct);
            var transaction = store.Connection.BeginTransaction();
            using var insert = store.Connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO records (key, idx, outcome, json) VALUES ('k2', 1, 'ok', '{}')";
            insert.ExecuteNonQuery();
            // No commit, no rollback: the connection goes away with the transaction open.
        }

        await using var reopened = await StateStore.OpenAsync(path, "job-a", Ct);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(["k1"], reopened.DoneKeys);
    }

    [Fact]
    public async Task KilledMidTransaction_FilesAsLeft_HoldExactlyTheCommittedRecords()
    {
        // A kill -9 leaves the database and its WAL as they are at that instant. Copying them while one
        // transaction is committed and a large one is in progress (its pages already spilled into the WAL)
        // reproduces that, without SQLite's orderly close.
        var path = _folder.File("state.db");
        var copy = _folder.File("killed.db");
        await using (var store = await StateStore.OpenAsync(path, "job-a", Ct))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.CommitAsync($"k{i}", i, "ok", "{}", Ct);
            }

            using (var small = store.Connection.CreateCommand())
            {
                small.CommandText = "PRAGMA cache_size = 8";
                small.ExecuteNonQuery();
            }

            var walBefore = new FileInfo(path + "-wal").Length;
            using var transaction = store.Connection.BeginTransaction();
            using var insert = store.Connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO records (key, idx, outcome, json) VALUES ($key, 9, 'ok', $json)";
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            insert.Parameters.AddWithValue("$json", new string('x', 2000));
            for (var i = 0; i < 500; i++)
            {
                key.Value = $"uncommitted{i}";
                insert.ExecuteNonQuery();
            }

            Assert.True(new FileInfo(path + "-wal").Length > walBefore, "the open transaction should have spilled pages into the WAL");
            File.Copy(path, copy);
            File.Copy(path + "-wal", copy + "-wal");
        }

        await using var killed = await StateStore.OpenAsync(copy, "job-a", Ct);
        Assert.Equal(3, killed.Count);
        Assert.Equal(["k0", "k1", "k2"], killed.DoneKeys.Order(StringComparer.Ordinal));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    internal static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    internal static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
