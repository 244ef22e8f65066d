using System.Runtime.CompilerServices;
using System.Text;

namespace Gleaner.Postgres;

/// <summary>
/// Text as the watch tables keep it. PostgreSQL's <c>text</c> cannot hold U+0000 and refuses the whole statement
/// (22021), yet a fetched value may carry one (a hostile JSON <c>"\u0000"</c>). So a text that holds U+0000, or the
/// escape <see cref="Escape"/> itself, is kept escaped: U+0000 as <c>␀0</c>, <c>␀</c> as <c>␀␀</c>. Every other text,
/// which is nearly all, is kept as it is, so psql and the dashboard show it plainly; a kept text holds <c>␀</c> only
/// when it was escaped.
/// </summary>
/// <remarks>
/// Names are keys, compared and sorted by the server, so they are never escaped: a name that holds U+0000 is refused
/// (<see cref="Name"/>). A job file cannot give one: its reader refuses control characters in names.
/// </remarks>
internal static class StoredText
{
    /// <summary>U+2400 SYMBOL FOR NULL: shows where the U+0000 was, and is all but absent from real text.</summary>
    public const char Escape = '\u2400';

    private const char Nul = '\0';

    /// <summary><paramref name="text"/> as kept: the same string unless it holds U+0000 or <see cref="Escape"/>.</summary>
    public static string? Write(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny(Nul, Escape) < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                Nul => kept.Append(Escape).Append('0'),
                Escape => kept.Append(Escape).Append(Escape),
                _ => kept.Append(c),
            };
        }

        return kept.ToString();
    }

    /// <summary>
    /// The text <paramref name="kept"/> stands for. An escape followed by anything but <c>0</c> or another escape was
    /// not written by <see cref="Write"/> (someone's own row): it is read as it stands.
    /// </summary>
    public static string? Read(string? kept)
    {
        if (kept is null || !kept.Contains(Escape, StringComparison.Ordinal))
        {
            return kept;
        }

        var text = new StringBuilder(kept.Length);
        for (var i = 0; i < kept.Length; i++)
        {
            var next = i + 1 < kept.Length ? kept[i + 1] : Nul;
            if (kept[i] == Escape && next is '0' or Escape)
            {
                text.Append(next == '0' ? Nul : Escape);
                i++;
            }
            else
            {
                text.Append(kept[i]);
            }
        }

        return text.ToString();
    }

    /// <summary><paramref name="name"/>, which is kept as it is; one that holds U+0000 is refused.</summary>
    /// <param name="name">A target's, list's or silo's name.</param>
    /// <param name="what">What the name is, for the message: <c>the target name</c>.</param>
    /// <param name="parameter">The caller's argument, for the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> holds U+0000.</exception>
    public static string Name(string name, string what, [CallerArgumentExpression(nameof(name))] string? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Contains(Nul, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} '{DisplayText.Escape(name)}' holds U+0000 (NUL), which PostgreSQL cannot keep in a name", parameter);
        }

        return name;
    }
}
