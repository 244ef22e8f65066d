namespace Gleaner.Fetching;

/// <summary>
/// Asked before a fetch follows a redirect to another origin; returns the failure that ends the fetch there (e.g.
/// that origin's robots.txt disallows the path), or null to follow it. Runs inside the fetch, under its deadline.
/// </summary>
internal delegate ValueTask<FetchFailure?> RedirectCheck(Uri next, CancellationToken cancellationToken);
