namespace Gleaner.Fetching;

/// <summary>What one hop of a fetch sends: the method and body it starts with, changed only by a redirect (<see cref="RedirectRules.HopAfter"/>).</summary>
internal sealed record RequestHop(HttpMethod Method, RequestBody? Body);
