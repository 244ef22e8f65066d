using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Gleaner.Fetching.Addresses;
using Gleaner.Fetching.Body;
using Gleaner.Fetching.Connections;
using Gleaner.Fetching.Text;

namespace Gleaner.Fetching;

/// <summary>
/// Fetches one URL under <see cref="FetchLimits"/> and always returns a <see cref="FetchResult"/>. Thread-safe;
/// share one instance so connections are pooled. Throws only for misuse, and lets
/// <see cref="OperationCanceledException"/> out only when the caller's own token fired.
/// </summary>
public sealed partial class Fetcher : IDisposable
{
    private readonly FetcherOptions _options;
    // One pool per address permission with the default connection settings (nearly every fetch), and one per
    // permission and other settings, made when first asked for: a target's settings never reach another's connections.
    private readonly Dictionary<AddressPermission, HttpMessageInvoker> _invokers;
    private readonly ConcurrentDictionary<(AddressPermission, ConnectionSettings), Lazy<HttpMessageInvoker>> _otherInvokers = new();
    private readonly ConnectionRegistry _connections;
    // The last limits found valid: targets share one instance, so most fetches skip validating it again.
    private FetchLimits? _lastValid;

    /// <summary>Creates a fetcher with its own connection pools.</summary>
    public Fetcher(FetcherOptions? options = null)
    {
        _options = options ?? new FetcherOptions();
        // Validated once here, so each request can add it without parsing it again.
        if (!new HttpRequestMessage().Headers.UserAgent.TryParseAdd(_options.UserAgent))
        {
            throw new ArgumentException($"'{_options.UserAgent}' is not a valid User-Agent", nameof(options));
        }

        if (_options.MaxIdleConnections < 0)
        {
            throw new ArgumentException($"MaxIdleConnections must be 0 or more, not {_options.MaxIdleConnections}", nameof(options));
        }

        if (_options.MaxConnections is < 1)
        {
            throw new ArgumentException($"MaxConnections must be 1 or more, not {_options.MaxConnections}", nameof(options));
        }

        _connections = new ConnectionRegistry(
            _options.MaxIdleConnections, _options.MaxConnections ?? DescriptorLimit.SocketBudget(DescriptorLimit.Soft()));
        _invokers = Enum.GetValues<AddressPermission>().ToDictionary(p => p, p => new HttpMessageInvoker(CreateHandler(p, ConnectionSettings.Default)));
    }

    /// <summary>Fetches <paramref name="url"/> (absolute http or https) under <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http or https, or a limit is out of its range (every such limit is named).</exception>
    public Task<FetchResult> FetchAsync(Uri url, FetchLimits? limits = null, CancellationToken cancellationToken = default) =>
        FetchAsync(new FetchRequest { Url = url, Limits = limits ?? FetchLimits.Default }, redirectCheck: null, truncateAtCap: false, conditional: null, cancellationToken);

    /// <summary>Fetches <paramref name="request"/>: its URL, under its limits, with its headers and connection settings.</summary>
    /// <exception cref="ArgumentException">
    /// The URL is not absolute http or https, a limit is out of its range, or a header cannot be sent (every such
    /// limit and every one of <see cref="RequestHeader.Problems"/> is named).
    /// </exception>
    /// <remarks>The token is not optional: the analyzers allow one overload with optional parameters, and the URL's came first.</remarks>
    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken) =>
        FetchAsync(request, redirectCheck: null, truncateAtCap: false, conditional: null, cancellationToken);

    /// <summary>
    /// As the public overloads; <paramref name="redirectCheck"/> is asked before each hop to another origin;
    /// <paramref name="truncateAtCap"/> keeps the first <see cref="FetchLimits.MaxBodyBytes"/> of a longer body;
    /// <paramref name="conditional"/>, validators from an earlier response of the request's URL, makes the
    /// request to that URL conditional (never a hop it redirects to), and a 304 to it ends the fetch as
    /// ok and <see cref="FetchResult.NotModified"/>, with no body.
    /// </summary>
    internal async Task<FetchResult> FetchAsync(
        FetchRequest request, RedirectCheck? redirectCheck, bool truncateAtCap, Validators? conditional, CancellationToken cancellationToken) =>
        (await FetchCoreAsync(request, textOf: null, redirectCheck, truncateAtCap, conditional, cancellationToken)).Result;

    /// <summary>
    /// A run's fetch: as <see cref="FetchAsync(FetchRequest, CancellationToken)"/>, but the page never becomes a
    /// string. <paramref name="textOf"/> (the extraction chain's first step) takes what it needs from the page's
    /// decoded characters where they lie, and that travels beside the result, whose <see cref="FetchResult.Body"/>
    /// stays null. <paramref name="conditional"/> as in
    /// <see cref="FetchAsync(FetchRequest, RedirectCheck?, bool, Validators?, CancellationToken)"/>.
    /// </summary>
    internal Task<PreparedFetch> FetchPreparedAsync(
        FetchRequest request, TextOf textOf, RedirectCheck? redirectCheck, Validators? conditional, CancellationToken cancellationToken) =>
        FetchCoreAsync(request, textOf, redirectCheck, truncateAtCap: false, conditional, cancellationToken);

    private async Task<PreparedFetch> FetchCoreAsync(
        FetchRequest request, TextOf? textOf, RedirectCheck? redirectCheck, bool truncateAtCap, Validators? conditional,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.Url;
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(request.Headers);
        ArgumentNullException.ThrowIfNull(request.Connection);
        // Checked on every fetch, not remembered: a caller's list may change between two. No header, no work.
        RequestHeader.ThrowIfUnsendable(request.Headers, nameof(request));
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL", nameof(request));
        }

        var limits = request.Limits ?? throw new ArgumentException("the request has no limits", nameof(request));
        if (!ReferenceEquals(limits, Volatile.Read(ref _lastValid)))
        {
            Volatile.Write(ref _lastValid, limits.Validate());
        }

        var time = _options.Time;
        var started = time.GetTimestamp();
        var counted = FetchMetrics.Started();
        using var activity = FetchMetrics.StartActivity(url);
        using var watchdog = new FetchWatchdog(time, limits, cancellationToken);
        var trace = new FetchTrace(limits, watchdog) { TruncateAtCap = truncateAtCap };
        var current = url;
        List<Uri>? redirects = null;
        HttpResponseMessage? response = null;
        // The endpoint of the hop in progress is in use until its response is disposed: its connections stay open.
        ConnectionRegistry.Lease? lease = null;
        long bodyStarted = 0;
        int? status = null;
        string? httpVersion = null;
        TimeSpan? retryAfter = null;
        string? mediaType = null;
        Validators? validators = null;
        var notModified = false;
        conditional = ConditionalRequest.Sendable(conditional);
        try
        {
            while (true)
            {
                lease = _connections.Use(ConnectionRegistry.KeyOf(current));
                // The validators are the named URL's: a hop it redirects to is another resource, asked unconditionally.
                response = await SendAsync(request, current, redirects is null ? conditional : null, trace);
                httpVersion = ProtocolVersions.Name(response.Version);
                if (!RedirectRules.IsRedirect(response.StatusCode))
                {
                    break;
                }

                redirects ??= [];
                var visited = redirects.Prepend(url).ToList();
                var next = RedirectRules.Next(current, response.Headers.Location, visited, redirects.Count, limits.MaxRedirects);
                response.Dispose();
                response = null;
                lease.Dispose();
                lease = null;
                redirects.Add(next);
                var previous = current;
                current = next;
                if (redirectCheck is not null && !SameOrigin(previous, next) && await redirectCheck(next, watchdog.Token) is { } refused)
                {
                    throw refused;
                }
            }

            status = (int)response.StatusCode;
            retryAfter = RetryAfter(response.Headers.RetryAfter, time);
            var contentType = response.Content.Headers.ContentType;
            mediaType = contentType?.MediaType?.ToLowerInvariant();
            if (response.StatusCode == HttpStatusCode.NotModified && conditional is not null && redirects is null)
            {
                validators = ConditionalRequest.Refreshed(conditional, ConditionalRequest.Of(response));
                notModified = true;
                return Finish(Outcome.Ok, null, null, watchdog.Bytes, 0, text: null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FetchFailure(Outcome.HttpStatus, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            if (MediaTypes.IsDeclaredBinary(mediaType))
            {
                throw new FetchFailure(Outcome.NotText, $"the response is {mediaType}, not text");
            }

            validators = ConditionalRequest.Of(response);
            bodyStarted = time.GetTimestamp();
            var (body, wireBytes) = await BodyReader.ReadAsync(response, trace);
            using (body)
            {
                if (MediaTypes.NeedsSniffing(mediaType) && MediaTypes.LooksBinary(body.Span))
                {
                    throw new FetchFailure(Outcome.NotText, $"the response ({mediaType ?? "no content type"}) holds binary data, not text");
                }

                var text = TextDecoder.Decode(body.Span, contentType?.CharSet, textOf);
                return Finish(Outcome.Ok, null, null, wireBytes, body.Length, text);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested && watchdog.Reason is null))
        {
            var failure = FailureClassifier.Classify(e, watchdog);
            var hop = redirects is { Count: > 0 } && failure.Outcome == Outcome.Blocked && !failure.Message.StartsWith("redirect", StringComparison.Ordinal)
                ? $"redirect to {current}: "
                : "";
            return Finish(failure.Outcome, hop + failure.Message, failure.InnerException ?? (e is FetchFailure ? null : e),
                watchdog.Bytes, trace.DecodedBytes, text: null);
        }
        finally
        {
            response?.Dispose();
            lease?.Dispose();
            trace.TlsDeadline?.Dispose();
            FetchMetrics.Ended(counted);
        }

        // The result is made once, here, from what the fetch got to, and recorded once.
        PreparedFetch Finish(Outcome outcome, string? error, Exception? exception, long wireBytes, long decodedBytes, DecodedText? text)
        {
            var prepared = Made(outcome, error, exception, wireBytes, decodedBytes, text);
            FetchMetrics.Record(prepared.Result, activity);
            return prepared;
        }

        PreparedFetch Made(Outcome outcome, string? error, Exception? exception, long wireBytes, long decodedBytes, DecodedText? text) => new(new()
        {
            Url = url,
            FinalUrl = current,
            Outcome = outcome,
            Error = error,
            Exception = exception,
            Status = status,
            HttpVersion = httpVersion,
            RetryAfter = retryAfter,
            Validators = validators,
            NotModified = notModified,
            MediaType = mediaType,
            WireBytes = wireBytes,
            DecodedBytes = decodedBytes,
            Charset = text?.Charset,
            HadInvalidBytes = text?.HadInvalidBytes ?? false,
            Body = textOf is null ? text?.Text : null,
            Redirects = (IReadOnlyList<Uri>?)redirects ?? [],
            Timings = trace.Timings(started, bodyStarted, time),
        }, textOf is null ? null : text?.Text);
    }

    private async Task<HttpResponseMessage> SendAsync(FetchRequest request, Uri current, Validators? conditional, FetchTrace trace)
    {
        var named = request.Url;
        var headers = request.Headers;
        var invoker = InvokerFor(PermissionFor(named, current, trace.Limits), request.Connection);
        // Secrets stay with the origin the user named, as browsers and curl keep them: a hop back there has them again.
        var secrets = headers.Count > 0 && (ReferenceEquals(named, current) || SameOrigin(named, current));
        trace.Watchdog.StartHeaders();
        HttpResponseMessage response;
        try
        {
            response = await SendOnceAsync(invoker, current, headers, secrets, conditional, trace);
        }
        catch (HttpRequestException e) when (Caused<IdleConnectionClosedException>(e))
        {
            // The handler offered a connection the registry had just closed as idle; nothing was sent on it.
            response = await SendOnceAsync(invoker, current, headers, secrets, conditional, trace);
        }

        trace.Watchdog.HeadersReceived();
        try
        {
            ResponseChecks.Check(response);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // NonValidated: counting must not parse and validate every header value.
        var count = response.Headers.NonValidated.Count + response.Content.Headers.NonValidated.Count;
        if (count > trace.Limits.MaxHeaderCount)
        {
            response.Dispose();
            throw new FetchFailure(Outcome.TooLarge, $"{count} response header fields, over the cap of {trace.Limits.MaxHeaderCount}");
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMessageInvoker invoker, Uri current, IReadOnlyList<RequestHeader> headers, bool secrets, Validators? conditional, FetchTrace trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, current);
        ProtocolVersions.Choose(request);
        // Constant or validated at construction: added as they are, not parsed on every request.
        if (!TargetHeaders.Sends(headers, "User-Agent", secrets))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        }

        if (!TargetHeaders.Sends(headers, "Accept", secrets))
        {
            request.Headers.TryAddWithoutValidation("Accept", "text/html,application/json,application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5");
        }

        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        ConditionalRequest.Add(request.Headers, conditional);
        TargetHeaders.Add(request.Headers, headers, secrets);
        request.Options.Set(FetchTrace.Key, trace);
        return await invoker.SendAsync(request, trace.Watchdog.Token);
    }

    private static bool Caused<T>(Exception e)
        where T : Exception
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Closes the idle connections to <paramref name="url"/>'s endpoint (scheme, host, port), unless a fetch is using
    /// it: a caller that is done with a host says so, and the host's descriptors are freed at once.
    /// </summary>
    internal void CloseIdleConnections(Uri url) => _connections.CloseIdle(url);

    /// <summary>
    /// Marks <paramref name="url"/>'s endpoint in use until the result is disposed, as a fetch does: its connections
    /// are not closed as idle meanwhile. A caller that goes from one fetch straight to the next holds it across the gap.
    /// </summary>
    internal IDisposable UseConnections(Uri url) => _connections.Use(ConnectionRegistry.KeyOf(url));

    /// <summary>The fetcher's open connections (for tests and diagnostics).</summary>
    internal ConnectionRegistry Connections => _connections;

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// The origin a user names is reached as named: an IP literal there may be any address. Everything else is
    /// public-only, unless the target allows private addresses.
    /// </summary>
    private static AddressPermission PermissionFor(Uri named, Uri current, FetchLimits limits)
    {
        var sameOrigin = ReferenceEquals(named, current) || SameOrigin(named, current);
        return sameOrigin && TargetUrl.IsIpLiteral(current) ? AddressPermission.Any
            : limits.AllowPrivate ? AddressPermission.AllowPrivate
            : AddressPermission.PublicOnly;
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);

    private HttpMessageInvoker InvokerFor(AddressPermission permission, ConnectionSettings settings) =>
        ReferenceEquals(settings, ConnectionSettings.Default) ? _invokers[permission]
        : _otherInvokers.GetOrAdd((permission, settings), static (key, self) => new(() => new HttpMessageInvoker(self.CreateHandler(key.Item1, key.Item2))), this).Value;

    private SocketsHttpHandler CreateHandler(AddressPermission permission, ConnectionSettings settings)
    {
        var connections = new ConnectionFactory(permission, _options, _connections);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            // Over HTTP/2 too: the handler counts each decoded field's name and value against it, so a small HPACK
            // block that references one big table entry many times ends as too_large, not as memory.
            MaxResponseHeadersLength = Math.Max(1, _options.MaxHeaderBytes / 1024),
            // When a server allows fewer concurrent streams than a host's fetches (per-host concurrency), open
            // another connection rather than queue inside the handler, where the wait would count against the
            // headers deadline and end as headers_timeout. The engine's per-host slots bound the fetches to a
            // host, so connections never outnumber what HTTP/1.1 would have opened.
            EnableMultipleHttp2Connections = true,
            // Not set, on purpose: InitialHttp2StreamWindowSize keeps the 64 KiB default, which bounds what one
            // stream may have buffered unread, and the handler widens the window of a stream read quickly (dynamic
            // window sizing), so large bodies are not slowed. KeepAlivePingDelay stays off: every stream already has
            // the headers deadline and the stall guard, and idle connections are closed (PooledConnectionIdleTimeout,
            // the registry) rather than kept alive by pinging servers.
            PooledConnectionIdleTimeout = _options.PooledConnectionIdleTimeout,
            // A backstop only: DNS, connect and TLS each have their own, shorter deadline.
            ConnectTimeout = TimeSpan.FromMinutes(1),
            MaxResponseDrainSize = 64 << 10,
            ResponseDrainTimeout = TimeSpan.FromSeconds(1),
            ActivityHeadersPropagator = null,
            ConnectCallback = connections.ConnectAsync,
            PlaintextStreamFilter = connections.OnPlaintextReady,
            SslOptions = { RemoteCertificateValidationCallback = _options.ServerCertificateCheck },
        };
    }

    /// <summary>Closes every pooled connection.</summary>
    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }

        foreach (var invoker in _otherInvokers.Values.Where(i => i.IsValueCreated))
        {
            invoker.Value.Dispose();
        }
    }
}
