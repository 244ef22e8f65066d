using System.Globalization;
using System.Text.RegularExpressions;

namespace Gleaner.Validation;

/// <summary>
/// Checks an extracted value against a <see cref="ValueSpec"/> and reads it as its type. Expected failures are
/// values (<see cref="ValidatedValue.Invalid"/>) with one-line problems that name the rule.
/// </summary>
/// <remarks>
/// The raw text is trimmed first; length, pattern, type and range are then checked in that order.
/// <list type="bullet">
/// <item>Number: invariant culture; sign, decimal point and exponent allowed; thousands separators not;
/// U+2212 MINUS SIGN is read as '-'; NaN and infinities are rejected.</item>
/// <item>Integer: a number with no fractional part, so <c>45.0</c> and <c>4.5e1</c> are 45 (feeds often
/// print whole readings with a trailing <c>.0</c>) but <c>45.5</c> is rejected; it must fit in 64 bits.</item>
/// <item>Boolean: true/false, yes/no, 1/0, any case.</item>
/// <item>Timestamp: ISO 8601 or RFC 1123, invariant culture; no offset means UTC.</item>
/// </list>
/// </remarks>
internal static class ValueValidator
{
    private const NumberStyles NumberStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Validates <paramref name="raw"/> against <paramref name="spec"/>.</summary>
    public static ValidatedValue Validate(ValueSpec spec, string raw)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(raw);

        var text = raw.Trim();
        if (text.Length > spec.MaxLength)
        {
            return ValidatedValue.Invalid($"value is {text.Length} characters, above max length {spec.MaxLength}");
        }

        if (spec.WholeTextPattern is { } pattern && !Matches(pattern, text))
        {
            return ValidatedValue.Invalid($"{Quote(text)} does not match pattern '{spec.Pattern}'");
        }

        return spec.Type switch
        {
            ValueKind.Number => CheckRange(spec, ReadNumber(text)),
            ValueKind.Integer => CheckRange(spec, ReadInteger(text)),
            ValueKind.Boolean => ReadBoolean(text),
            ValueKind.Timestamp => ReadTimestamp(text),
            _ => ValidatedValue.Valid(text),
        };
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // Linear-time matching over at most MaxLength characters cannot get here in practice.
            return false;
        }
    }

    private static ValidatedValue ReadNumber(string text)
    {
        if (!double.TryParse(Normalise(text), NumberStyle, CultureInfo.InvariantCulture, out var number))
        {
            return ValidatedValue.Invalid($"{Quote(text)} is not a number");
        }

        // "NaN" and "Infinity" parse, and so does an overflow such as 1e999 (as infinity).
        return double.IsFinite(number)
            ? ValidatedValue.Valid(WithoutBinaryNoise(number))
            : ValidatedValue.Invalid($"{Quote(text)} is not a finite number");
    }

    // Serialisers that print 17 significant digits turn 20.6 into 20.600000000000023. A double holds 15 decimal
    // digits exactly, so rounding to 15 gives back the number the source meant and changes no real reading.
    private static double WithoutBinaryNoise(double number) =>
        double.Parse(number.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static ValidatedValue ReadInteger(string text)
    {
        var normalised = Normalise(text);
        if (long.TryParse(normalised, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return ValidatedValue.Valid(whole);
        }

        // decimal keeps "45.0" and "4.5e1" exact, where double would round large values.
        if (decimal.TryParse(normalised, NumberStyle, CultureInfo.InvariantCulture, out var exact))
        {
            if (decimal.Truncate(exact) != exact)
            {
                return ValidatedValue.Invalid($"{Quote(text)} is not an integer");
            }

            return exact is >= long.MinValue and <= long.MaxValue
                ? ValidatedValue.Valid((long)exact)
                : ValidatedValue.Invalid($"{Quote(text)} is out of range for an integer");
        }

        return double.TryParse(normalised, NumberStyle, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? ValidatedValue.Invalid($"{Quote(text)} is out of range for an integer")
            : ValidatedValue.Invalid($"{Quote(text)} is not an integer");
    }

    private static ValidatedValue CheckRange(ValueSpec spec, ValidatedValue read)
    {
        if (!read.IsValid)
        {
            return read;
        }

        var number = read.Value is long l ? l : (double)read.Value!;
        if (number < spec.Min)
        {
            return ValidatedValue.Invalid($"{Format(read.Value)} is below min {Format(spec.Min)}");
        }

        if (number > spec.Max)
        {
            return ValidatedValue.Invalid($"{Format(read.Value)} is above max {Format(spec.Max)}");
        }

        return read;
    }

    private static ValidatedValue ReadBoolean(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "1" => ValidatedValue.Valid(true),
        "FALSE" or "NO" or "0" => ValidatedValue.Valid(false),
        _ => ValidatedValue.Invalid($"{Quote(text)} is not a boolean (true/false, yes/no, 1/0)"),
    };

    private static ValidatedValue ReadTimestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? ValidatedValue.Valid(moment)
            : ValidatedValue.Invalid($"{Quote(text)} is not a timestamp (ISO 8601 or RFC 1123)");

    // Pages write negative temperatures with U+2212 MINUS SIGN as often as with a hyphen.
    private static string Normalise(string text) => text.Replace('\u2212', '-');

    private static string Format(object? number) => Convert.ToString(number, CultureInfo.InvariantCulture) ?? "";

    // A problem is one line that is safe to print: a huge value is shown in part, and line breaks and terminal
    // controls from the page are escaped (DisplayText), as the message reaches stderr and the records.
    private static string Quote(string text)
    {
        const int Shown = 60;
        var shown = text.Length > Shown ? string.Concat(text.AsSpan(0, Shown), "…") : text;
        return "'" + DisplayText.Escape(shown) + "'";
    }
}
