namespace Gleaner.Jobs;

/// <summary>One problem in a job file or URL list, at the line and column (both one-based) where it was found.</summary>
/// <param name="File">The file name as the user gave it.</param>
/// <param name="Line">One-based line.</param>
/// <param name="Column">One-based column, counted in characters.</param>
/// <param name="Problem">What is wrong, in one line.</param>
public sealed record JobError(string File, int Line, int Column, string Problem)
{
    /// <summary>The error as compilers print theirs: <c>file:line:column: problem</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Problem}";
}
