using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// The outcome a careful client must produce when an llhttp response case is replayed as a whole reply followed by
/// a close. llhttp's strict verdict is the default: what it rejects must not become a value. The rows in
/// <see cref="ByLine"/> are where Gleaner's policy is knowingly different, each with its reason.
/// </summary>
internal static class LlhttpPolicy
{
    private static readonly Outcome[] OkOrProtocol = [Outcome.Ok, Outcome.Protocol];

    // Per case, by line in llhttp_cases.jsonl.
    private static readonly Dictionary<int, (Outcome[] Outcomes, string Why)> ByLine = new()
    {
        // Bare LF line endings. llhttp (strict) requires CRLF; RFC 9112 2.2 lets a recipient accept a lone LF, curl
        // and browsers do, and the curl corpus has dozens of LF-only replies curl takes as ok. Gleaner follows
        // RFC/curl: ok, with the exact body. Same policy for the lenient twins (206/208 and 233).
        [205] = ([Outcome.Ok], "LF-only line endings (RFC 9112 2.2 allows; llhttp strict rejects)"),
        [207] = ([Outcome.Ok], "LF-only line endings (RFC 9112 2.2 allows; llhttp strict rejects)"),
        [206] = ([Outcome.Ok], "LF-only line endings, lenient twin of #205"),
        [208] = ([Outcome.Ok], "LF-only line endings, lenient twin of #207"),
        [232] = ([Outcome.Ok], "LF-only line endings (RFC 9112 2.2 allows; llhttp strict rejects)"),
        [233] = ([Outcome.Ok], "LF-only line endings, lenient twin of #232"),
        // Lenient twins of strict errors: same bytes, same verdict as the strict case. Node's leniency flags are
        // opt-in for compatibility; a client that must not be fooled keeps the strict answer.
        // Bytes after a complete response on a Connection: close connection. The handler discards them with the
        // connection, so they never reach a result; the framed body is returned exactly, or the reply is refused.
        [172] = (OkOrProtocol, "data after Connection: close (after a 204)"),
        [173] = (OkOrProtocol, "data after Connection: close (lenient twin of #174)"),
        [174] = (OkOrProtocol, "data after Connection: close (after a 5-byte body)"),
        [175] = (OkOrProtocol, "data after Connection: close (lenient twin of #172)"),
        // A bare CR inside a header value: .NET's parser replaces it with SP (RFC 9110 5.5 allows it).
        [196] = (OkOrProtocol, "bare CR inside a header value"),
        // Chunk-size slack .NET's chunked reader tolerates; the framing stays unambiguous and the body exact.
        [242] = (OkOrProtocol, "spaces after the chunk size"),
        [248] = (OkOrProtocol, "an empty chunk extension ('2;')"),
        [198] = ([Outcome.Protocol], "bare CR after the status line (lenient twin of #197)"),
        [209] = ([Outcome.Protocol], "HTTP/5.6 (lenient twin of #200)"),
        // Folded Transfer-Encoding value "chunked abc": not a lone chunked coding (curl 1722/2119 policy).
        [251] = ([Outcome.Protocol], "obs-fold turns Transfer-Encoding into 'chunked abc'"),
        // llhttp also parses RTSP and ICE; for an http:// URL those are not HTTP.
        [223] = ([Outcome.Protocol], "RTSP/1.1 status line"),
        [224] = ([Outcome.Protocol], "ICE/1.1 status line"),
        // 'HTTP/0.9 200 OK' is a contradiction (0.9 had no status line); no client speaks it.
        [239] = ([Outcome.Protocol], "HTTP/0.9 status line"),
        // Transfer-Encoding other than a lone chunked (identity aside): chunked not last, or an unknown coding.
        // llhttp reads such a response to the close (RFC 9112 6.3); curl rejects it (1722, 1495, 2119), and a
        // client cannot undo an unknown transfer coding: protocol.
        [243] = ([Outcome.Protocol], "Transfer-Encoding: chunked, deflate"),
        [244] = ([Outcome.Protocol], "Transfer-Encoding: chunked then identity (chunked not last)"),
        [245] = ([Outcome.Protocol], "Transfer-Encoding: chunkedchunked (unknown coding)"),
        // An empty line before the status line. llhttp skips it; RFC 9112 2.2 asks servers (not clients) to ignore
        // it. Either answer is safe; if ok, the body must be exact.
        [241] = (OkOrProtocol, "CRLF before the status line"),
        // The same empty line, between a 100 Continue and the final 404: the 404 or a protocol error.
        [183] = ([Outcome.HttpStatus, Outcome.Protocol], "CRLF between a 100 Continue and the final status line"),
    };

    /// <summary>The rule that puts a case out of scope, or null.</summary>
    public static string? Excluded(LlhttpCase c) =>
        c.SkipBody ? "skipBody: the answer to a HEAD request, which Gleaner never sends" : null;

    public static Expectation For(LlhttpCase c)
    {
        var input = c.Input;
        var reference = ReferenceResponse.Parse(input);
        if (ByLine.TryGetValue(c.Line, out var row))
        {
            return WithBody(new Expectation(row.Outcomes, row.Why), c, reference);
        }

        if (c.ExpectedError is { } error)
        {
            // What llhttp rejects must not become a value. For a 101 the "error" is llhttp pausing on a protocol
            // switch; Gleaner never asks for one, so an unsolicited 101 is a protocol error too.
            return Expectation.Of(Outcome.Protocol, $"llhttp rejects: {error.Reason}");
        }

        var message = c.FirstFinalMessage();
        if (message is null)
        {
            return Expectation.Of(Outcome.Protocol, "no final response before the close");
        }

        if (message.Status is 301 or 302 or 303 or 307 or 308)
        {
            // Gleaner does not read the body of a redirect (a short one does not matter); it follows the Location.
            return Redirect(reference);
        }

        if (!message.Complete && !message.EndsAtClose)
        {
            // llhttp simply waits for more bytes; the replay closes, so the body ends short of its framing.
            return Expectation.Of(Outcome.Protocol, "the connection closes before the framed body is complete");
        }

        return message.Status is >= 200 and < 300
            ? WithBody(Expectation.Of(Outcome.Ok, $"{message.Status} accepted by llhttp"), c, reference)
            : Expectation.Of(Outcome.HttpStatus, $"status {message.Status}");
    }

    // Gleaner follows redirects; the tests' resolver knows no host names, so a redirect to a named host ends in dns.
    private static Expectation Redirect(ReferenceResponse? reference) =>
        reference?.Header("Location") is { Length: > 0 } location && Uri.TryCreate(location, UriKind.Absolute, out var target)
            && Uri.CheckHostName(target.Host) == UriHostNameType.Dns
            ? Expectation.Of(Outcome.Dns, $"redirect to {target.Host}, which the test resolver does not know")
            : Expectation.Of(Outcome.Protocol, "redirect without a usable Location");

    private static Expectation WithBody(Expectation expectation, LlhttpCase c, ReferenceResponse? reference)
    {
        if (!expectation.Outcomes.Contains(Outcome.Ok))
        {
            return expectation;
        }

        // Where llhttp (strict) stopped with an error, its log holds no body: take it from the lenient reading.
        var body = c.ExpectedError is null ? c.FirstFinalMessage()?.Body.ToArray() ?? [] : reference?.Body ?? [];
        var mediaType = reference?.MediaType;
        if (MediaTypes.IsDeclaredBinary(mediaType) || (MediaTypes.NeedsSniffing(mediaType) && MediaTypes.LooksBinary(body)))
        {
            return new Expectation([Outcome.NotText], expectation.Rule + ", but binary: Gleaner extracts from text only");
        }

        return expectation with { Body = body, Charset = reference?.Charset };
    }
}
