using Gleaner.Fetching.Body;
using Gleaner.Fetching.Connections;

namespace Gleaner.Fetching;

/// <summary>A POST (a notification) under every guarantee a GET has; kept apart from the GET path it shares nothing of but the handlers.</summary>
public sealed partial class Fetcher
{
    private const string Redacted = "[redacted]";

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="url"/> under <paramref name="limits"/>: the address policy at
    /// connect time (the URL is reached as named, like a target's), every deadline and the stall guard, and the
    /// answer's body read under the wire cap and discarded. Redirects are not followed: a 3xx is
    /// <see cref="Outcome.HttpStatus"/>, as is anything but 2xx, with the first bytes of the answer in the error
    /// (escaped, and with the values of <paramref name="headers"/> redacted, in case the server echoes them).
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not absolute http or https, a header value holds a line break or NUL, or a limit is out of its range.</exception>
    internal async Task<FetchResult> PostAsync(
        Uri url, ReadOnlyMemory<byte> body, string mediaType, IReadOnlyList<KeyValuePair<string, string>> headers, FetchLimits limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(limits);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL", nameof(url));
        }

        foreach (var (name, value) in headers)
        {
            // The value is never named: it may be a secret.
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw new ArgumentException($"the value of the {name} header holds a line break or NUL", nameof(headers));
            }
        }

        limits.Validate();
        var time = _options.Time;
        var started = time.GetTimestamp();
        using var watchdog = new FetchWatchdog(time, limits, cancellationToken);
        var trace = new FetchTrace(limits, watchdog);
        using var lease = _connections.Use(ConnectionRegistry.KeyOf(url));
        HttpResponseMessage? response = null;
        long bodyStarted = 0;
        int? status = null;
        string? httpVersion = null;
        TimeSpan? retryAfter = null;
        string? answerType = null;
        try
        {
            var invoker = InvokerFor(PermissionFor(url, url, limits), ConnectionSettings.Default);
            watchdog.StartHeaders();
            try
            {
                response = await PostOnceAsync(invoker, url, body, mediaType, headers, trace);
            }
            catch (HttpRequestException e) when (Caused<IdleConnectionClosedException>(e))
            {
                // As for a GET: nothing was sent on a connection the registry had just closed as idle.
                response = await PostOnceAsync(invoker, url, body, mediaType, headers, trace);
            }

            watchdog.HeadersReceived();
            httpVersion = ProtocolVersions.Name(response.Version);
            ResponseChecks.Check(response);
            var count = response.Headers.NonValidated.Count + response.Content.Headers.NonValidated.Count;
            if (count > limits.MaxHeaderCount)
            {
                throw new FetchFailure(Outcome.TooLarge, $"{count} response header fields, over the cap of {limits.MaxHeaderCount}");
            }

            status = (int)response.StatusCode;
            retryAfter = RetryAfter(response.Headers.RetryAfter, time);
            answerType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
            bodyStarted = time.GetTimestamp();
            if (response.IsSuccessStatusCode)
            {
                await BodyPrefix.ReadAsync(response, trace, toEnd: true);
                return Finish(Outcome.Ok, null, null);
            }

            throw new FetchFailure(Outcome.HttpStatus, await RefusalAsync(response, trace, headers, cancellationToken));
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested && watchdog.Reason is null))
        {
            var failure = FailureClassifier.Classify(e, watchdog);
            return Finish(failure.Outcome, failure.Message, failure.InnerException ?? (e is FetchFailure ? null : e));
        }
        finally
        {
            response?.Dispose();
            trace.TlsDeadline?.Dispose();
        }

        FetchResult Finish(Outcome outcome, string? error, Exception? exception) => new()
        {
            Url = url,
            FinalUrl = url,
            Outcome = outcome,
            Error = error,
            Exception = exception,
            Status = status,
            HttpVersion = httpVersion,
            RetryAfter = retryAfter,
            MediaType = answerType,
            // Nothing is decoded: every byte counted is as it came on the wire.
            WireBytes = watchdog.Bytes,
            DecodedBytes = watchdog.Bytes,
            Timings = trace.Timings(started, bodyStarted, time),
        };
    }

    private async Task<HttpResponseMessage> PostOnceAsync(
        HttpMessageInvoker invoker, Uri url, ReadOnlyMemory<byte> body, string mediaType, IReadOnlyList<KeyValuePair<string, string>> headers,
        FetchTrace trace)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        ProtocolVersions.Choose(request);
        // No Accept-Encoding: the answer is read only to be discarded, so it is never worth decoding.
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(FetchTrace.Key, trace);
        return await invoker.SendAsync(request, trace.Watchdog.Token);
    }

    /// <summary>
    /// The error for an answer other than 2xx: its status and the first bytes of its body. A body that will not come
    /// does not change what the status already said, so its failure only leaves the quote out.
    /// </summary>
    private static async Task<string> RefusalAsync(
        HttpResponseMessage response, FetchTrace trace, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var message = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
        if (RedirectRules.IsRedirect(response.StatusCode))
        {
            message += " (a POST does not follow redirects)";
        }

        try
        {
            var (text, more) = await BodyPrefix.ReadAsync(response, trace, toEnd: false);
            var quote = Redact(text, more, headers);
            return DisplayText.Escape(quote.Length == 0 ? message : $"{message}: {quote}{(more ? "…" : "")}");
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return DisplayText.Escape(message);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every header value, and every credential after an authorization scheme, replaced;
    /// when the text was cut short, a tail that may be the start of one goes too.
    /// </summary>
    private static string Redact(string text, bool cut, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var secrets = headers
            .SelectMany(h => h.Value.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? [h.Value, h.Value[(space + 1)..].Trim()] : new[] { h.Value })
            .Where(s => s.Length > 0)
            .OrderByDescending(s => s.Length)
            .ToList();
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        if (cut)
        {
            foreach (var secret in secrets)
            {
                for (var k = Math.Min(secret.Length - 1, text.Length); k > 0; k--)
                {
                    if (text.EndsWith(secret[..k], StringComparison.Ordinal))
                    {
                        text = text[..^k];
                        break;
                    }
                }
            }
        }

        return text;
    }
}
