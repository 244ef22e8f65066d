using Gleaner.Dashboard.Board;
using Gleaner.Storage.Samples;
using Gleaner.Tests.Storage;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// <c>gleaner serve</c>'s board follows a store another process writes: each poll applies the targets whose last
/// sample is newer, adds targets new to the store, and offers each to the live stream.
/// </summary>
public sealed class StoreFollowerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SqliteSampleStore _writer = null!;
    private SqliteSampleStore _reader = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _writer = await SqliteSampleStore.OpenAsync(_folder.File("watch.db"), Ct);
        await WriteAsync(Ok("nyc", Due(0), "66.9", changed: true), State("nyc", Due(0), "66.9"));
        _reader = await SqliteSampleStore.OpenReadOnlyAsync(_folder.File("watch.db"), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _writer.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Poll_NewerSamplesAndNewTargets_AreAppliedAndOffered_UnchangedOnesAreNot()
    {
        var board = new LiveBoard(_reader);
        await board.LoadAsync(Ct);
        var offered = new List<(string Name, double? Number, bool Changed)>();
        board.Changed = (row, sample) => offered.Add((row.Name, sample?.Number, sample?.Changed ?? false));
        var follower = new StoreFollower(board, TimeProvider.System);

        Assert.Equal(0, await follower.PollAsync(Ct));

        await WriteAsync(Ok("nyc", Due(1), "67.1", changed: true), State("nyc", Due(1), "67.1"));
        await WriteAsync(Ok("chi", Due(1), "40.5", changed: true), State("chi", Due(1), "40.5"));
        Assert.Equal(2, await follower.PollAsync(Ct));
        Assert.Equal(0, await follower.PollAsync(Ct));

        Assert.Equal([("chi", 40.5, true), ("nyc", 67.1, true)], offered);
        Assert.Equal(["chi", "nyc"], board.Rows.Select(r => r.Name));
        Assert.Equal("67.1", board.Find("nyc")!.State.Value);
        // The sparkline: the store's history, then what arrived by polling (each sample once).
        await board.SeedAsync(board.Rows, Ct);
        Assert.Equal([66.9, 67.1], board.Find("nyc")!.Read().Recent);
    }

    [Fact]
    public async Task Poll_ThousandsOfTargetsNewToTheBoard_AreAllAddedInOnePoll()
    {
        var board = new LiveBoard(_reader);
        var states = Enumerable.Range(0, 5_000).Select(i => State($"t{i:D4}", Due(1), $"{i}")).ToList();
        await _writer.WriteAsync([], [], states, Ct);

        Assert.Equal(5_001, await new StoreFollower(board, TimeProvider.System).PollAsync(Ct));

        Assert.Equal(5_001, board.Count);
        Assert.Equal(["nyc", "t0000"], board.Rows.Take(2).Select(r => r.Name));
        Assert.Equal("t4999", board.Rows[^1].Name);
        Assert.Equal("4999", board.Find("t4999")!.State.Value);
    }

    private static TargetState State(string name, DateTimeOffset due, string value) => new()
    {
        Target = name, Url = new Uri($"https://example.test/{name}"), LastDue = due, LastAt = due.AddMilliseconds(45),
        Outcome = Outcome.Ok, Value = value, Number = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Unit = "F",
        ChangedAt = due.AddMilliseconds(45),
    };

    private Task WriteAsync(Sample sample, TargetState state) => _writer.WriteAsync([sample], [], [state], Ct);
}
