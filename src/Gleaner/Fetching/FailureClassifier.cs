using System.Net.Sockets;
using System.Security.Authentication;

namespace Gleaner.Fetching;

/// <summary>
/// Names the failure behind an exception from the HTTP stack. A reason the watchdog or a callback recorded wins
/// over what the resulting exception looks like (a deadline that closes a socket shows up as an I/O error).
/// </summary>
internal static class FailureClassifier
{
    public static FetchFailure Classify(Exception exception, FetchWatchdog watchdog)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is FetchFailure failure)
            {
                return failure;
            }
        }

        if (watchdog.Reason is { } reason)
        {
            return reason;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket when ConnectionFactory.LocalLimit(socket) is { } problem:
                    return new(Outcome.LocalLimit, problem, exception);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return new(Outcome.Reset, "the connection was reset", exception);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new(Outcome.ConnectRefused, "the connection was refused", exception);
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return new(Outcome.ConnectTimeout, "the connection timed out", exception);
                case HttpProtocolException protocol:
                    return Http2Errors.Classify(protocol, exception);
                case AuthenticationException:
                    // A refused certificate is a FetchFailure naming its cause (TlsTrust); this is the handshake itself.
                    return new(Outcome.Tls, $"TLS handshake failed: {Innermost(e)}", exception);
                case InvalidDataException:
                    return new(Outcome.Protocol, $"the compressed body is corrupt: {e.Message}", exception);
            }
        }

        var error = RequestError(exception);

        return error switch
        {
            HttpRequestError.NameResolutionError => new(Outcome.Dns, exception.Message, exception),
            HttpRequestError.SecureConnectionError => new(Outcome.Tls, $"TLS handshake failed: {Innermost(exception)}", exception),
            HttpRequestError.ConfigurationLimitExceeded => new(Outcome.TooLarge, $"response headers exceed the size limit: {exception.Message}", exception),
            HttpRequestError.ResponseEnded => new(Outcome.Protocol, "the server closed the connection before the response was complete", exception),
            HttpRequestError.ConnectionError => new(Outcome.Reset, $"connection failed: {Innermost(exception)}", exception),
            _ => new(Outcome.Protocol, $"not a valid HTTP response: {Innermost(exception)}", exception),
        };
    }

    // The first cause the handler named, outermost first: over HTTP/2 the named one (a header list over the cap) can
    // sit under an unnamed "request was aborted".
    private static HttpRequestError RequestError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var error = e switch
            {
                HttpRequestException h => h.HttpRequestError,
                HttpIOException io => io.HttpRequestError,
                _ => HttpRequestError.Unknown,
            };
            if (error != HttpRequestError.Unknown)
            {
                return error;
            }
        }

        return HttpRequestError.Unknown;
    }

    private static string Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
