using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Gleaner.Extraction.Json;

/// <summary>
/// Runs I-Regexp patterns for <c>match</c> and <c>search</c>. Patterns are translated once and cached; they run
/// on the non-backtracking engine with a timeout, so a hostile pattern in a document cannot stall a crawl.
/// An invalid pattern, or one that times out, does not match.
/// </summary>
internal static class IRegexpMatcher
{
    private const int MaxCachedPatterns = 512;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentDictionary<(string Pattern, bool WholeString), Regex?> Cache = new();

    public static bool IsMatch(string pattern, string input, bool wholeString)
    {
        var regex = Get(pattern, wholeString);
        if (regex is null)
            return false;
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex? Get(string pattern, bool wholeString)
    {
        if (Cache.TryGetValue((pattern, wholeString), out var cached))
            return cached;
        if (Cache.Count >= MaxCachedPatterns)
            Cache.Clear();
        return Cache.GetOrAdd((pattern, wholeString), static key => Compile(key.Pattern, key.WholeString));
    }

    private static Regex? Compile(string pattern, bool wholeString)
    {
        var translated = IRegexpTranslator.Translate(pattern);
        if (translated is null)
            return null;
        try
        {
            return new Regex(
                wholeString ? $@"\A(?:{translated})\z" : translated,
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
                MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or OutOfMemoryException)
        {
            // Valid I-Regexp that the engine cannot build, such as a very large repetition count; for one like
            // "[gG]{2147483647}A" the runtime's prefix analysis asks for an array that long and fails to allocate it.
            return null;
        }
    }
}
