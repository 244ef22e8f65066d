using Npgsql;

namespace Gleaner.Cluster.Tests.Processes;

/// <summary>
/// One <see cref="PostgresServer"/> for a test class (a class fixture), and a new empty database for each test, so the
/// class starts the server once and its tests do not see each other's tables.
/// </summary>
public sealed class PostgresDatabases : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _created;

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <summary>Creates an empty database; returns a connection string to it as the superuser.</summary>
    public async Task<string> CreateAsync()
    {
        var server = _server ?? throw new InvalidOperationException("the server has not started");
        var name = $"test{Interlocked.Increment(ref _created)}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString()))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Database = name }.ConnectionString;
    }

    /// <summary>Runs <paramref name="sql"/> on the database <paramref name="connectionString"/> names; returns its first column of its first row.</summary>
    public static async Task<object?> SqlAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
