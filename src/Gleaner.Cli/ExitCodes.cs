namespace Gleaner.Cli;

/// <summary>The process exit codes, as documented in the README.</summary>
internal static class ExitCodes
{
    public const int Value = 0;
    public const int NoValue = 1;
    public const int Usage = 2;
    public const int Failure = 3;
    public const int Blocked = 4;

    /// <summary>A file could not be written or read mid-way (disk full, permissions): sysexits' EX_IOERR.</summary>
    public const int IoError = 74;

    /// <summary>Gleaner itself failed (a bug): sysexits' EX_SOFTWARE.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    public static int For(Outcome outcome) => outcome switch
    {
        Outcome.Ok => Value,
        Outcome.NoMatch or Outcome.InvalidValue => NoValue,
        Outcome.Blocked or Outcome.RobotsDenied => Blocked,
        Outcome.Cancelled => Interrupted,
        Outcome.Internal => Internal,
        _ => Failure,
    };
}
