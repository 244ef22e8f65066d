namespace Gleaner.Fetching;

/// <summary>
/// An HTTP/2 error code (RFC 9113 section 7), from a RST_STREAM or GOAWAY the server sent or from a violation the
/// handler found, as the existing failure names: no new name is needed, because each code says either that the
/// server gave up on the request (reset), that one side broke the protocol (protocol), or that TLS was not good
/// enough for HTTP/2 (tls).
/// </summary>
internal static class Http2Errors
{
    // Indexed by code, as RFC 9113 section 7 names them.
    private static readonly string[] Names =
    [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    ];

    /// <summary>The failure behind <paramref name="error"/>; <paramref name="exception"/> is the whole exception, kept for diagnostics.</summary>
    public static FetchFailure Classify(HttpProtocolException error, Exception exception)
    {
        var code = error.ErrorCode;
        var name = code >= 0 && code < Names.Length ? Names[code] : $"error code 0x{code:x}";
        return code switch
        {
            // The server ended the stream or the whole connection (GOAWAY) for reasons of its own: shutting down,
            // overloaded, asking clients to slow down. Like a reset TCP connection, another attempt may succeed.
            0x0 or 0x2 or 0x7 or 0x8 or 0xa or 0xb => new(Outcome.Reset, $"the server ended the HTTP/2 stream ({name})", exception),
            0xc => new(Outcome.Tls, $"TLS failed: the server finds the TLS connection inadequate for HTTP/2 ({name})", exception),
            // Malformed frames, a broken flow-control window, a corrupt header block, or a code RFC 9113 does not know.
            _ => new(Outcome.Protocol, $"not a valid HTTP/2 exchange ({name})", exception),
        };
    }
}
