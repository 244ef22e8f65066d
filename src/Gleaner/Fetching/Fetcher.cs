using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Gleaner.Fetching.Addresses;
using Gleaner.Fetching.Body;
using Gleaner.Fetching.Connections;
using Gleaner.Fetching.Cookies;
using Gleaner.Fetching.Proxies;
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
    /// limit and every one of <see cref="RequestHeader.Problems(IEnumerable{RequestHeader})"/> is named).
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
        RequestHeader.ThrowIfUnsendable(request.Headers, withBody: request.Body is not null, nameof(request));
        if (RequestMethods.Problem(request.Method, request.Body) is { } unsendable)
        {
            throw new ArgumentException(unsendable, nameof(request));
        }

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
        var hop = new RequestHop(request.Method, request.Body);
        List<Uri>? redirects = null;
        // The URLs asked with the current method: a POST answered by a 303 back to its own URL is no loop.
        List<Uri> visited = [url];
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
        // Validators make sense only for a GET: another method is no request for a copy that may be current.
        conditional = request.Method == HttpMethod.Get ? ConditionalRequest.Sendable(conditional) : null;
        try
        {
            while (true)
            {
                lease = _connections.Use(ConnectionFactory.KeyFor(current, request.Connection));
                // The validators are the named URL's: a hop it redirects to is another resource, asked unconditionally.
                response = await SendAsync(request, hop, current, redirects is null ? conditional : null, trace);
                httpVersion = ProtocolVersions.Name(response.Version);
                if (!RedirectRules.IsRedirect(response.StatusCode))
                {
                    break;
                }

                redirects ??= [];
                var nextHop = RedirectRules.HopAfter(response.StatusCode, hop);
                if (nextHop.Method != hop.Method)
                {
                    visited.Clear();
                }

                var next = RedirectRules.Next(current, response.Headers.Location, visited, redirects.Count, limits.MaxRedirects);
                RedirectRules.ThrowIfSecretBodyLeaves(nextHop, url, next);
                response.Dispose();
                response = null;
                lease.Dispose();
                lease = null;
                redirects.Add(next);
                visited.Add(next);
                hop = nextHop;
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
            var where = redirects is { Count: > 0 } && failure.Outcome == Outcome.Blocked && !failure.Message.StartsWith("redirect", StringComparison.Ordinal)
                ? $"redirect to {current}: "
                : "";
            return Finish(failure.Outcome, where + failure.Message, failure.InnerException ?? (e is FetchFailure ? null : e),
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

    private async Task<HttpResponseMessage> SendAsync(FetchRequest request, RequestHop hop, Uri current, Validators? conditional, FetchTrace trace)
    {
        var named = request.Url;
        var headers = request.Headers;
        var permission = PermissionFor(named, current, trace.Limits);
        var invoker = InvokerFor(permission, request.Connection);
        var origin = ReferenceEquals(named, current) || SameOrigin(named, current);
        // A socks5 proxy's target is resolved and checked at connect time, as a direct one is.
        if (request.Connection.Proxy?.For(current) is { Scheme: not "socks5" })
        {
            await ProxiedHostCheck.CheckAsync(current, origin, permission, _options, trace);
        }

        var absoluteForm = AbsoluteFormProxy.Of(request.Connection.Proxy, current);
        // Secrets stay with the origin the user named, as browsers and curl keep them: a hop back there has them again.
        var secrets = headers.Count > 0 && origin;
        trace.Watchdog.StartHeaders();
        HttpResponseMessage response;
        try
        {
            response = await SendOnceAsync(invoker, hop, current, headers, secrets, conditional, absoluteForm, request.Cookies, trace);
        }
        catch (HttpRequestException e) when (Caused<IdleConnectionClosedException>(e))
        {
            // The handler offered a connection the registry had just closed as idle; nothing was sent on it.
            response = await SendOnceAsync(invoker, hop, current, headers, secrets, conditional, absoluteForm, request.Cookies, trace);
        }

        trace.Watchdog.HeadersReceived();
        try
        {
            // Only a proxy asks for proxy credentials: a 407 to an absolute-form request is the proxy's refusal.
            if (absoluteForm is not null && response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                throw new FetchFailure(Outcome.Proxy, $"the proxy {absoluteForm} answered {current} with 407 {response.ReasonPhrase}".TrimEnd());
            }

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

        // Every response that got this far sets its cookies: a redirect's go with the next hop as their scope allows.
        request.Cookies?.Receive(current, response.Headers);
        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMessageInvoker invoker, RequestHop hop, Uri current, IReadOnlyList<RequestHeader> headers, bool secrets, Validators? conditional,
        ProxyServer? absoluteForm, CookieJar? cookies, FetchTrace trace)
    {
        // A new content per send: the handler may have consumed the last one on a connection that was closed.
        using var content = hop.Body is { } body ? new ReadOnlyMemoryContent(body.Content) : null;
        content?.Headers.TryAddWithoutValidation("Content-Type", hop.Body!.MediaType);
        using var request = new HttpRequestMessage(hop.Method, current) { Content = content };
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
        TargetHeaders.Add(request, headers, secrets);
        // Sent at once, as curl sends it; the proxy takes it off before it forwards the request.
        if (absoluteForm?.UserName is not null)
        {
            request.Headers.TryAddWithoutValidation("Proxy-Authorization", ProxyTunnel.BasicCredentials(absoluteForm));
        }

        // After a Cookie header of the target's own, if any: the handler joins the two into one field with "; ".
        if (cookies?.HeaderFor(current) is { } cookie)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

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

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
}
