using Gleaner.Fetching.Cookies;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Storage.Samples;

/// <summary>
/// A target's cookies in the sample store: written with its state, read back by the watch that opens the store to
/// write it (so a restarted watch keeps its session), and left out for every reader that opens it only to read.
/// </summary>
public sealed class SampleStoreCookiesTests : IDisposable
{
    private const string Secret = "s-51c9-secret-0ae3";

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private string StorePath => _folder.File("watch.db");

    private static SavedCookies Saved()
    {
        var jar = new CookieJar();
        jar.Receive(new Uri("https://www.example.org/app/x"), $"session={Secret}; Secure; HttpOnly");
        jar.Receive(new Uri("https://www.example.org/"), "site=1; Domain=example.org; Path=/; Max-Age=86400");
        return jar.Save();
    }

    [Fact]
    public async Task LoadStatesAsync_Reopened_GivesTheCookiesBackWithTheirScope()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync([Ok("nyc", Due(0), "66.9", changed: true)], [], [new TargetState { Target = "nyc", Cookies = Saved() }], Ct);
        }

        await using var reopened = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        var state = Assert.Single(await reopened.LoadStatesAsync(Ct));
        var jar = CookieJar.Restore(state.Cookies);

        Assert.Equal(2, jar.Count);
        Assert.Equal($"session={Secret}; site=1", jar.HeaderFor(new Uri("https://www.example.org/app/y")));
        Assert.Equal("site=1", jar.HeaderFor(new Uri("http://api.example.org/")));
    }

    [Fact]
    public async Task LoadStatesAsync_OpenedReadOnly_LeavesTheCookiesOut()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync([Ok("nyc", Due(0), "66.9", changed: true)], [], [new TargetState { Target = "nyc", Value = "66.9", Cookies = Saved() }], Ct);
            await using var reader = await SqliteSampleStore.OpenReadOnlyAsync(StorePath, Ct);

            var state = Assert.Single(await reader.LoadStatesAsync(Ct));

            Assert.Equal(("66.9", null), (state.Value, state.Cookies));
        }
    }

    [Fact]
    public async Task WriteAsync_StateWithoutCookies_ClearsTheColumn()
    {
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await store.WriteAsync([], [], [new TargetState { Target = "nyc", Cookies = Saved() }], Ct);

        await store.WriteAsync([], [], [new TargetState { Target = "nyc" }], Ct);

        Assert.Null(Assert.Single(await store.LoadStatesAsync(Ct)).Cookies);
        Assert.Equal(DBNull.Value, await Sql.ScalarAsync(StorePath, "SELECT cookies FROM targets"));
    }

    [Fact]
    public async Task LoadStatesAsync_ColumnItCannotRead_IsNoCookies()
    {
        await using (var store = await SqliteSampleStore.OpenAsync(StorePath, Ct))
        {
            await store.WriteAsync([], [], [new TargetState { Target = "nyc", Value = "1" }], Ct);
        }

        await Sql.ExecuteAsync(StorePath, "UPDATE targets SET cookies = '[{\"name\": 1}'");
        await using var reopened = await SqliteSampleStore.OpenAsync(StorePath, Ct);

        var state = Assert.Single(await reopened.LoadStatesAsync(Ct));
        Assert.Equal(("1", null), (state.Value, state.Cookies));
    }
}
