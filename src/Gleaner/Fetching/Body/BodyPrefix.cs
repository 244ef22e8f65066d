using System.Buffers;
using System.Text;

namespace Gleaner.Fetching.Body;

/// <summary>
/// The body of an answer nobody reads (a POST's): read under the wire cap and the stall guard, to its end or only
/// as far as its first bytes, and discarded but for those first bytes, which a message may quote. Nothing is
/// decoded: a POST asks for no content coding, so no compression bomb unfolds here.
/// </summary>
internal static class BodyPrefix
{
    /// <summary>Bytes of the body kept for a message.</summary>
    public const int Kept = 200;

    /// <summary>
    /// Reads the body (to its end when <paramref name="toEnd"/>, else its first <see cref="Kept"/> bytes) and
    /// returns those first bytes as UTF-8 text, and whether there was (or may be) more.
    /// </summary>
    public static async Task<(string Text, bool More)> ReadAsync(HttpResponseMessage response, FetchTrace trace, bool toEnd)
    {
        var (limits, watchdog) = (trace.Limits, trace.Watchdog);
        if (toEnd && response.Content.Headers.ContentLength is { } declared && declared > limits.MaxWireBytes)
        {
            throw new FetchFailure(Outcome.TooLarge,
                $"Content-Length {declared} is over the cap of {Units.ByteSize.Format(limits.MaxWireBytes)}");
        }

        watchdog.StartBody();
        await using var wire = new WireCountingStream(await response.Content.ReadAsStreamAsync(watchdog.Token), watchdog, limits.MaxWireBytes);
        var kept = new byte[Kept];
        var length = 0;
        while (length < kept.Length)
        {
            var n = await wire.ReadAsync(kept.AsMemory(length), watchdog.Token);
            if (n == 0)
            {
                return (Encoding.UTF8.GetString(kept, 0, length), false);
            }

            length += n;
        }

        var more = true;
        if (toEnd)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(16 << 10);
            try
            {
                var first = await wire.ReadAsync(scratch, watchdog.Token);
                more = first > 0;
                while (first > 0 && await wire.ReadAsync(scratch, watchdog.Token) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        return (Encoding.UTF8.GetString(kept), more);
    }
}
