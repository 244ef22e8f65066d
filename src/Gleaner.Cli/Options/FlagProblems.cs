using System.CommandLine;
using System.Globalization;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Units;

namespace Gleaner.Cli.Options;

/// <summary>
/// The problems found in a command's flags, collected so that every bad flag is reported rather than the first.
/// Each is an <see cref="ArgumentException"/> whose message names the flag, or a <see cref="RuleException"/> from a
/// rule flag (<c>--regex</c>, <c>--css</c>, …, <c>--pattern</c>: the flag is the rule's kind).
/// </summary>
internal sealed class FlagProblems
{
    private readonly List<Exception> _problems = [];

    public int Count => _problems.Count;

    /// <summary>The first problem as it was raised: <c>get</c> stops at it.</summary>
    public Exception? First => _problems.Count > 0 ? _problems[0] : null;

    /// <summary>Each problem as one line: a rule error names its flag and the character it points at.</summary>
    public IEnumerable<string> Lines => _problems.Select(p => p is RuleException rule
        ? $"--{rule.Kind} '{rule.Expression}' at character {rule.Position + 1}: {rule.Problem}"
        : p.Message);

    public void Add(string problem) => _problems.Add(new ArgumentException(problem));

    public void Add(RuleException problem) => _problems.Add(problem);

    /// <summary>Runs <paramref name="check"/>; a rule or argument error it throws becomes a problem.</summary>
    public T? Check<T>(Func<T> check)
        where T : class
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is ArgumentException or RuleException)
        {
            _problems.Add(e);
            return null;
        }
    }

    /// <summary>The whole number given to <paramref name="flag"/>, or null when it is missing or not a whole number (a problem).</summary>
    public int? Integer(ParseResult parsed, Option<string?> flag)
    {
        if (parsed.GetValue(flag) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add($"{flag.Name} '{text}' is not a whole number");
        return null;
    }

    /// <summary>The duration given to <paramref name="flag"/>, or null when it is missing or not a duration (a problem).</summary>
    public TimeSpan? Duration(ParseResult parsed, Option<string?> flag) =>
        parsed.GetValue(flag) is { } text
            ? Units.Duration.TryParse(text, out var value, out var problem) ? value : Refuse<TimeSpan>(flag, problem)
            : null;

    /// <summary>The size given to <paramref name="flag"/>, or null when it is missing or not a size (a problem).</summary>
    public long? Size(ParseResult parsed, Option<string?> flag) =>
        parsed.GetValue(flag) is { } text
            ? ByteSize.TryParse(text, out var value, out var problem) ? value : Refuse<long>(flag, problem)
            : null;

    /// <summary>The stall rule given to <paramref name="flag"/>, or null when it is missing or not a stall rule (a problem).</summary>
    public StallRule? Stall(ParseResult parsed, Option<string?> flag) =>
        parsed.GetValue(flag) is { } text
            ? StallRule.TryParse(text, out var value, out var problem) ? value : Refuse<StallRule>(flag, problem)
            : null;

    /// <summary>The number given to <paramref name="flag"/>, or null when it is missing or not a finite number (a problem).</summary>
    public double? Number(ParseResult parsed, Option<string?> flag)
    {
        if (parsed.GetValue(flag) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Add($"{flag.Name} '{text}' is not a number");
        return null;
    }

    private T? Refuse<T>(Option flag, string? problem)
        where T : struct
    {
        Add($"{flag.Name} {problem}");
        return null;
    }

    /// <summary>Checks one flag's override on its own over <paramref name="defaults"/>, so a value out of range is reported at its flag.</summary>
    public bool InRange<T>(Option flag, string? text, Func<T, T> apply, T defaults, Func<T, T> validate)
    {
        try
        {
            validate(apply(defaults));
            return true;
        }
        catch (ArgumentException e)
        {
            Add(text is null ? $"{flag.Name}: {e.Message}" : $"{flag.Name} '{text}' is out of range ({e.Message})");
            return false;
        }
    }
}
