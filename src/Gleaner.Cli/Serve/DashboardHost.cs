using Gleaner.Dashboard;
using Gleaner.Dashboard.Board;
using Gleaner.Cli.Stores;
using Gleaner.Storage;

namespace Gleaner.Cli.Serve;

/// <summary>Starts the dashboard over a store for a command, and says where it is, or why it could not start.</summary>
internal static class DashboardHost
{
    /// <summary>
    /// Opens <paramref name="named"/> for reading (a watch's SQLite file or a cluster's PostgreSQL store), loads its
    /// targets and starts the server; null (after saying why on stderr) when it cannot. The board and its read-only
    /// store live as long as the server.
    /// </summary>
    public static async Task<Started?> StartAsync(StoreArgument named, DashboardOptions options, CancellationToken cancellationToken)
    {
        if (await named.OpenAsync(Console.Error, cancellationToken) is not { } store)
        {
            return null;
        }

        try
        {
            var board = new LiveBoard(store);
            await board.LoadAsync(cancellationToken);
            var server = await DashboardServer.StartAsync(options, board, cancellationToken);
            var token = options.Token is null ? "" : $" (its token is in {options.TokenSource}: open {server.Url}?token=… once)";
            Console.Error.WriteLine($"dashboard: {server.Url}{token}");
            return new Started(server, board, store);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"usage: the dashboard cannot listen on {options.Bind}:{options.Port}: {e.Message} (choose another with --port, or --port 0 for any free one)");
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidDataException)
        {
            Console.Error.WriteLine(DisplayText.Escape($"{named}: cannot be read: {e.Message}"));
        }

        await store.DisposeAsync();
        return null;
    }

    /// <summary>A running dashboard: dispose it to stop the server and close its store.</summary>
    public sealed class Started(DashboardServer server, LiveBoard board, ISampleStore store) : IAsyncDisposable
    {
        public DashboardServer Server => server;

        public LiveBoard Board => board;

        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            await store.DisposeAsync();
        }
    }
}
