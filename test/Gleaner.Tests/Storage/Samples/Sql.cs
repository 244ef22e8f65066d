using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Storage.Samples;

/// <summary>Plain SQL on a test's database file, to look at what a store wrote (or to make files of other kinds).</summary>
internal static class Sql
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    public static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
