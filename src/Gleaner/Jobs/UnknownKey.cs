namespace Gleaner.Jobs;

/// <summary>The message for a key the schema does not know, with the nearest known key or the list of them.</summary>
internal static class UnknownKey
{
    /// <summary><c>unknown key 'timout' in target 'nyc'; did you mean 'timeout'?</c></summary>
    public static string Message(string key, string where, IEnumerable<string> known)
    {
        var shown = Fetching.Addresses.UrlText.Show(key);
        return KeySuggester.Nearest(key, known) is { } near
            ? $"unknown key {shown} {where}; did you mean '{near}'?"
            : $"unknown key {shown} {where} (known keys: {string.Join(", ", known)})";
    }
}
