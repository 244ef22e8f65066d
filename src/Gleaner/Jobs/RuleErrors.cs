using Gleaner.Extraction;

namespace Gleaner.Jobs;

/// <summary>Places a <see cref="RuleException"/> at the character of the expression it points into.</summary>
internal static class RuleErrors
{
    /// <summary>
    /// Adds <paramref name="e"/> at the column of its position when the expression is written verbatim on one
    /// line (a plain scalar, or a quoted one without escapes): the scalar's text column plus the zero-based
    /// position. Otherwise (escapes, a folded multi-line scalar, a | or > block) columns and positions do not
    /// line up, so the error points at the scalar's start and the message names the character instead.
    /// </summary>
    public static void Add(JobErrors errors, JobScalar expression, RuleException e, string what)
    {
        if (expression.TextColumn is { } column)
        {
            errors.Add(expression.Line, column + e.Position, $"{what}: {e.Problem}");
        }
        else
        {
            errors.Add(expression, $"{what} (at character {e.Position + 1} of the expression): {e.Problem}");
        }
    }
}
