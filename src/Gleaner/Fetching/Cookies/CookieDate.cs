namespace Gleaner.Fetching.Cookies;

/// <summary>
/// The Expires attribute's date, read as RFC 6265 §5.1.1 tells a user agent to: token by token, lenient about
/// order and punctuation (servers send every date format there is), strict about ranges.
/// </summary>
internal static class CookieDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The date in <paramref name="text"/>, in UTC; false when it lacks a part or a part is out of range.</summary>
    public static bool TryParse(string text, out DateTimeOffset date)
    {
        date = default;
        int? hour = null, minute = null, second = null, day = null, month = null, year = null;
        foreach (var token in Tokens(text))
        {
            if (hour is null && TryTime(token, out var h, out var m, out var s))
            {
                (hour, minute, second) = (h, m, s);
            }
            else if (day is null && TryDigits(token, 1, 2, out var d))
            {
                day = d;
            }
            else if (month is null && MonthOf(token) is { } mo)
            {
                month = mo;
            }
            else if (year is null && TryDigits(token, 2, 4, out var y))
            {
                year = y;
            }
        }

        if (hour is null || day is null || month is null || year is null)
        {
            return false;
        }

        var fullYear = year.Value switch
        {
            >= 70 and <= 99 => year.Value + 1900,
            >= 0 and <= 69 => year.Value + 2000,
            _ => year.Value,
        };
        if (day is < 1 or > 31 || fullYear < 1601 || hour > 23 || minute > 59 || second > 59
            || day > DateTime.DaysInMonth(fullYear, month.Value))
        {
            return false;
        }

        date = new DateTimeOffset(fullYear, month.Value, day.Value, hour.Value, minute!.Value, second!.Value, TimeSpan.Zero);
        return true;
    }

    // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
    private static bool IsDelimiter(char c) =>
        c == '\t' || c is >= ' ' and <= '/' || c is >= ';' and <= '@' || c is >= '[' and <= '`' || c is >= '{' and <= '~';

    private static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var ends = i == text.Length || IsDelimiter(text[i]);
            if (ends && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
            else if (!ends && start < 0)
            {
                start = i;
            }
        }
    }

    // min to max digits, then anything that does not start with a digit
    private static bool TryDigits(string token, int min, int max, out int value)
    {
        value = 0;
        var count = 0;
        while (count < token.Length && char.IsAsciiDigit(token[count]))
        {
            count++;
        }

        if (count < min || count > max)
        {
            return false;
        }

        value = int.Parse(token.AsSpan(0, count), System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    // hms-time = 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then anything that does not start with a digit
    private static bool TryTime(string token, out int hour, out int minute, out int second)
    {
        (hour, minute, second) = (0, 0, 0);
        var parts = token.Split(':', 3);
        if (parts.Length != 3 || !IsField(parts[0]) || !IsField(parts[1]) || !TryDigits(parts[2], 1, 2, out second))
        {
            return false;
        }

        hour = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        minute = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return true;

        static bool IsField(string field) => field.Length is 1 or 2 && field.All(char.IsAsciiDigit);
    }

    private static int? MonthOf(string token)
    {
        if (token.Length < 3)
        {
            return null;
        }

        var index = Array.IndexOf(Months, token[..3].ToLowerInvariant());
        return index < 0 ? null : index + 1;
    }
}
