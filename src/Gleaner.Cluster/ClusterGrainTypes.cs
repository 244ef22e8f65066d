namespace Gleaner.Cluster;

/// <summary>The grain type names of Gleaner's grains, fixed rather than derived from class names: status looks them up.</summary>
public static class ClusterGrainTypes
{
    /// <summary>The host grain's type: one per host key.</summary>
    public const string Host = "host";

    /// <summary>A batch piece grain's type: one per piece of a run.</summary>
    public const string BatchPiece = "batchpiece";

    /// <summary>A watch list grain's type: one per registered list.</summary>
    public const string WatchList = "watchlist";

    /// <summary>A watched target's grain type: one per target name.</summary>
    public const string WatchTarget = "watchtarget";
}
