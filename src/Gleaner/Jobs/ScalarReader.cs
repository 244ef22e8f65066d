using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gleaner.Fetching;
using Gleaner.Fetching.Addresses;
using Gleaner.Units;

namespace Gleaner.Jobs;

/// <summary>
/// Reads typed values out of scalars. Each method reports a problem that names the key and the expected form,
/// at the value's position, and returns false.
/// </summary>
internal static class ScalarReader
{
    public const string DurationForm = "a duration (examples: 10s, 500ms)";
    public const string SizeForm = "a size (examples: 2MiB, 500KiB)";
    public const string StallForm = "a stall rule (SIZE/DURATION such as 2KiB/5s, or off)";
    public const string IntegerForm = "a whole number";
    public const string NumberForm = "a number";
    public const string BooleanForm = "true or false";

    /// <summary>The scalar <paramref name="node"/> holds, or false when it is a mapping, a list or empty.</summary>
    public static bool TryScalar(JobNode node, string key, string expected, JobErrors errors, [NotNullWhen(true)] out JobScalar? scalar)
    {
        scalar = node as JobScalar;
        if (scalar is { IsNull: false })
        {
            return true;
        }

        errors.Add(node, scalar is null ? $"{key}: expected {expected}, not {node.Description}" : $"{key}: has no value; expected {expected}");
        scalar = null;
        return false;
    }

    public static bool TryDuration(JobNode node, string key, JobErrors errors, out TimeSpan value)
    {
        value = default;
        return TryScalar(node, key, DurationForm, errors, out var scalar)
            && Check(Duration.TryParse(scalar.Value, out value, out var problem), scalar, key, Shorten(scalar, problem), errors);
    }

    public static bool TrySize(JobNode node, string key, JobErrors errors, out long value)
    {
        value = default;
        return TryScalar(node, key, SizeForm, errors, out var scalar)
            && Check(ByteSize.TryParse(scalar.Value, out value, out var problem), scalar, key, Shorten(scalar, problem), errors);
    }

    public static bool TryStall(JobNode node, string key, JobErrors errors, out StallRule value)
    {
        value = default;
        return TryScalar(node, key, StallForm, errors, out var scalar)
            && Check(StallRule.TryParse(scalar.Value, out value, out var problem), scalar, key, Shorten(scalar, problem), errors);
    }

    public static bool TryInteger(JobNode node, string key, JobErrors errors, out int value)
    {
        value = default;
        return TryScalar(node, key, IntegerForm, errors, out var scalar)
            && Check(int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
                scalar, key, $"{UrlText.Show(scalar.Value)} is not {IntegerForm}", errors);
    }

    public static bool TryNumber(JobNode node, string key, JobErrors errors, out double value)
    {
        value = default;
        return TryScalar(node, key, NumberForm, errors, out var scalar)
            && Check(double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
                scalar, key, $"{UrlText.Show(scalar.Value)} is not {NumberForm}", errors);
    }

    /// <summary>YAML 1.2's core booleans: true and false, in any case.</summary>
    public static bool TryBoolean(JobNode node, string key, JobErrors errors, out bool value)
    {
        value = default;
        if (!TryScalar(node, key, BooleanForm, errors, out var scalar))
        {
            return false;
        }

        var known = bool.TryParse(scalar.Value, out value);
        return Check(known, scalar, key, $"{UrlText.Show(scalar.Value)} is not {BooleanForm}", errors);
    }

    /// <summary>One of <paramref name="choices"/>, exactly as written there.</summary>
    public static bool TryChoice(JobNode node, string key, IReadOnlyList<string> choices, JobErrors errors, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var expected = "one of " + string.Join(", ", choices);
        if (!TryScalar(node, key, expected, errors, out var scalar))
        {
            return false;
        }

        value = choices.FirstOrDefault(c => c == scalar.Value);
        return Check(value is not null, scalar, key,
            $"{UrlText.Show(scalar.Value)} is not {expected}{KeySuggester.Hint(scalar.Value, choices)}", errors);
    }

    /// <summary>The text of a scalar, for names, URLs, units and expressions.</summary>
    public static bool TryText(JobNode node, string key, string expected, JobErrors errors, [NotNullWhen(true)] out string? value)
    {
        value = TryScalar(node, key, expected, errors, out var scalar) ? scalar.Value : null;
        return value is not null;
    }

    /// <summary>The value as written, quoted and cut short, for "is out of range" messages.</summary>
    public static string Shown(JobNode value) => UrlText.Show(value is JobScalar scalar ? scalar.Value : "");

    // The unit parsers quote the whole text; a long value is shown cut short instead.
    private static string? Shorten(JobScalar scalar, string? problem) =>
        scalar.Value.Length > 100 ? $"{UrlText.Show(scalar.Value)} is not valid here" : problem;

    private static bool Check(bool ok, JobScalar scalar, string key, string? problem, JobErrors errors)
    {
        if (!ok)
        {
            errors.Add(scalar, $"{key}: {problem}");
        }

        return ok;
    }
}
