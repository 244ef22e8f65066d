using Gleaner.Postgres;

namespace Gleaner.Cluster.Watching;

/// <summary>The registry's part of the watch tables, versioned beside the sample store's (see <see cref="WatchTables"/>).</summary>
internal static class RegistryTables
{
    public static readonly WatchSchemaPart Part = new(
        "watch registry",
        "registry_schema",
        ["gleaner_watch_registry"],
        (message, server) => server is null ? new WatchRegistryMismatchException(message) : new WatchRegistryMismatchException(message, server),
    [
        // 1. One row per target, unique across lists; the silo that last claimed it, looked up by silo when one dies.
        """
        CREATE TABLE gleaner_watch_registry (
            name text COLLATE "C" PRIMARY KEY,
            list text NOT NULL,
            spec bytea NOT NULL,
            silo text);
        CREATE INDEX gleaner_watch_registry_by_list ON gleaner_watch_registry (list);
        CREATE INDEX gleaner_watch_registry_by_silo ON gleaner_watch_registry (silo) WHERE silo IS NOT NULL;
        """,
    ]);
}
