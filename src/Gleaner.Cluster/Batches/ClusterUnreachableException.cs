namespace Gleaner.Cluster.Batches;

/// <summary>A batch gave up: a piece has not answered for <see cref="ClusterBatch.GiveUpAfter"/>. What was recorded stays recorded.</summary>
public sealed class ClusterUnreachableException : Exception
{
    /// <summary>A batch that gave up, and why.</summary>
    public ClusterUnreachableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>For serializers and analyzers; use the other constructor.</summary>
    public ClusterUnreachableException()
    {
    }

    /// <summary>For serializers and analyzers; use the other constructor.</summary>
    public ClusterUnreachableException(string message)
        : base(message)
    {
    }
}
