using System.Collections.Concurrent;
using System.Net;

namespace Gleaner.Fetching;

/// <summary>
/// A DNS cache for a run: one lookup per host at a time (concurrent callers share it), answers kept for at most
/// <see cref="Ttl"/> and failures for <see cref="NegativeTtl"/>, and at most <see cref="Capacity"/> hosts (the oldest
/// answers go first), so a crawl of many hosts holds a bounded cache. The system resolver does not expose record
/// TTLs, so the bound is the TTL: a short one keeps a run honest about DNS changes while sparing the resolver.
/// Plug it into <see cref="FetcherOptions.Resolve"/>.
/// </summary>
public sealed class CachingResolver(
    Func<string, CancellationToken, Task<IPAddress[]>>? inner = null, TimeProvider? time = null, TimeSpan? ttl = null, int capacity = 10_000)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _inner = inner ?? Dns.GetHostAddressesAsync;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private int _trimming;

    /// <summary>How long an answer is reused. Default 60 s.</summary>
    public TimeSpan Ttl { get; } = ttl ?? TimeSpan.FromSeconds(60);

    /// <summary>How long a failed lookup is remembered. 5 s.</summary>
    public TimeSpan NegativeTtl { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Hosts kept at most; past it the oldest answers are dropped until half remain. Default 10,000.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capacity must be at least 1");

    /// <summary>Resolves <paramref name="host"/>, from the cache when a fresh answer is there.</summary>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // The dictionary may build more than one entry in a race, but it keeps one, and only the kept entry's
        // lookup is ever started (Lazy): one lookup per host at a time, as promised.
        var entry = _entries.AddOrUpdate(
            host,
            (h, self) => new Entry(new Lazy<Task<IPAddress[]>>(() => self.Lookup(h)), now),
            (h, old, self) => old.IsFresh(now, self) ? old : new Entry(new Lazy<Task<IPAddress[]>>(() => self.Lookup(h)), now),
            this);
        if (_entries.Count > Capacity)
        {
            Trim();
        }

        return entry.Addresses.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The number of hosts cached (for diagnostics and tests).</summary>
    public int Count => _entries.Count;

    // The lookup runs without the first caller's token: others may be waiting for it. Each caller's own wait is
    // bounded by its token (WaitAsync above), and the fetcher's DNS deadline is such a token.
    private Task<IPAddress[]> Lookup(string host) => _inner(host, CancellationToken.None);

    private void Trim()
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            var oldestFirst = _entries.ToArray().OrderBy(e => e.Value.At).ToList();
            foreach (var (host, entry) in oldestFirst.Take(Math.Max(0, oldestFirst.Count - (Capacity / 2))))
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(host, entry));
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private sealed record Entry(Lazy<Task<IPAddress[]>> Addresses, DateTimeOffset At)
    {
        public bool IsFresh(DateTimeOffset now, CachingResolver owner)
        {
            if (!Addresses.IsValueCreated || !Addresses.Value.IsCompleted)
            {
                return true;
            }

            var ttl = Addresses.Value.IsCompletedSuccessfully ? owner.Ttl : owner.NegativeTtl;
            return now - At < ttl;
        }
    }
}
