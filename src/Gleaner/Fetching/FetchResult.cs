namespace Gleaner.Fetching;

/// <summary>
/// What one fetch produced: always a value, never an exception. <see cref="Outcome"/> is
/// <see cref="Gleaner.Outcome.Ok"/> with a <see cref="Body"/>, or the one failure that ended it.
/// </summary>
public sealed record FetchResult
{
    /// <summary>The URL as requested.</summary>
    public required Uri Url { get; init; }

    /// <summary>The URL of the last hop reached (the requested one when there were no redirects).</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>Ok, or the failure that ended the fetch.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>One line saying what went wrong, for people; null when ok.</summary>
    public string? Error { get; init; }

    /// <summary>The exception behind the failure, when there was one. For diagnostics only.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The HTTP status code of the last response, when one arrived.</summary>
    public int? Status { get; init; }

    /// <summary>
    /// The HTTP version of the last response, as curl names it: <c>"2"</c> when HTTP/2 was negotiated over TLS,
    /// <c>"1.1"</c> (or <c>"1.0"</c>) otherwise; null when no response arrived.
    /// </summary>
    public string? HttpVersion { get; init; }

    /// <summary>Each URL redirected to, in order.</summary>
    public IReadOnlyList<Uri> Redirects { get; init; } = [];

    /// <summary>Where the time went.</summary>
    public PhaseTimings Timings { get; init; } = new();

    /// <summary>Body bytes as received on the wire (before content decoding).</summary>
    public long WireBytes { get; init; }

    /// <summary>Body bytes after content decoding (gzip, deflate, br).</summary>
    public long DecodedBytes { get; init; }

    /// <summary>The media type of the final response, e.g. <c>text/html</c>.</summary>
    public string? MediaType { get; init; }

    /// <summary>The character set the body was decoded with.</summary>
    public string? Charset { get; init; }

    /// <summary>True when invalid byte sequences were replaced with U+FFFD while decoding the text.</summary>
    public bool HadInvalidBytes { get; init; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// The final response's validators (ETag, Last-Modified), when it sent any. After a 304, the ones sent stand in
    /// for any it left out: the copy they describe is still current.
    /// </summary>
    public Validators? Validators { get; init; }

    /// <summary>
    /// True when the server answered a conditional request with 304 Not Modified: the outcome is ok, and there is no
    /// body, because the caller already has it.
    /// </summary>
    public bool NotModified { get; init; }

    /// <summary>The decoded text of the body; null unless the fetch succeeded.</summary>
    public string? Body { get; init; }

    /// <summary>True when the outcome is ok.</summary>
    public bool IsOk => Outcome == Outcome.Ok;
}
