namespace Gleaner.Jobs;

/// <summary>Finds the known name a mistyped one was meant to be, by edit distance.</summary>
internal static class KeySuggester
{
    /// <summary>
    /// The known name nearest to <paramref name="unknown"/> (ignoring case; swapped neighbours count as one edit),
    /// or null when none is within half the longer name's length, at most three edits. Ties go to the earlier name.
    /// </summary>
    public static string? Nearest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            // More than three edits apart by length alone: no need to compare.
            if (Math.Abs(unknown.Length - name.Length) > 3)
            {
                continue;
            }

            var distance = Distance(unknown.ToLowerInvariant(), name.ToLowerInvariant());
            var allowed = Math.Min(3, Math.Max(unknown.Length, name.Length) / 2);
            if (distance <= allowed && distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>", did you mean 'x'?" style suffix: <c>; did you mean 'x'?</c>, or empty.</summary>
    public static string Hint(string unknown, IEnumerable<string> known) =>
        Nearest(unknown, known) is { } near ? $"; did you mean '{near}'?" : "";

    // Optimal string alignment distance: Levenshtein plus transposition of adjacent characters. Only names within
    // three characters of a known key's length get here, so the table stays tiny even for a file of odd keys.
    internal static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
