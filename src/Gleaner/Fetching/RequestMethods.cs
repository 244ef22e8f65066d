namespace Gleaner.Fetching;

/// <summary>
/// The methods a target may use and which of them carry a body. HEAD is left out: its answer has no body to take a
/// value from. A method other than GET is a request Gleaner does not repeat on its own (see the engine's retries).
/// </summary>
internal static class RequestMethods
{
    /// <summary>The methods a target may use, as written in a job file or after <c>--method</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The methods that send a body.</summary>
    public static IReadOnlyList<string> WithBody { get; } = ["POST", "PUT", "PATCH"];

    /// <summary>The method named <paramref name="name"/> (case-insensitively), or null when a target may not use it.</summary>
    public static HttpMethod? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.ToUpperInvariant();
        return Names.Contains(upper) ? HttpMethod.Parse(upper) : null;
    }

    /// <summary>True when <paramref name="method"/> sends a body.</summary>
    public static bool CarriesBody(HttpMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return WithBody.Contains(method.Method);
    }

    /// <summary>Why <paramref name="method"/> with <paramref name="body"/> cannot be sent, or null when it can.</summary>
    public static string? Problem(HttpMethod? method, RequestBody? body)
    {
        if (method is null || !Names.Contains(method.Method))
        {
            return $"the method {method?.Method ?? "(none)"} is not one Gleaner sends; use one of {string.Join(", ", Names)}";
        }

        return body is not null && !CarriesBody(method)
            ? $"a {method.Method} sends no body; send it with one of {string.Join(", ", WithBody)}"
            : null;
    }
}
