namespace Gleaner.Postgres;

/// <summary>
/// The PostgreSQL user may not create, upgrade or use the watch tables it needs (PostgreSQL 15 and later let only a
/// database's owner create tables in its public schema, by default). The message names the user, the database, what is
/// missing and what the database's owner can run; nothing was written.
/// </summary>
public sealed class WatchTablesPermissionException : Exception
{
    /// <summary>A refusal with no message.</summary>
    public WatchTablesPermissionException()
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>.</summary>
    public WatchTablesPermissionException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>, as the server gave it in <paramref name="innerException"/>.</summary>
    public WatchTablesPermissionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
