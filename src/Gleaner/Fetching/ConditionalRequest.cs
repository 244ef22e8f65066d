using System.Net.Http.Headers;

namespace Gleaner.Fetching;

/// <summary>
/// Conditional GET (RFC 9110 §13.1): a previous response's validators become If-None-Match and If-Modified-Since,
/// exactly as received, and a response's own are read back for the next request.
/// </summary>
internal static class ConditionalRequest
{
    /// <summary>
    /// The validators a header line can carry; a value it cannot is dropped. Null when none is left: only a request
    /// that carried one can be answered "not modified".
    /// </summary>
    public static Validators? Sendable(Validators? validators)
    {
        if (validators is null)
        {
            return null;
        }

        var sendable = new Validators(IsFieldValue(validators.ETag) ? validators.ETag : null,
            IsFieldValue(validators.LastModified) ? validators.LastModified : null);
        return sendable.IsEmpty ? null : sendable;
    }

    /// <summary>Adds a header for each of <paramref name="validators"/> (already <see cref="Sendable"/>).</summary>
    public static void Add(HttpRequestHeaders headers, Validators? validators)
    {
        // Without validation: the server compares the tag with its own, so it goes back byte for byte.
        if (validators?.ETag is { } etag)
        {
            headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (validators?.LastModified is { } lastModified)
        {
            headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }
    }

    /// <summary>The ETag and Last-Modified of <paramref name="response"/> as received; null when it has neither.</summary>
    public static Validators? Of(HttpResponseMessage response)
    {
        var etag = Single(response.Headers.NonValidated, "ETag");
        var lastModified = Single(response.Content.Headers.NonValidated, "Last-Modified");
        return etag is null && lastModified is null ? null : new Validators(etag, lastModified);
    }

    /// <summary>
    /// The validators after a 304 to <paramref name="sent"/>: what it carried, and the ones sent for any it left out,
    /// since the copy they describe is still current (a 304 need not repeat Last-Modified; RFC 9111 §4.3.4).
    /// </summary>
    public static Validators Refreshed(Validators sent, Validators? received) =>
        new(received?.ETag ?? sent.ETag, received?.LastModified ?? sent.LastModified);

    // Two values for one validator leave no way to know which the server would compare against.
    private static string? Single(HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out var values) && values.Count == 1 ? values.ToString() : null;

    // Visible ASCII with inner spaces: a CR or LF would end the header and start another of the value's making, and
    // other control or non-ASCII characters have no agreed meaning on the wire.
    private static bool IsFieldValue(string? value) =>
        value is { Length: > 0 } && value[0] != ' ' && value[^1] != ' ' && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
}
