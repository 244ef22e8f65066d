namespace Gleaner.Cluster;

/// <summary>The host's answer to a <see cref="LeaseRequest"/>: a lease to start now, or a time to ask again.</summary>
[GenerateSerializer, Immutable]
public sealed record HostGrant
{
    /// <summary>The lease to give back with <see cref="IHostGrain.ReleaseAsync"/>; null when told to wait.</summary>
    [Id(0)] public Guid? LeaseId { get; init; }

    /// <summary>When a granted lease is taken back if not released; when a wait ends (ask again then).</summary>
    [Id(1)] public DateTimeOffset Until { get; init; }

    /// <summary>Why the host said wait; <see cref="HostWait.None"/> for a lease.</summary>
    [Id(2)] public HostWait Wait { get; init; }

    /// <summary>With <see cref="HostWait.CircuitOpen"/>, the outcome name of the failure that opened it.</summary>
    [Id(3)] public string? DownOutcome { get; init; }

    /// <summary>
    /// True when the lease is for fetching the origin's robots.txt (the asker is the first for it): report it with
    /// <see cref="FetchReport.Robots"/>, then ask again for the target's own lease.
    /// </summary>
    [Id(4)] public bool FetchRobots { get; init; }

    /// <summary>With <see cref="HostWait.RobotsDenied"/>, why robots.txt refuses the URL (the message one node gives).</summary>
    [Id(5)] public string? Denial { get; init; }

    /// <summary>True when this is a lease.</summary>
    public bool IsLease => LeaseId is not null;

    /// <summary>A lease <paramref name="id"/>, taken back at <paramref name="deadline"/>.</summary>
    public static HostGrant Lease(Guid id, DateTimeOffset deadline) => new() { LeaseId = id, Until = deadline };

    /// <summary>A lease <paramref name="id"/> to fetch robots.txt with, taken back at <paramref name="deadline"/>.</summary>
    public static HostGrant RobotsDuty(Guid id, DateTimeOffset deadline) => new() { LeaseId = id, Until = deadline, FetchRobots = true };

    /// <summary>No lease ever: robots.txt refuses the URL, for <paramref name="denial"/>.</summary>
    public static HostGrant Denied(string denial, DateTimeOffset at) => new() { Wait = HostWait.RobotsDenied, Until = at, Denial = denial };

    /// <summary>Wait for <paramref name="reason"/> until <paramref name="until"/>, then ask again.</summary>
    public static HostGrant WaitUntil(HostWait reason, DateTimeOffset until, string? downOutcome = null) =>
        new() { Wait = reason, Until = until, DownOutcome = downOutcome };
}
