using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Units;
using Gleaner.Validation;

namespace Gleaner.Targets;

/// <summary>
/// Samples one target: fetch, extract, validate. Every path ends in a <see cref="TargetResult"/>, whose
/// <see cref="FetchResult.Body"/> is null: with rules, the page never becomes a string (the chain's first step reads it
/// where it was decoded, <see cref="Fetcher.FetchPreparedAsync"/>); without, it is the value (call
/// <see cref="Fetcher"/> for the page).
/// The target's total deadline (<see cref="FetchLimits.TotalTimeout"/>) covers extraction too: a chain still
/// running when it passes stops there as <see cref="Outcome.Deadline"/>. Steps after a first regex (the ones that
/// parse a page) take turns with every other runner's in the process, at most one chain per core at once, and wait
/// for their turn within that deadline.
/// </summary>
public sealed class TargetRunner
{
    private readonly Fetcher _fetcher;
    private readonly TimeProvider _time;
    private readonly ParseGate _parses;

    /// <summary>A runner that fetches with <paramref name="fetcher"/> and keeps time by <paramref name="time"/> (default: the system clock).</summary>
    public TargetRunner(Fetcher fetcher, TimeProvider? time = null)
        : this(fetcher, time, ParseGate.Shared)
    {
    }

    internal TargetRunner(Fetcher fetcher, TimeProvider? time, ParseGate parses)
    {
        _fetcher = fetcher;
        _time = time ?? TimeProvider.System;
        _parses = parses;
    }

    /// <summary>Fetches the target and extracts and validates its value; one that keeps cookies has a new jar for this fetch.</summary>
    public Task<TargetResult> RunAsync(Target target, CancellationToken cancellationToken = default) =>
        RunAsync(target, conditional: null, redirectCheck: null, cancellationToken);

    /// <summary>As the one below, a target that keeps cookies with a new jar for this fetch.</summary>
    internal Task<TargetResult> RunAsync(Target target, Validators? conditional, RedirectCheck? redirectCheck, CancellationToken cancellationToken) =>
        RunAsync(target, conditional, redirectCheck, target?.Cookies == true ? new CookieJar(_time) : null, cancellationToken);

    /// <summary>
    /// A watch's sample: as above, with the validators of the target's last response. When the page has not changed
    /// (304), the result is ok and <see cref="TargetResult.NotModified"/>, without a value: nothing was extracted or
    /// validated, and the caller's previous value stands. <paramref name="cookies"/> is the target's jar (null when it
    /// keeps none).
    /// </summary>
    internal async Task<TargetResult> RunAsync(
        Target target, Validators? conditional, RedirectCheck? redirectCheck, CookieJar? cookies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = _time.GetTimestamp();
        // With a chain, the fetch keeps only what the chain's first step made of the page (Prepare), not the page.
        var chain = target.Extract;
        var (fetch, text) = chain is null
            ? await FetchPageAsync(target.ToRequest(cookies), conditional, redirectCheck, cancellationToken)
            : await _fetcher.FetchPreparedAsync(target.ToRequest(cookies), page => PrepareOrFail(chain, page), redirectCheck, conditional, cancellationToken);
        var result = new TargetResult { Target = target, Fetch = fetch, Outcome = fetch.Outcome, Error = fetch.Error };
        if (fetch.IsOk && !fetch.NotModified)
        {
            var left = target.Limits.TotalTimeout - _time.GetElapsedTime(started);
            result = await EvaluateAsync(result, text, left, cancellationToken);
        }

        return result with { At = _time.GetUtcNow() };
    }

    // Without rules the page is the value. It has served its purpose once it is: a run holds thousands of results
    // and must not hold thousands of pages with them.
    private async Task<PreparedFetch> FetchPageAsync(
        FetchRequest request, Validators? conditional, RedirectCheck? redirectCheck, CancellationToken cancellationToken)
    {
        var fetch = await _fetcher.FetchAsync(request, redirectCheck, truncateAtCap: false, conditional, cancellationToken);
        return new PreparedFetch(fetch.Body is null ? fetch : fetch with { Body = null }, fetch.Body);
    }

    private async Task<TargetResult> EvaluateAsync(TargetResult result, string? body, TimeSpan left, CancellationToken cancellationToken)
    {
        var target = result.Target;
        var raw = body;
        if (target.Extract is { } chain)
        {
            // A first regex ran while the fetch decoded the page, under the fetch's own deadline: the page may have
            // arrived just in time for it and no more.
            if (left <= TimeSpan.Zero)
            {
                return PastDeadline(result);
            }

            if (chain.HasStepsAfterPrepare)
            {
                // What is left of the total deadline bounds the rest of the chain, and the wait for its turn to parse.
                // Parsing a capped body within the documents' limits takes far less, so this ends only a chain that
                // something has held up.
                using var deadline = new CancellationTokenSource(left, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
                try
                {
                    raw = await _parses.RunAsync(() => chain.ApplyPrepared(body, linked.Token), linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return PastDeadline(result);
                }
                catch (DocumentLimitException e)
                {
                    return deadline.IsCancellationRequested ? PastDeadline(result) : result with { Outcome = e.Outcome, Error = e.Message };
                }

                // Only some parsers can stop part-way; a value that came too late is late all the same.
                if (deadline.IsCancellationRequested)
                {
                    return PastDeadline(result);
                }
            }
        }

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

    // The first regex runs inside the fetch, on the page's characters: a limit it meets ends the fetch with that outcome.
    private static string? PrepareOrFail(ExtractionChain chain, Span<char> page)
    {
        try
        {
            return chain.Prepare(page);
        }
        catch (DocumentLimitException e)
        {
            throw new FetchFailure(e.Outcome, e.Message);
        }
    }

    private static TargetResult PastDeadline(TargetResult result) => result with
    {
        Outcome = Outcome.Deadline,
        Error = $"no result within the total deadline of {Duration.Format(result.Target.Limits.TotalTimeout)} (extracting)",
    };
}
