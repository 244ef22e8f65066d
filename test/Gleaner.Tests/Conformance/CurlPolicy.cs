using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// The outcome a careful client must produce for each replayed curl case: first the per-case rows (where the case
/// needs a reason of its own), then one row per curl error. A malformed reply gives a named failure, never a value.
/// </summary>
internal static class CurlPolicy
{
    private static readonly Outcome[] OkOrProtocol = [Outcome.Ok, Outcome.Protocol];

    // Per curl error: what the same verdict means for Gleaner.
    private static readonly Dictionary<string, Expectation> ByCurlError = new()
    {
        // Bad status line, a NUL or stray CR in a header, a header without a colon, a bad or contradictory
        // Content-Length, two different Locations, only a 100 Continue: not HTTP as a client may read it.
        ["CURLE_WEIRD_SERVER_REPLY"] = Expectation.Of(Outcome.Protocol, "weird server reply: malformed HTTP"),
        // The server closed the connection without a byte of response.
        ["CURLE_GOT_NOTHING"] = Expectation.Of(Outcome.Protocol, "empty reply: the connection closed before any response"),
        // The connection closed before the body the headers promised (Content-Length or chunked) was complete.
        ["CURLE_PARTIAL_FILE"] = Expectation.Of(Outcome.Protocol, "partial body: the framing promised more than arrived"),
        // curl's receive errors in this corpus are broken chunked framing (bad or overflowing chunk sizes).
        ["CURLE_RECV_ERROR"] = Expectation.Of(Outcome.Protocol, "broken chunked framing"),
        // A corrupt or unknown content coding, or a transfer coding that is not chunked-last.
        ["CURLE_BAD_CONTENT_ENCODING"] = Expectation.Of(Outcome.Protocol, "bad content or transfer coding"),
        // HTTP/1.2, a status code that is not three digits, an HTTP/0.9 reply: not a version a client speaks.
        ["CURLE_UNSUPPORTED_PROTOCOL"] = Expectation.Of(Outcome.Protocol, "unsupported HTTP version or status line"),
        // Too many header fields or one header over the size cap.
        ["CURLE_TOO_LARGE"] = Expectation.Of(Outcome.TooLarge, "headers over the size or count cap"),
        // A 4xx/5xx, which curl fails on with --fail; Gleaner always does.
        ["CURLE_HTTP_RETURNED_ERROR"] = Expectation.Of(Outcome.HttpStatus, "error status"),
        // The server holds the body open past curl's -m; here past the total deadline.
        ["CURLE_OPERATION_TIMEDOUT"] = Expectation.Of(Outcome.Deadline, "the body never ends: total deadline"),
    };

    // Per case: where the case needs its own reason. Checked before the per-error rows.
    private static readonly Dictionary<int, Expectation> ByCase = new()
    {
        // curl returns the body of a header-less reply only because the command says --http0.9. Gleaner never opts
        // into HTTP/0.9: bytes without a status line are not an HTTP response.
        [66] = Expectation.Of(Outcome.Protocol, "HTTP/0.9 reply (curl needs --http0.9 to accept it)"),
        [1266] = Expectation.Of(Outcome.Protocol, "one-byte HTTP/0.9 reply (curl needs --http0.9 to accept it)"),
        [1267] = Expectation.Of(Outcome.Protocol, "'HTTPr' is no status line (curl needs --http0.9 to accept it)"),
        // A 302 whose Location is blank: curl -L shows the 302 and stops. A client that follows redirects has
        // nowhere to go, and the 302 body is not the page: a malformed redirect.
        [54] = Expectation.Of(Outcome.Protocol, "redirect with a blank Location"),
        // Both Transfer-Encoding: chunked and Content-Length. curl lets chunked win; RFC 9112 6.3 says such a message
        // "ought to be handled as an error" (request smuggling, response splitting) and llhttp rejects it: so do we.
        [365] = Expectation.Of(Outcome.Protocol, "Transfer-Encoding and Content-Length together"),
        // The first header line starts with whitespace. RFC 9112 2.2: a recipient MUST either reject the message or
        // ignore such lines; curl ignores it. Either is correct, and if ok, the body must be exact.
        [1473] = new(OkOrProtocol, "whitespace before the first header (RFC 9112 2.2: reject or ignore the line)"),
        // Content-Length 36893488147419103232 (2^65) against --max-filesize: over any cap (too_large), or a number no
        // client can hold (protocol). Both are named failures; a value is not.
        [393] = new([Outcome.TooLarge, Outcome.Protocol], "Content-Length of 2^65"),
        // zstd, which Gleaner does not offer in Accept-Encoding (curl --compressed does): an unrequested coding it
        // cannot undo, so never the compressed bytes as text.
        [396] = Expectation.Of(Outcome.Protocol, "unrequested zstd content coding"),
        [397] = Expectation.Of(Outcome.Protocol, "unrequested zstd content coding"),
        // Two concatenated gzip members. RFC 1952 allows members in sequence and a decoder should read them all;
        // curl refuses only because it does not implement them (exit 23).
        [2305] = new([Outcome.Ok], "multi-member gzip (RFC 1952 2.2)") { Body = "Hello, World!\n"u8.ToArray() },
        // Receive errors that are about size: 1,750 and 1,700 long header lines (~200 KiB) exceed the 64 KiB cap.
        [497] = Expectation.Of(Outcome.TooLarge, "response headers over the 64 KiB cap"),
        [498] = Expectation.Of(Outcome.TooLarge, "response headers over the 64 KiB cap (on a redirect)"),
        // Bytes inside header fields that .NET's parser replaces with a space before anyone sees them (RFC 9110 5.5
        // lets a recipient do so). No header value Gleaner uses is affected; the body is still compared exactly.
        [2105] = new(OkOrProtocol, "bare CR inside a header value (replaced with SP by the handler)"),
        [2106] = new(OkOrProtocol, "NUL inside a chunked trailer field (trailers are never used)"),
    };

    /// <summary>The expectation for a selected case, or the rule that puts it out after all.</summary>
    public static (Expectation? Expectation, string? Excluded) For(CurlIndexRow row, CurlTestFile file, CurlOptions options)
    {
        if (ByCase.TryGetValue(row.Number, out var own))
        {
            return own.Outcomes.Contains(Outcome.Ok) && own.Body is null ? (WithBody(own, file, options), null) : (own, null);
        }

        return row.ExpectedCurlError switch
        {
            "CURLE_OK" => Success(file, options),
            // --max-filesize against the decoded body: too_large, or decompression_limit when it is encoded.
            "CURLE_FILESIZE_EXCEEDED" => (Final(file, options).Response?.IsEncoded == true
                ? Expectation.Of(Outcome.DecompressionLimit, "decoded body over --max-filesize")
                : Expectation.Of(Outcome.TooLarge, "body over --max-filesize"), null),
            // Redirects without end: a URL seen before is a loop, otherwise the hop count runs out first.
            "CURLE_TOO_MANY_REDIRECTS" => (Final(file, options).Loop
                ? Expectation.Of(Outcome.RedirectLoop, "redirect back to a URL already visited")
                : Expectation.Of(Outcome.TooManyRedirects, "more redirects than --max-redirs"), null),
            var error when ByCurlError.TryGetValue(error, out var byError) => (byError, null),
            var error => (null, $"no policy row for {error}"),
        };
    }

    private static (Expectation?, string?) Success(CurlTestFile file, CurlOptions options)
    {
        var final = Final(file, options);
        if (final.Excluded is not null)
        {
            return (null, final.Excluded);
        }

        if (final.Loop)
        {
            // Gleaner never requests a URL twice in one fetch (by design: a server that answers differently each time
            // must not hold a client in a loop); curl's test server bounces to another reply part instead.
            return (Expectation.Of(Outcome.RedirectLoop, "redirect back to a URL already visited"), null);
        }

        var response = final.Response ?? throw new InvalidOperationException("curl says ok but the reply has no status line");
        if (response.Status is < 200 or >= 300)
        {
            // curl outputs a 4xx/5xx (or another non-2xx) as data; Gleaner reports the status.
            return (Expectation.Of(Outcome.HttpStatus, $"final status {response.Status}"), null);
        }

        return (WithBody(new([Outcome.Ok], $"{response.Status} with a well-formed body"), file, options), null);
    }

    // Adds the exact body to an ok expectation, or turns it into not_text when Gleaner's text rules say binary.
    private static Expectation WithBody(Expectation expectation, CurlTestFile file, CurlOptions options)
    {
        var response = Final(file, options).Response;
        if (response is null)
        {
            return expectation;
        }

        var body = response.IsEncoded ? DecodedBodyFromDatacheck(file) : response.Body;
        if (body is not null && (MediaTypes.IsDeclaredBinary(response.MediaType)
            || (MediaTypes.NeedsSniffing(response.MediaType) && MediaTypes.LooksBinary(body))))
        {
            return new Expectation([Outcome.NotText], expectation.Rule + ", but binary: Gleaner extracts from text only");
        }

        return body is null
            ? expectation with { Rule = expectation.Rule + "; body not compared: the case takes it from a file outside the fixtures" }
            : expectation with { Body = body, Charset = response.Charset };
    }

    // The body curl delivered after decoding: <datacheck> after its last header block. Null when the case takes it
    // from a file that is not in the fixtures (%includetext).
    private static byte[]? DecodedBodyFromDatacheck(CurlTestFile file)
    {
        var check = file.Section("reply/datacheck");
        if (check is null || check.Unresolved)
        {
            return null;
        }

        var text = check.Text;
        var start = text.StartsWith("HTTP/", StringComparison.Ordinal) ? 0 : -1;
        for (var i = text.IndexOf("\nHTTP/", StringComparison.Ordinal); i >= 0; i = text.IndexOf("\nHTTP/", i + 1, StringComparison.Ordinal))
        {
            start = i + 1;
        }

        if (start < 0)
        {
            return check.Bytes;
        }

        var crlf = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal);
        var lf = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        var end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
        return end < 0 ? null : System.Text.Encoding.Latin1.GetBytes(text[end..]);
    }

    private sealed record Chain(ReferenceResponse? Response, bool Loop, string? Excluded);

    // Walks the redirects as sws would serve them, from the reply bytes alone.
    private static Chain Final(CurlTestFile file, CurlOptions options)
    {
        var replay = new CurlReplay(file);
        var url = new Uri(options.Url);
        var visited = new HashSet<Uri> { url };
        for (var hop = 0; hop <= 50; hop++)
        {
            var response = ReferenceResponse.Parse(replay.ReplyFor(url.PathAndQuery).Bytes);
            if (response is null || response.Status is not (301 or 302 or 303 or 307 or 308))
            {
                return new(response, false, null);
            }

            if (!options.Follow)
            {
                return new(response, false, "curl stops at the redirect (no -L) and shows it; Gleaner always follows");
            }

            if (string.IsNullOrWhiteSpace(response.Header("Location")) || !Uri.TryCreate(url, response.Header("Location"), out var next))
            {
                return new(response, false, null);
            }

            next = new UriBuilder(next) { Fragment = "" }.Uri;
            if (!visited.Add(next))
            {
                return new(response, true, null);
            }

            url = next;
        }

        return new(null, false, null);
    }
}
