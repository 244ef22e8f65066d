using Microsoft.Data.Sqlite;

namespace Gleaner.Storage.Samples;

/// <summary>The sample store's statements: made once with their parameters, bound and run many times.</summary>
internal static class StoreCommand
{
    /// <summary>A command on <paramref name="connection"/> for <paramref name="sql"/>, with a parameter per name.</summary>
    public static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>Sets parameter <paramref name="name"/> to <paramref name="value"/>, or to NULL.</summary>
    public static void Bind(this SqliteCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;
}
