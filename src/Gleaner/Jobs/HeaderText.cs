using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// The syntax of a header given by a person: a name that is an HTTP token, a value without line breaks or control
/// characters. Messages never quote a value, since it may be a secret.
/// </summary>
/// <remarks>
/// A minimal check until the fetch side's <c>RequestHeader.Problems</c> (which also knows the names Gleaner owns,
/// such as Host and Content-Length) is on main; then this defers to it.
/// </remarks>
internal static class HeaderText
{
    /// <summary>The longest header name accepted.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest header value accepted (8 KiB, as many servers cap a whole field line).</summary>
    public const int MaxValueLength = 8192;

    /// <summary>
    /// The header <paramref name="name"/> with <paramref name="text"/> after its <c>${NAME}</c> references are
    /// filled (then it is secret); null with every problem when it cannot be sent.
    /// </summary>
    public static RequestHeader? Create(string name, string text, Func<string, string?> environment, List<string> problems)
    {
        var before = problems.Count;
        if (NameProblem(name) is { } badName)
        {
            problems.Add(badName);
        }

        problems.AddRange(EnvironmentReferences.Expand(text, environment, out var value, out var filled));
        if (problems.Count == before && ValueProblem(value) is { } badValue)
        {
            problems.Add(filled ? $"{badValue} (after filling it from the environment)" : badValue);
        }

        return problems.Count == before ? new RequestHeader(name, value) { Secret = filled } : null;
    }

    /// <summary>Why <paramref name="name"/> cannot name a header, or null when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "a header needs a name";
        }

        if (name.Length > MaxNameLength)
        {
            return $"a header name is at most {MaxNameLength} characters long";
        }

        return name.All(IsTokenChar)
            ? null
            : $"{Fetching.Addresses.UrlText.Show(name)} is not a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces or ':')";
    }

    /// <summary>Why <paramref name="value"/> cannot be sent as a header value, or null when it can; never quotes it.</summary>
    public static string? ValueProblem(string value)
    {
        if (value.Length > MaxValueLength)
        {
            return $"the value is {value.Length} characters long; the longest allowed is {MaxValueLength}";
        }

        // A line break would start a new header or end the request head: header injection.
        if (value.Any(c => c != '\t' && char.IsControl(c)))
        {
            return "the value contains a line break or another control character";
        }

        // HttpClient sends header values as ASCII; anything else would fail every fetch instead of failing here.
        return value.All(char.IsAscii) ? null : "the value contains characters outside ASCII";
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
