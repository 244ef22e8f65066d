namespace Gleaner.Cli;

/// <summary>The process exit codes, as documented in the README.</summary>
internal static class ExitCodes
{
    public const int Value = 0;
    public const int NoValue = 1;
    public const int Usage = 2;
    public const int Failure = 3;
    public const int Blocked = 4;
    public const int Interrupted = 130;

    public static int For(Outcome outcome) => outcome switch
    {
        Outcome.Ok => Value,
        Outcome.NoMatch or Outcome.InvalidValue => NoValue,
        Outcome.Blocked or Outcome.RobotsDenied => Blocked,
        Outcome.Cancelled => Interrupted,
        _ => Failure,
    };
}
