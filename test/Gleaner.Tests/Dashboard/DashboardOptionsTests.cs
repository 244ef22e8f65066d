using System.Net;
using Gleaner.Dashboard;
using Gleaner.Dashboard.Board;
using Gleaner.Storage.Samples;
using Gleaner.Tests.Storage;

namespace Gleaner.Tests.Dashboard;

/// <summary><see cref="DashboardOptions.Problems"/>: who may listen where, each refusal a sentence that says what to do.</summary>
public sealed class DashboardOptionsTests
{
    private const string Token = "0123456789abcdef";

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.5")]
    public void Problems_NonLoopbackWithoutToken_NamesTokenEnv(string bind)
    {
        var problems = new DashboardOptions { Bind = IPAddress.Parse(bind) }.Problems();

        Assert.Equal(
            [$"--bind {bind}: anyone who can reach that address could read the dashboard; give it an access token with --token-env NAME " +
                "(an environment variable holding 16 characters or more), or bind to 127.0.0.1"],
            problems);
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("127.0.0.2", null)]
    [InlineData("::1", null)]
    [InlineData("0.0.0.0", Token)]
    [InlineData("::", Token)]
    public void Problems_LoopbackOrATokenOf16_None(string bind, string? token)
    {
        Assert.Empty(new DashboardOptions { Bind = IPAddress.Parse(bind), Token = token }.Problems());
    }

    [Fact]
    public void Problems_ShortToken_SaysWhereItCameFromAndHowLongItMustBe()
    {
        var problems = new DashboardOptions { Bind = IPAddress.Any, Token = Token[..15], TokenSource = "$GLEANER_TOKEN" }.Problems();

        Assert.Equal(["$GLEANER_TOKEN is 15 characters long; an access token needs 16 or more"], problems);
    }

    [Fact]
    public void Problems_Several_AreAllNamed()
    {
        var problems = new DashboardOptions { Bind = IPAddress.Any, Port = 70000, MaxEventStreams = 0 }.Problems();

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("--port 70000: expected 0 (any free port) to 65535", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("--bind 0.0.0.0: ", problems[1], StringComparison.Ordinal);
        Assert.Equal("at least one event stream must be allowed", problems[2]);
    }

    [Fact]
    public async Task StartAsync_NonLoopbackWithoutToken_Throws_AndListensNowhere()
    {
        using var folder = new TempFolder();
        await using var store = await SqliteSampleStore.OpenAsync(folder.File("watch.db"), TestContext.Current.CancellationToken);
        var board = new LiveBoard(store);

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            DashboardServer.StartAsync(new DashboardOptions { Bind = IPAddress.Any, Port = 0 }, board, TestContext.Current.CancellationToken));

        Assert.Contains("--token-env NAME", e.Message, StringComparison.Ordinal);
        Assert.Null(board.Changed);
    }
}
