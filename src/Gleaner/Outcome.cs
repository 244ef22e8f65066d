namespace Gleaner;

/// <summary>
/// How a target ended: <see cref="Ok"/> or exactly one named failure. The names are stable and
/// machine-readable (see <see cref="OutcomeNames"/>); scripts and stores key on them.
/// </summary>
public enum Outcome
{
    /// <summary>A value was fetched, extracted and validated.</summary>
    Ok,
    /// <summary>The host name did not resolve, or resolution exceeded its deadline.</summary>
    Dns,
    /// <summary>The server actively refused the TCP connection.</summary>
    ConnectRefused,
    /// <summary>The TCP connection was not established within its deadline.</summary>
    ConnectTimeout,
    /// <summary>The TLS handshake failed (certificate, protocol) or exceeded its deadline.</summary>
    Tls,
    /// <summary>The connection was reset or closed abruptly, or the server ended the HTTP/2 stream (RST_STREAM, GOAWAY).</summary>
    Reset,
    /// <summary>Response headers did not arrive within their deadline.</summary>
    HeadersTimeout,
    /// <summary>Fewer bytes than the stall guard requires arrived in one window.</summary>
    Stalled,
    /// <summary>The total deadline, from DNS to the last decoded byte, expired.</summary>
    Deadline,
    /// <summary>Headers or body exceeded a size cap.</summary>
    TooLarge,
    /// <summary>The decoded (decompressed) body exceeded its cap.</summary>
    DecompressionLimit,
    /// <summary>The peer did not speak valid HTTP, or the body was malformed (bad framing or encoding).</summary>
    Protocol,
    /// <summary>More redirects than allowed.</summary>
    TooManyRedirects,
    /// <summary>A redirect led back to a URL already visited.</summary>
    RedirectLoop,
    /// <summary>Policy refused the request: address, scheme or HTTPS→HTTP downgrade.</summary>
    Blocked,
    /// <summary>robots.txt disallows the URL.</summary>
    RobotsDenied,
    /// <summary>The server answered with a non-success status code.</summary>
    HttpStatus,
    /// <summary>The response is binary, not text.</summary>
    NotText,
    /// <summary>The body could not be decoded in its character set.</summary>
    Decode,
    /// <summary>The extraction rules matched nothing.</summary>
    NoMatch,
    /// <summary>The extracted value failed validation (type, range, pattern, length).</summary>
    InvalidValue,
    /// <summary>The caller cancelled the fetch.</summary>
    Cancelled,
    /// <summary>The document nests deeper than a parser may follow (HTML, XML or JSON).</summary>
    TooDeep,
    /// <summary>This machine ran out of something the fetch needed: file descriptors or local ports.</summary>
    LocalLimit,
    /// <summary>Gleaner itself failed on this target (a bug): the error names the exception.</summary>
    Internal,
    /// <summary>The proxy refused the request (a CONNECT answered with 403, 407 or 502; a SOCKS5 refusal): the error names the proxy and its answer.</summary>
    Proxy,
}

/// <summary>The stable wire names of <see cref="Outcome"/> values (<c>connect_refused</c>, …).</summary>
public static class OutcomeNames
{
    private static readonly string[] Names =
    [
        "ok", "dns", "connect_refused", "connect_timeout", "tls", "reset", "headers_timeout", "stalled",
        "deadline", "too_large", "decompression_limit", "protocol", "too_many_redirects", "redirect_loop",
        "blocked", "robots_denied", "http_status", "not_text", "decode", "no_match", "invalid_value", "cancelled",
        "too_deep", "local_limit", "internal", "proxy",
    ];

    /// <summary>Every outcome with its wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The wire name of <paramref name="outcome"/>, e.g. <c>headers_timeout</c>.</summary>
    public static string ToName(this Outcome outcome) => Names[(int)outcome];

    /// <summary>Parses a wire name; returns false for an unknown name.</summary>
    public static bool TryParse(string name, out Outcome outcome)
    {
        var index = Array.IndexOf(Names, name);
        outcome = index < 0 ? default : (Outcome)index;
        return index >= 0;
    }
}
