using System.Net;

namespace Gleaner.Fetching;

/// <summary>
/// Checks on a response head that SocketsHttpHandler lets through but a careful client must refuse, because each
/// lets a server make two readers disagree about where a body ends (RFC 9112 6.1, 6.3) or which URL comes next.
/// Learned from curl's and llhttp's hostile-reply corpora. They hold for HTTP/2 as they are: there DATA frames
/// delimit the body, and a Transfer-Encoding or a conflicting Content-Length makes the response malformed
/// (RFC 9113 8.2.2, 8.1.1), which is the same refusal.
/// </summary>
internal static class ResponseChecks
{
    /// <summary>Throws a <see cref="FetchFailure"/> naming the first problem with <paramref name="response"/>'s head.</summary>
    public static void Check(HttpResponseMessage response)
    {
        if (response.Version != HttpVersion.Version11 && response.Version != HttpVersion.Version10 && response.Version != HttpVersion.Version20)
        {
            throw Protocol($"HTTP/{response.Version} is not a version Gleaner speaks (1.0, 1.1 or 2)");
        }

        if ((int)response.StatusCode < 200)
        {
            throw Protocol($"an unsolicited {(int)response.StatusCode} interim response as the final answer");
        }

        var lengths = Values(response.Content.Headers.NonValidated, "Content-Length");
        var codings = Codings(Values(response.Headers.NonValidated, "Transfer-Encoding"));

        if (codings.Count > 0)
        {
            // "identity" means nothing and a repeated chunked is read once (as curl does); anything else is a
            // coding Gleaner cannot undo, or chunked not last, and the body's end would be a guess.
            if (!codings.All(c => c.Equals("chunked", StringComparison.OrdinalIgnoreCase)))
            {
                throw Protocol($"Transfer-Encoding '{string.Join(", ", codings)}' (only chunked is accepted)");
            }

            if (lengths.Count > 0)
            {
                throw Protocol("both Transfer-Encoding and Content-Length (RFC 9112 6.3: a request-smuggling shape)");
            }
        }

        CheckContentLength(lengths);

        var locations = Values(response.Headers.NonValidated, "Location");
        if (locations.Count > 1 && locations.Distinct(StringComparer.Ordinal).Count() is var different and > 1)
        {
            throw Protocol($"{different} different Location headers");
        }
    }

    private static List<string> Codings(List<string> values) => values.Count == 0 ? Empty : values
        .SelectMany(v => v.Split(','))
        .Select(c => c.Trim())
        .Where(c => c.Length > 0 && !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
        .ToList();

    private static void CheckContentLength(List<string> lengths)
    {
        // The common case, one plain number, without splitting.
        if (lengths is [var only] && only.Length is > 0 and < 19 && only.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return;
        }

        var distinct = lengths.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            throw Protocol($"conflicting Content-Length values ({string.Join(", ", distinct)})");
        }

        if (distinct.Count == 1)
        {
            var value = distinct[0];
            if (value.Length == 0 || !value.All(char.IsAsciiDigit))
            {
                throw Protocol($"Content-Length '{value}' is not a number of bytes");
            }

            if (!long.TryParse(value, out _))
            {
                throw new FetchFailure(Outcome.TooLarge, $"Content-Length {value} is beyond any cap");
            }
        }
    }

    private static List<string> Values(System.Net.Http.Headers.HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out var values) && values.Count > 0 ? [.. values] : Empty;

    // Shared and never written: a response without the header costs no list.
    private static readonly List<string> Empty = [];

    private static FetchFailure Protocol(string problem) => new(Outcome.Protocol, problem);
}
