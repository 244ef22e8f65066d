namespace Gleaner.Cluster.Host;

/// <summary>The exit codes of <c>gleaner-cluster</c>, the same numbers <c>gleaner</c> uses for the same cases.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 2;

    /// <summary>The cluster could not be reached or the silo could not start (Redis down, a port taken).</summary>
    public const int Failure = 3;

    /// <summary>gleaner-cluster itself failed (a bug): sysexits' EX_SOFTWARE.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
