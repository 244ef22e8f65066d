namespace Gleaner.Fetching;

/// <summary>
/// Carries a named failure out of a callback the HTTP handler calls (connect, TLS, body read), through the
/// handler's own exception wrapping, to the fetch loop, which turns it back into a <see cref="FetchResult"/>.
/// Never escapes <see cref="Fetcher.FetchAsync(Uri, FetchLimits, CancellationToken)"/>.
/// </summary>
internal sealed class FetchFailure(Outcome outcome, string message, Exception? inner = null) : Exception(message, inner)
{
    public Outcome Outcome { get; } = outcome;
}
