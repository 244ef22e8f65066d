namespace Gleaner.Simulator;

/// <summary>How many requests one of the simulator's servers has read with one Host header and request target.</summary>
/// <param name="Server"><c>kestrel</c> or <c>raw</c>.</param>
/// <param name="Host">The request's Host header as sent ("" when there was none).</param>
/// <param name="Target">The request target as sent, path and query (e.g. <c>/protocol/ssh-banner?n=7</c>);
/// <c>(no request)</c> for a raw connection that closed before a whole request head arrived.</param>
/// <param name="Requests">How many such requests arrived.</param>
public sealed record TrafficEntry(string Server, string Host, string Target, int Requests);
