namespace Gleaner.Simulator;

/// <summary>One scenario the simulator serves.</summary>
/// <param name="Path">The request path, e.g. <c>/slow/body-trickle</c>.</param>
/// <param name="Description">What the server does on this route, in one or two sentences.</param>
/// <param name="ExpectedOutcome">
/// The Gleaner outcome name (<c>ok</c>, <c>deadline</c>, <c>too_large</c>, …) a careful client ends with under the
/// default limits when it fetches <paramref name="Url"/> and the user named no origin besides the route's own.
/// </param>
/// <param name="Url">The absolute URL on whichever server (Kestrel or raw socket) serves the route.</param>
/// <param name="Group">weather, slow, size, compression, protocol, redirect, status, content, good or deep.</param>
public sealed record SimulatorRoute(string Path, string Description, string ExpectedOutcome, Uri Url, string Group);
