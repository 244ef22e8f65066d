namespace Gleaner.Fetching.Body;

/// <summary>
/// Reads a response body under the limits: a declared Content-Length over the cap fails before reading, the wire
/// bytes feed the stall guard, and reading stops at cap + 1 decoded bytes. A fetch that truncates (robots.txt,
/// RFC 9309 §2.5: parse at least the first 500 KiB) instead keeps the first cap bytes and stops there.
/// </summary>
internal static class BodyReader
{
    public static async Task<(PooledBody Body, long WireBytes)> ReadAsync(
        HttpResponseMessage response, FetchTrace trace)
    {
        var (limits, watchdog) = (trace.Limits, trace.Watchdog);
        // Most responses have no Content-Encoding: checked without building its parsed collection.
        var codings = response.Content.Headers.NonValidated.Contains("Content-Encoding")
            ? ContentDecoding.Parse(response.Content.Headers.ContentEncoding)
            : [];
        var encoded = codings.Count > 0;
        var declared = response.Content.Headers.ContentLength;
        var truncate = trace.TruncateAtCap;
        if (!truncate && (declared > limits.MaxWireBytes || (!encoded && declared > limits.MaxBodyBytes)))
        {
            throw new FetchFailure(Outcome.TooLarge,
                $"Content-Length {declared} is over the cap of {Units.ByteSize.Format(Math.Min(limits.MaxWireBytes, limits.MaxBodyBytes))}");
        }

        watchdog.StartBody();
        var wire = new WireCountingStream(await response.Content.ReadAsStreamAsync(watchdog.Token), watchdog, limits.MaxWireBytes);
        await using var decoded = ContentDecoding.Wrap(wire, codings);
        var body = new PooledBody(encoded ? 0 : declared ?? 0, limits.MaxBodyBytes);
        try
        {
            var limit = truncate ? limits.MaxBodyBytes : limits.MaxBodyBytes + 1;
            while (true)
            {
                if (truncate && body.Length >= limit)
                {
                    return (body, wire.BytesRead);
                }

                if (body.Length >= limit)
                {
                    throw encoded
                        ? new FetchFailure(Outcome.DecompressionLimit,
                            $"the body decodes to more than {Units.ByteSize.Format(limits.MaxBodyBytes)} ({wire.BytesRead} bytes on the wire so far)")
                        : new FetchFailure(Outcome.TooLarge, $"the body is larger than {Units.ByteSize.Format(limits.MaxBodyBytes)}");
                }

                var n = await decoded.ReadAsync(body.FreeSpace(limit), watchdog.Token);
                if (n == 0)
                {
                    return (body, wire.BytesRead);
                }

                body.Advance(n);
                trace.DecodedBytes = Math.Min(body.Length, limits.MaxBodyBytes);
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
