namespace Gleaner.Cluster.Watching;

/// <summary>
/// The cluster's durable list of watched targets, beside its sample store: each target's spec (opaque bytes the target
/// grain reads when it activates, wherever that is) and the silo whose activation last claimed it, so the silos left
/// when one dies can wake that one's targets at once. Target names are unique across the cluster: one list owns each.
/// </summary>
public interface IWatchRegistry : IAsyncDisposable
{
    /// <summary>
    /// Makes <paramref name="list"/>'s targets exactly <paramref name="targets"/>: new names are added, a spec that
    /// differs replaces the one kept (its claim stays), and the list's targets not named are removed. All or nothing;
    /// throws <see cref="WatchRegistryConflictException"/> when a name is registered by another list.
    /// </summary>
    Task<RegistrationChanges> RegisterAsync(string list, IReadOnlyList<RegisteredTarget> targets, CancellationToken cancellationToken = default);

    /// <summary>The spec kept for <paramref name="target"/>, or null when no list registers it (any more).</summary>
    Task<byte[]?> ReadSpecAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="silo"/> now runs <paramref name="target"/> (no-op for a name not registered).</summary>
    Task ClaimAsync(string target, string silo, CancellationToken cancellationToken = default);

    /// <summary>
    /// The targets claimed by <paramref name="silo"/>, their claim cleared in the same statement: when several silos
    /// ask at once for one dead silo, each target goes to exactly one of them.
    /// </summary>
    Task<IReadOnlyList<string>> TakeOrphansAsync(string silo, CancellationToken cancellationToken = default);

    /// <summary>Every registered target's name, in ordinal order.</summary>
    Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default);
}

/// <summary>A target as registered: its unique name and its spec's bytes.</summary>
public sealed record RegisteredTarget(string Name, byte[] Spec);

/// <summary>What a registration changed, each list in ordinal order.</summary>
public sealed record RegistrationChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, int Unchanged);

/// <summary>A registration named targets that another list registers.</summary>
public sealed class WatchRegistryConflictException : Exception
{
    /// <summary>A conflict without a message.</summary>
    public WatchRegistryConflictException()
    {
    }

    /// <summary>A conflict that names the targets and the list that has them.</summary>
    public WatchRegistryConflictException(string message)
        : base(message)
    {
    }

    /// <summary>A conflict found by <paramref name="innerException"/>.</summary>
    public WatchRegistryConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
