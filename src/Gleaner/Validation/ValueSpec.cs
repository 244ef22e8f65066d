using System.Text.RegularExpressions;
using Gleaner.Extraction;

namespace Gleaner.Validation;

/// <summary>
/// What an extracted value must look like: its type, optional unit, inclusive range, whole-text pattern and
/// length limit. The spec is checked once when it is built and cannot change afterwards; the pattern is
/// compiled once, in linear-time mode.
/// </summary>
public sealed record ValueSpec
{
    /// <summary>The length limit when none is given: extracted values are short, pages are not.</summary>
    public const int DefaultMaxLength = 4096;

    /// <summary>The rule kind used in a <see cref="RuleException"/> for an invalid pattern.</summary>
    public const string PatternKind = "pattern";

    /// <summary>Checks and freezes a spec.</summary>
    /// <param name="type">The value's type; text when not given.</param>
    /// <param name="unit">The unit the value is in (e.g. <c>F</c>); informative, not converted.</param>
    /// <param name="min">Inclusive lower bound; number and integer only.</param>
    /// <param name="max">Inclusive upper bound; number and integer only.</param>
    /// <param name="pattern">A regex the whole trimmed value must match.</param>
    /// <param name="maxLength">Longest trimmed value accepted, for every type; <see cref="DefaultMaxLength"/> when null.</param>
    /// <exception cref="ArgumentException">A field is out of range or does not apply to <paramref name="type"/>; the message names the field.</exception>
    /// <exception cref="RuleException">The pattern is not a valid linear-time regex.</exception>
    public ValueSpec(
        ValueKind type = ValueKind.Text,
        string? unit = null,
        double? min = null,
        double? max = null,
        string? pattern = null,
        int? maxLength = null)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentException($"Type {(int)type} is not a value type.", nameof(type));
        }

        if (unit is not null && string.IsNullOrWhiteSpace(unit))
        {
            throw new ArgumentException("Unit must not be blank; leave it out instead.", nameof(unit));
        }

        var numeric = type is ValueKind.Number or ValueKind.Integer;
        CheckBound(min, nameof(min), numeric, type);
        CheckBound(max, nameof(max), numeric, type);
        if (min > max)
        {
            throw new ArgumentException($"Min {min} is above max {max}.", nameof(min));
        }

        var length = maxLength ?? DefaultMaxLength;
        if (length <= 0)
        {
            throw new ArgumentException($"MaxLength must be above zero, not {length}.", nameof(maxLength));
        }

        Type = type;
        Unit = unit;
        Min = min;
        Max = max;
        Pattern = pattern;
        MaxLength = length;

        // The user's pattern is compiled on its own for errors, then anchored so it must cover the whole value.
        WholeTextPattern = pattern is null
            ? null
            : RegexCompiler.Compile(PatternKind, pattern, RegexOptions.None, RegexCompiler.DefaultTimeout, wholeText: true);
    }

    /// <summary>The value's type.</summary>
    public ValueKind Type { get; }

    /// <summary>The unit the value is in, if the spec names one.</summary>
    public string? Unit { get; }

    /// <summary>Inclusive lower bound, for number and integer values.</summary>
    public double? Min { get; }

    /// <summary>Inclusive upper bound, for number and integer values.</summary>
    public double? Max { get; }

    /// <summary>The pattern as written; the whole trimmed value must match it.</summary>
    public string? Pattern { get; }

    /// <summary>Longest trimmed value accepted.</summary>
    public int MaxLength { get; }

    internal Regex? WholeTextPattern { get; }

    /// <inheritdoc />
    public bool Equals(ValueSpec? other) =>
        other is not null
        && Type == other.Type
        && Unit == other.Unit
        && Min.Equals(other.Min)
        && Max.Equals(other.Max)
        && Pattern == other.Pattern
        && MaxLength == other.MaxLength;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Unit, Min, Max, Pattern, MaxLength);

    private static void CheckBound(double? bound, string name, bool numeric, ValueKind type)
    {
        if (bound is not { } value)
        {
            return;
        }

        if (!numeric)
        {
            throw new ArgumentException($"{Capitalise(name)} applies only to number and integer values, not {type}.", name);
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{Capitalise(name)} must be a finite number, not {value}.", name);
        }
    }

    private static string Capitalise(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
