using Gleaner.Jobs;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// What a <see cref="JobFileException"/> promises: at least one error, each naming the file, at a line and column
/// inside the text, on one line.
/// </summary>
internal static class LocatedErrors
{
    /// <summary>Checks <paramref name="e"/> against <paramref name="text"/>, which has <paramref name="lines"/> lines as its parser counts them.</summary>
    public static Verdict Check(JobFileException e, string file, string text, int lines)
    {
        if (e.Errors.Count == 0)
        {
            return Verdict.Break("no errors listed", "");
        }

        foreach (var error in e.Errors)
        {
            if (error.File != file)
            {
                return Verdict.Break("error names another file", error.ToString());
            }

            if (error.Line < 1 || error.Line > lines || error.Column < 1 || error.Column > text.Length + 1)
            {
                return Verdict.Break("position outside the text", error.ToString());
            }

            if (string.IsNullOrWhiteSpace(error.Problem) || error.Problem.Any(char.IsControl))
            {
                return Verdict.Break("problem empty or not on one line", error.ToString());
            }
        }

        return Verdict.Refuse;
    }

    /// <summary>
    /// The lines of <paramref name="text"/>: \n, \r\n and \r end a line, and in YAML also U+0085, U+2028 and U+2029
    /// (YAML 1.1's line breaks, which YamlDotNet counts).
    /// </summary>
    public static int Lines(string text, bool yaml)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                case '\u0085' or '\u2028' or '\u2029' when yaml:
                    lines++;
                    break;
            }
        }

        return lines;
    }
}
