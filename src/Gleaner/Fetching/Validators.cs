namespace Gleaner.Fetching;

/// <summary>
/// A response's validators (RFC 9110 §8.8), kept to make the next request for the same URL conditional
/// (If-None-Match, If-Modified-Since), so an unchanged page costs a 304 and no body.
/// </summary>
/// <param name="ETag">The ETag header as sent (quotes and W/ included); null when absent.</param>
/// <param name="LastModified">The Last-Modified header as sent; null when absent.</param>
public sealed record Validators(string? ETag, string? LastModified)
{
    /// <summary>True when there is nothing to send.</summary>
    public bool IsEmpty => ETag is null && LastModified is null;
}
