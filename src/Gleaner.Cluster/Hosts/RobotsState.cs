namespace Gleaner.Cluster.Hosts;

/// <summary>What a host knows of an origin's robots.txt.</summary>
internal enum RobotsState
{
    /// <summary>Nothing: the asker gets the duty to fetch it.</summary>
    Unknown,

    /// <summary>Another lease is fetching it.</summary>
    Pending,

    /// <summary>A kept answer.</summary>
    Known,
}
