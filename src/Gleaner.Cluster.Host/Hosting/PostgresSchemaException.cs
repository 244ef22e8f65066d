namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// The cluster's tables are missing and this PostgreSQL user may not create them; the message says what to run. It
/// keeps no inner exception: the silo prints the innermost message, and this one is the line the user needs.
/// </summary>
internal sealed class PostgresSchemaException(string message) : Exception(message);
