using Npgsql;

namespace Gleaner.Postgres;

/// <summary>
/// What a PostgreSQL user needs of the watch tables, and the one line that says so when the server refuses it: since
/// PostgreSQL 15 only a database's owner may create tables in its public schema, by default, so the silos' user often
/// cannot make the tables it would use.
/// </summary>
internal static class WatchTablesAccess
{
    /// <summary>The <c>GRANT</c> that lets <paramref name="user"/> use <paramref name="part"/>: read it, or read and write it.</summary>
    /// <exception cref="ArgumentException"><paramref name="user"/> is empty or holds U+0000.</exception>
    public static string Grant(WatchSchemaPart part, string user, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        StoredText.Name(user, "the PostgreSQL user");
        // Quoted: the role's exact name, capitals included (a quote in it is doubled).
        var role = $"\"{user.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        return $"GRANT {(readOnly ? "SELECT" : "SELECT, INSERT, UPDATE, DELETE")} ON gleaner_watch_meta, {string.Join(", ", part.Tables)} TO {role};";
    }

    /// <summary>
    /// The refusal of <paramref name="denied"/>: the user may not read the part's tables (<paramref name="found"/> is
    /// null: its version could not be read), create them (0) or upgrade them (an older version).
    /// </summary>
    public static WatchTablesPermissionException Refusal(
        NpgsqlDataSource source, WatchSchemaPart part, string where, int? found, PostgresException denied, bool readOnly = false)
    {
        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        var user = settings.Username ?? Environment.UserName;
        var database = settings.Database ?? user;
        var message = found switch
        {
            null => $"PostgreSQL user '{user}' may not use the {part.Title}'s tables in {where} ({denied.MessageText}); "
                + $"have the database's owner run '{Grant(part, user, readOnly)}'",
            0 => $"PostgreSQL user '{user}' may not create the {part.Title}'s tables in {where} ({denied.MessageText}); "
                + $"have the database's owner create them once: 'gleaner-cluster schema --store --grant-to {user} | psql -d {database}'",
            _ => $"PostgreSQL user '{user}' may not upgrade the {part.Title}'s tables in {where} from version {found} to {part.Current} ({denied.MessageText}); "
                + "have their owner open the store once (a silo whose --store connects as the owner)",
        };
        return new WatchTablesPermissionException(message, denied);
    }
}
