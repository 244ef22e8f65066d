using System.Text.RegularExpressions;

namespace Gleaner.Extraction;

/// <summary>
/// Compiles user-written patterns in linear-time mode and turns every way a pattern can be refused into a
/// <see cref="RuleException"/> that points into the pattern as the user wrote it.
/// </summary>
internal static class RegexCompiler
{
    /// <summary>The options every user pattern runs with: linear time, no culture surprises.</summary>
    public const RegexOptions BaseOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>The match timeout used when a caller does not choose one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Compiles <paramref name="pattern"/>, anchored as <c>\A(?:…)\z</c> when <paramref name="wholeText"/> is set,
    /// and reports problems against the pattern as written, so a wrapper never shifts positions.
    /// </summary>
    public static Regex Compile(string kind, string pattern, RegexOptions options, TimeSpan timeout, bool wholeText = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ValidateTimeout(timeout);

        // The user's pattern is checked on its own first, so positions point into what the user wrote and a wrapper
        // cannot turn "a)(b" into something valid.
        _ = Build(kind, pattern, options, timeout);
        try
        {
            return Build(kind, pattern, options, timeout, Wrap(pattern, wholeText));
        }
        catch (RuleException e) when (e.InnerException is RegexParseException)
        {
            // The pattern parses on its own, so only a free-spacing comment at its end ("(?x)\d+ # a number") can
            // have run on over the wrapper's closing parenthesis. A line break ends the comment and belongs to it.
            return Build(kind, pattern, options, timeout, Wrap(pattern + "\n", wholeText));
        }
    }

    public static void ValidateTimeout(TimeSpan timeout)
    {
        // Regex itself caps timeouts at about 24 days; anything that long is a mistake here, not a backstop.
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The match timeout must be above zero and at most one minute.");
        }
    }

    // .NET 10's NonBacktracking engine can report a later match than the leftmost one when a pattern begins with
    // an optional piece whose character occurs earlier without a match behind it: (-?\d+)F on "- 12F 3F" gives 3,
    // not 12 (dotnet/runtime#130176). A leading zero-width (?:\b|\B), true everywhere, routes the search through
    // the engine's full start-finding path; a differential run of 100,000 random patterns against the
    // backtracking engine found no difference with it (284 without). Remove once the runtime carries the fix.
    private const string LeftmostMatchGuard = @"(?:\b|\B)";

    internal static string Guarded(string pattern) => $"{LeftmostMatchGuard}(?:{pattern})";

    private static string Wrap(string pattern, bool wholeText) => Guarded(wholeText ? $@"\A(?:{pattern})\z" : pattern);

    private static Regex Build(string kind, string pattern, RegexOptions options, TimeSpan timeout, string? text = null)
    {
        try
        {
            return new Regex(text ?? pattern, options | BaseOptions, timeout);
        }
        catch (RegexParseException e)
        {
            // Offset is where the parser stopped, one past the offending character.
            var position = Math.Clamp(e.Offset - 1, 0, pattern.Length);
            throw new RuleException(kind, pattern, position, Describe(e.Error), e);
        }
        catch (NotSupportedException e)
        {
            var position = PatternScanner.FindUnsupported(pattern) ?? 0;
            throw new RuleException(kind, pattern, position, $"not supported in linear-time matching: {e.Message}", e);
        }
        catch (OutOfMemoryException e)
        {
            // The runtime's prefix analysis asks for an array as long as a case-insensitive repetition count
            // ("(?i)g{2147483647}A"), which cannot be allocated; the pattern is too large, not the process out of memory.
            throw new RuleException(kind, pattern, 0, "too large to compile for linear-time matching", e);
        }
    }

    private static string Describe(RegexParseError error)
    {
        // "InsufficientClosingParentheses" → "insufficient closing parentheses".
        var name = error.ToString();
        var words = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
