using System.Globalization;
using System.Text;

namespace Gleaner.Fetching.Addresses;

/// <summary>Quotes user input inside one-line error messages.</summary>
internal static class UrlText
{
    private const int MaxShown = 100;

    /// <summary>
    /// The text in single quotes, shortened, with control characters and line breaks written as \uXXXX so an
    /// error message stays on one line and cannot smuggle terminal escapes.
    /// </summary>
    public static string Show(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxShown) + 8).Append('\'');
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format)
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                builder.Append(c);
        }

        if (text.Length > MaxShown)
            builder.Append('…');
        return builder.Append('\'').ToString();
    }
}
