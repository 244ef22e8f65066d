using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary>
/// Reads a request's query parameters; a bad one is a <see cref="BadQueryException"/> whose message names it, which
/// the endpoint answers with 400.
/// </summary>
internal static class QueryValues
{
    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public static int Integer(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (Text(request, name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BadQueryException($"{name}: expected a whole number from {min} to {max}");
        }

        return value;
    }

    /// <summary>
    /// An ISO 8601 time (UTC unless it says otherwise) or Unix milliseconds, from 1970 on (a range reaches back a
    /// default length from it, which must stay a time).
    /// </summary>
    public static DateTimeOffset? Time(HttpRequest request, string name)
    {
        if (Text(request, name) is not { } text)
        {
            return null;
        }

        DateTimeOffset? time = null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms is >= 0 and <= 253_402_300_799_999)
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed.ToUniversalTime();
        }

        return time >= DateTimeOffset.UnixEpoch
            ? time
            : throw new BadQueryException($"{name}: expected an ISO 8601 time or Unix milliseconds, from 1970 on");
    }
}

/// <summary>A query parameter the API cannot use; its message names the parameter.</summary>
internal sealed class BadQueryException(string message) : Exception(message);
