using Gleaner.Targets;

namespace Gleaner.Engine;

/// <summary>Which failures are worth another attempt, and which mean the host itself is down.</summary>
internal static class TransientOutcomes
{
    /// <summary>
    /// A failure another attempt may not repeat: a refused or reset connection, a timeout, 429, 5xx, or this machine
    /// out of sockets for the moment (others will have closed by then).
    /// </summary>
    public static bool IsTransient(TargetResult result) => result.Outcome switch
    {
        Outcome.ConnectRefused or Outcome.Reset or Outcome.ConnectTimeout or Outcome.HeadersTimeout or Outcome.LocalLimit => true,
        Outcome.HttpStatus => result.Fetch.Status is 429 or >= 500 and <= 599,
        _ => false,
    };

    /// <summary>A failure that says the host, not the page, is unreachable: what trips the per-host breaker.</summary>
    public static bool IsHostDown(TargetResult result) =>
        result.Outcome is Outcome.Dns or Outcome.ConnectRefused or Outcome.ConnectTimeout or Outcome.Tls;
}
