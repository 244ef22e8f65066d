using System.CommandLine;
using Gleaner.Cluster.Watching;
using Gleaner.Postgres;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// The silo's <c>--store</c>: where watched targets keep their samples. A cluster of one uses a SQLite file (by default
/// <see cref="DefaultFile"/> in the working directory); silos that share a membership share one PostgreSQL store,
/// named on each (it is not taken from <c>--postgres</c>: a user allowed to use the membership tables may not be
/// allowed to create the store's).
/// </summary>
internal sealed class WatchStoreOption
{
    public const string DefaultFile = "gleaner-watch.db";

    private readonly Option<string?> _store = new("--store")
    {
        Description = $"Where watched targets keep their samples: a SQLite file for a cluster of one (default {DefaultFile}), or a PostgreSQL connection string shared by every silo (it may be --postgres's), the same on every silo: a watch list's targets may be placed on any of them",
        HelpName = "FILE|CONN",
    };

    public void AddTo(Command command) => command.Options.Add(_store);

    /// <summary>What the silo will open, or the problem with it.</summary>
    public (StoreChoice? Choice, string? Problem) Read(ParseResult parsed, Membership membership)
    {
        var given = parsed.GetValue(_store);
        if (given is null)
        {
            return (membership.IsLocal ? new StoreChoice(DefaultFile, null) : new StoreChoice(null, null), null);
        }

        if (IsConnectionString(given))
        {
            return PostgresConnection.Problem(given) is { } problem ? (null, $"--store: {problem}") : (new StoreChoice(null, given), null);
        }

        return membership.IsLocal
            ? (new StoreChoice(given, null), null)
            : (null, $"--store {given}: a SQLite file is one node's; silos with --redis or --postgres share a PostgreSQL store (--store 'Host=…;Database=…')");
    }

    // Npgsql's connection strings are KEY=VALUE pairs; a file name with '=' in it is not worth the confusion.
    private static bool IsConnectionString(string value) => value.Contains('=', StringComparison.Ordinal);
}

/// <summary>A SQLite file, a PostgreSQL connection string, or neither (the silo runs no watched targets).</summary>
internal sealed record StoreChoice(string? SqliteFile, string? Postgres)
{
    public async Task<WatchStorage?> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile is not null ? await WatchStorage.OpenSqliteAsync(SqliteFile, cancellationToken)
        : Postgres is not null ? await WatchStorage.OpenPostgresAsync(Postgres, cancellationToken)
        : null;

    /// <summary>Never the connection string itself: it may hold a password.</summary>
    public override string ToString() =>
        SqliteFile is not null ? $"SQLite at {SqliteFile}"
        : Postgres is not null ? PostgresConnection.Describe(Postgres)
        : "none (this silo runs no watched targets)";
}
