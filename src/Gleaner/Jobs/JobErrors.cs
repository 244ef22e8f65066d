using System.Globalization;
using System.Text;

namespace Gleaner.Jobs;

/// <summary>Collects the problems found in one file, so every one is reported rather than the first.</summary>
internal sealed class JobErrors(string file)
{
    private readonly List<JobError> errors = [];

    /// <summary>The file name the errors carry.</summary>
    public string File { get; } = file;

    private (int Line, int Column)? stoppedAt;

    /// <summary>Problems found so far.</summary>
    public int Count => errors.Count;

    /// <summary>True once there are more problems than can be listed: readers stop here.</summary>
    public bool Full => stoppedAt is not null;

    /// <summary>
    /// Adds a problem; control characters become \uXXXX so each error stays on one line. Past the
    /// <see cref="JobFileLimits.MaxProblems"/> that can be listed, the problem is not kept and the list ends saying where it was found.
    /// </summary>
    public void Add(int line, int column, string problem)
    {
        if (errors.Count < JobFileLimits.MaxProblems - 1)
        {
            errors.Add(new JobError(File, line, column, OneLine(problem)));
        }
        else
        {
            stoppedAt ??= (line, column);
        }
    }

    public void Add(JobNode node, string problem) => Add(node.Line, node.Column, problem);

    /// <summary>Throws a <see cref="JobFileException"/> with the problems sorted by position, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            // OrderBy is stable: problems found at one position keep the order they were found in.
            IEnumerable<JobError> sorted = errors.OrderBy(e => e.Line).ThenBy(e => e.Column);
            if (stoppedAt is var (line, column))
            {
                sorted = sorted.Append(new JobError(File, line, column,
                    $"too many problems; the file was not checked past here (at most {JobFileLimits.MaxProblems} are listed)"));
            }

            throw new JobFileException([.. sorted]);
        }
    }

    private static string OneLine(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = char.IsControl(c) ? builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A <see cref="JobFileException"/> with one problem, by default at the start of the file.</summary>
    public static JobFileException Single(string file, string problem, int line = 1, int column = 1) =>
        new([new JobError(file, line, column, OneLine(problem))]);
}
