using Npgsql;

namespace Gleaner.Postgres;

/// <summary>A PostgreSQL connection string as Gleaner shows and checks it: never its password.</summary>
public static class PostgresConnection
{
    /// <summary>"PostgreSQL at HOST:PORT/DATABASE" (the user when no database is named), or "PostgreSQL" when it does not parse.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL at {settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }

    /// <summary>What is wrong with <paramref name="connectionString"/> for Npgsql (never echoing it), or null.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(settings.Host) ? "the connection string names no Host, e.g. 'Host=127.0.0.1;Database=gleaner;Username=gleaner'" : null;
        }
        catch (ArgumentException e)
        {
            return $"not a connection string Npgsql reads ({e.Message})";
        }
    }
}
