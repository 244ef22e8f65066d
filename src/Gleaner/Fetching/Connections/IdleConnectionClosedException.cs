namespace Gleaner.Fetching.Connections;

/// <summary>
/// The connection was closed while idle to free its descriptor, and the handler offered it to a request before it
/// noticed. Nothing was sent on it, so the fetch sends its request again on another connection.
/// </summary>
internal sealed class IdleConnectionClosedException : IOException
{
    public IdleConnectionClosedException()
        : base("the idle connection was closed to free its descriptor")
    {
    }

    public IdleConnectionClosedException(string message)
        : base(message)
    {
    }

    public IdleConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
