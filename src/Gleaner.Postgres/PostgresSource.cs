using Npgsql;

namespace Gleaner.Postgres;

/// <summary>
/// How Gleaner reaches PostgreSQL: one pooled data source per store or registry, since many grains call it at once,
/// each call taking a connection for its statement or transaction and giving it back.
/// </summary>
internal static class PostgresSource
{
    /// <summary>
    /// A data source for <paramref name="connectionString"/>. The slim builder keeps the native binary small: only the
    /// types these tables use, arrays (<c>= ANY(@names)</c>) and TLS for a server that asks for it. A read-only one
    /// also has the server refuse writes, whatever the code above it does.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.EnableArrays();
        builder.EnableTransportSecurity();
        if (readOnly)
        {
            var options = builder.ConnectionStringBuilder.Options;
            builder.ConnectionStringBuilder.Options = $"{options} -c default_transaction_read_only=on".TrimStart();
        }

        return builder.Build();
    }

    /// <summary>The database <paramref name="connectionString"/> names, for messages: its name, host and port, never its password.</summary>
    public static string Describe(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var database = settings.Database ?? settings.Username ?? Environment.UserName;
        return $"PostgreSQL database '{database}' on {settings.Host}:{settings.Port}";
    }
}
