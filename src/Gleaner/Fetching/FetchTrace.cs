namespace Gleaner.Fetching;

/// <summary>
/// Per-fetch state the HTTP handler's callbacks need: the limits, the watchdog and where connection phase
/// timings go. Travels on each request in <see cref="HttpRequestMessage.Options"/>.
/// </summary>
internal sealed class FetchTrace(FetchLimits limits, FetchWatchdog watchdog)
{
    public static readonly HttpRequestOptionsKey<FetchTrace> Key = new("Gleaner.FetchTrace");

    public FetchLimits Limits { get; } = limits;

    public FetchWatchdog Watchdog { get; } = watchdog;

    public TimeSpan Dns { get; set; }

    public TimeSpan Connect { get; set; }

    public TimeSpan Tls { get; set; }

    /// <summary>Timestamp when the last TCP connection for this fetch was established (start of TLS).</summary>
    public long ConnectedAt { get; set; }

    /// <summary>Decoded body bytes kept so far (never more than the cap).</summary>
    public long DecodedBytes { get; set; }

    /// <summary>Keep the first MaxBodyBytes of a longer body instead of failing as too_large.</summary>
    public bool TruncateAtCap { get; init; }

    /// <summary>Fires when a TLS handshake on a new connection takes too long; disarmed once it completes.</summary>
    public ITimer? TlsDeadline { get; set; }

    public static FetchTrace Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var trace)
            ? trace
            : throw new InvalidOperationException("Request sent without a fetch trace; only Fetcher sends on these handlers.");

    /// <summary>Where the fetch's time went, from its start and (0 when no body was read) its body's start, on <paramref name="time"/>.</summary>
    public PhaseTimings Timings(long started, long bodyStarted, TimeProvider time) => new()
    {
        Dns = Dns,
        Connect = Connect,
        Tls = Tls,
        Headers = Watchdog.HeadersElapsed,
        Body = bodyStarted == 0 ? TimeSpan.Zero : time.GetElapsedTime(bodyStarted),
        Total = time.GetElapsedTime(started),
    };
}
