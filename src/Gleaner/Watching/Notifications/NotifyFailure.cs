using Gleaner.Fetching;

namespace Gleaner.Watching.Notifications;

/// <summary>A notification given up on: what it was about, where it went, and why it never arrived.</summary>
/// <param name="Target">The target the event was about.</param>
/// <param name="Kind">What the event said.</param>
/// <param name="Url">Where it was posted.</param>
/// <param name="Attempts">Attempts made (0 when it could not be sent at all).</param>
/// <param name="Result">The last attempt's result; null when there was none.</param>
/// <param name="Error">Why it was given up, one line, escaped; never holds a secret.</param>
internal sealed record NotifyFailure(string Target, WatchEventKind Kind, Uri Url, int Attempts, FetchResult? Result, string Error)
{
    /// <summary>One line for people. Names the URL's origin only: a webhook's path is often a secret of its own.</summary>
    public string Message =>
        DisplayText.Escape($"notify {NotifyJson.Kind(Kind)} of {Target} to {Url.Scheme}://{Url.Authority}: {Error}"
            + (Attempts > 0 ? $" (gave up after {Attempts} attempt{(Attempts == 1 ? "" : "s")})" : ""));
}
