using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gleaner.Dashboard;
using Gleaner.Dashboard.Board;
using Gleaner.Storage.Samples;
using Gleaner.Tests.Storage;
using Gleaner.Tests.Storage.Samples;
using Gleaner.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// A dashboard server on 127.0.0.1:0 over a store the test fills, with the server's clock a fake one at
/// <see cref="Now"/>; an <see cref="HttpClient"/> that talks to it.
/// </summary>
internal sealed class DashboardHarness : IAsyncDisposable
{
    /// <summary>Where the server's clock stands: an hour after <see cref="WatchSamples.T0"/>.</summary>
    public static readonly DateTimeOffset Now = WatchSamples.T0.AddHours(1);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly TempFolder _folder;

    private DashboardHarness(TempFolder folder, FakeTimeProvider time, SqliteSampleStore store, LiveBoard board, DashboardServer server)
    {
        _folder = folder;
        Time = time;
        Store = store;
        Board = board;
        Server = server;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Url };
    }

    public FakeTimeProvider Time { get; }

    public SqliteSampleStore Store { get; }

    public LiveBoard Board { get; }

    public DashboardServer Server { get; }

    public HttpClient Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Fills a new store with <paramref name="fill"/>, loads it on a board and starts the server.</summary>
    public static async Task<DashboardHarness> StartAsync(Func<SqliteSampleStore, Task>? fill = null, Func<DashboardOptions, DashboardOptions>? configure = null)
    {
        var folder = new TempFolder();
        var time = new FakeTimeProvider(Now);
        var store = await SqliteSampleStore.OpenAsync(folder.File("watch.db"), Ct);
        if (fill is not null)
        {
            await fill(store);
        }

        var board = new LiveBoard(store);
        await board.LoadAsync(Ct);
        var options = new DashboardOptions { Port = 0, Time = time };
        var server = await DashboardServer.StartAsync(configure?.Invoke(options) ?? options, board, Ct);
        return new DashboardHarness(folder, time, store, board, server);
    }

    /// <summary>Writes samples, events and states in one batch, as a watch does.</summary>
    public static Task WriteAsync(SqliteSampleStore store, IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states) =>
        store.WriteAsync(samples, events, states, Ct);

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

    /// <summary>GETs <paramref name="path"/> and parses its JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Json)> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>Asserts the answer is <paramref name="expected"/>, the whole document (compared indented, for a readable diff).</summary>
    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(Indented), actual?.ToJsonString(Indented));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}
