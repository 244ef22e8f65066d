using System.Collections.Concurrent;
using System.Net;

namespace Gleaner.Fetching;

/// <summary>
/// A DNS cache for a run: one lookup per host at a time (concurrent callers share it), answers kept for at most
/// <see cref="Ttl"/> and failures for <see cref="NegativeTtl"/>. The system resolver does not expose record TTLs, so
/// the bound is the TTL: a short one keeps a run honest about DNS changes while sparing the resolver.
/// Plug it into <see cref="FetcherOptions.Resolve"/>.
/// </summary>
public sealed class CachingResolver(
    Func<string, CancellationToken, Task<IPAddress[]>>? inner = null, TimeProvider? time = null, TimeSpan? ttl = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _inner = inner ?? Dns.GetHostAddressesAsync;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long an answer is reused. Default 60 s.</summary>
    public TimeSpan Ttl { get; } = ttl ?? TimeSpan.FromSeconds(60);

    /// <summary>How long a failed lookup is remembered. 5 s.</summary>
    public TimeSpan NegativeTtl { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Resolves <paramref name="host"/>, from the cache when a fresh answer is there.</summary>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            host,
            h => new Entry(Lookup(h), now),
            (h, old) => old.IsFresh(now, this) ? old : new Entry(Lookup(h), now));
        return entry.Addresses.WaitAsync(cancellationToken);
    }

    // The lookup runs without the first caller's token: others may be waiting for it. Each caller's own wait is
    // bounded by its token (WaitAsync above), and the fetcher's DNS deadline is such a token.
    private Task<IPAddress[]> Lookup(string host) => _inner(host, CancellationToken.None);

    private sealed record Entry(Task<IPAddress[]> Addresses, DateTimeOffset At)
    {
        public bool IsFresh(DateTimeOffset now, CachingResolver owner)
        {
            if (!Addresses.IsCompleted)
            {
                return true;
            }

            var ttl = Addresses.IsCompletedSuccessfully ? owner.Ttl : owner.NegativeTtl;
            return now - At < ttl;
        }
    }

    /// <summary>The number of hosts cached (for diagnostics and tests).</summary>
    public int Count => _entries.Count;
}
