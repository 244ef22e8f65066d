using Gleaner.Fetching;
using Gleaner.Validation;

namespace Gleaner.Targets;

/// <summary>
/// Samples one target: fetch, extract, validate. Every path ends in a <see cref="TargetResult"/>, whose
/// <see cref="FetchResult.Body"/> is cleared once the value is extracted (call <see cref="Fetcher"/> for the page).
/// </summary>
public sealed class TargetRunner(Fetcher fetcher, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Fetches the target and extracts and validates its value.</summary>
    public Task<TargetResult> RunAsync(Target target, CancellationToken cancellationToken = default) =>
        RunAsync(target, redirectCheck: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="redirectCheck"/> is asked before each hop to another origin.</summary>
    internal async Task<TargetResult> RunAsync(Target target, RedirectCheck? redirectCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        // With a chain, the fetch keeps only what the chain's first step made of the page (Prepare), not the page.
        var chain = target.Extract;
        var fetch = await fetcher.FetchAsync(
            target.Url, target.Limits, chain is null ? null : chain.Prepare, redirectCheck, truncateAtCap: false, cancellationToken);
        var result = new TargetResult { Target = target, Fetch = fetch, Outcome = fetch.Outcome, Error = fetch.Error };
        if (fetch.IsOk)
        {
            // The page has served its purpose once the value is out of it; a run holds thousands of results and
            // must not hold thousands of pages with them.
            result = Evaluate(result, fetch.Body) with { Fetch = fetch with { Body = null } };
        }

        return result with { At = _time.GetUtcNow() };
    }

    // Extraction is pure CPU over a capped body; bounded by the cap and linear-time rules.
    private static TargetResult Evaluate(TargetResult result, string? body)
    {
        var target = result.Target;
        var raw = target.Extract is null ? body : target.Extract.ApplyPrepared(body);
        if (raw is null)
        {
            var rules = string.Join(" then ", target.Extract!.Steps.Select(s => $"{s.Kind} '{s.Expression}'"));
            return result with { Outcome = Outcome.NoMatch, Error = $"{rules} matched nothing" };
        }

        var validated = ValueValidator.Validate(target.Value, raw);
        return validated.IsValid
            ? result with { RawValue = raw, Value = validated.Value }
            : result with { RawValue = raw, Outcome = Outcome.InvalidValue, Error = validated.Problem };
    }
}
