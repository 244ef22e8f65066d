using System.Text;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Politeness.Robots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gleaner.Engine;

/// <summary>
/// robots.txt for each origin a run reaches, fetched once (concurrent asks share the fetch) under the target's
/// limits, its first 500 KiB parsed (RFC 9309 §2.5). Answers are kept for the most recently used
/// <see cref="Capacity"/> origins, so a crawl of many hosts holds a bounded number of them, and asked again once
/// older than <see cref="MaxAge"/> (a file that was read) or <see cref="MaxUnreachableAge"/> (one that could not be
/// reached), so a watch that runs for weeks follows a site's changes without asking more than daily. A target that
/// sends its own User-Agent is its own crawler: robots.txt is fetched with that User-Agent (and no other header of
/// the target's) and read for its product token, and the answer is kept per origin and User-Agent.
/// </summary>
internal sealed class RobotsCache(Fetcher fetcher, TimeProvider time, int capacity = RobotsCache.DefaultCapacity, ILogger? log = null)
{
    /// <summary>How long a robots.txt that was read is obeyed before it is fetched again (RFC 9309 §2.4: at most 24 h).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>How long an unreachable robots.txt disallows its origin before it is tried again.</summary>
    public static readonly TimeSpan MaxUnreachableAge = TimeSpan.FromHours(1);

    /// <summary>The product token matched against User-agent lines.</summary>
    public const string ProductToken = "Gleaner";

    /// <summary>How much of a robots.txt is read and parsed: RFC 9309 asks for at least 500 KiB.</summary>
    public const long MaxRobotsBytes = 500 << 10;

    private const int DefaultCapacity = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, RobotsAnswer Answer)>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<(string Key, RobotsAnswer Answer)> _recent = new();
    private readonly Dictionary<string, Task<RobotsAnswer>> _fetching = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Origins whose answers are kept at most.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Origins with a kept answer.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _answers.Count;
            }
        }
    }

    /// <summary>
    /// The robots.txt answer for <paramref name="url"/>'s origin. When it has to be fetched, <paramref name="enter"/>
    /// (when given) is awaited first and what it returns disposed after: the fetch takes its slots like any other.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fired.
    /// </summary>
    public Task<RobotsAnswer> GetAsync(
        Uri url, FetchLimits limits, Func<CancellationToken, Task<IDisposable>>? enter, CancellationToken cancellationToken) =>
        GetAsync(url, limits, userAgent: null, ConnectionSettings.Default, enter, cancellationToken);

    /// <summary>
    /// Asked before a fetch of <paramref name="target"/> follows a redirect to <paramref name="next"/> on another origin:
    /// the failure that ends it there (that origin's robots.txt disallows the path, or could not be asked for a local
    /// reason), or null to follow it.
    /// </summary>
    public async ValueTask<FetchFailure?> CheckRedirectAsync(Uri next, Target target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var answer = await GetAsync(next, target.Limits, RobotsIdentity.AgentFor(target, next), target.Connection, enter: null, cancellationToken);
        if (answer.Local is { } local)
        {
            return new FetchFailure(local, $"redirect to {next}: robots.txt of {answer.Origin} could not be fetched: {answer.Error}");
        }

        return answer.Denial(next) is { } denial ? new FetchFailure(Outcome.RobotsDenied, $"redirect to {next}: {denial}") : null;
    }

    /// <summary>
    /// As <see cref="GetAsync(Uri, FetchLimits, Func{CancellationToken, Task{IDisposable}}?, CancellationToken)"/>,
    /// for the crawler <paramref name="userAgent"/> names (null: Gleaner's own): robots.txt is fetched with it and
    /// read for its product token, over <paramref name="connection"/> (the target's proxy and trust).
    /// </summary>
    public async Task<RobotsAnswer> GetAsync(
        Uri url, FetchLimits limits, RequestHeader? userAgent, ConnectionSettings connection, Func<CancellationToken, Task<IDisposable>>? enter,
        CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        // One answer per origin and identity: two targets naming different crawlers may be told different things.
        var key = userAgent is null ? origin : $"{origin} {userAgent.Value}";
        while (true)
        {
            TaskCompletionSource<RobotsAnswer>? mine = null;
            Task<RobotsAnswer> pending;
            lock (_gate)
            {
                if (_answers.TryGetValue(key, out var node) && IsStale(node.Value.Answer))
                {
                    _recent.Remove(node);
                    _answers.Remove(key);
                }
                else if (node is not null)
                {
                    _recent.Remove(node);
                    _recent.AddLast(node);
                    return node.Value.Answer;
                }

                if (!_fetching.TryGetValue(key, out pending!))
                {
                    mine = new TaskCompletionSource<RobotsAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _fetching[key] = pending = mine.Task;
                }
            }

            if (mine is not null)
            {
                return await FetchAndKeepAsync(key, origin, limits, userAgent, connection, enter, mine, cancellationToken);
            }

            try
            {
                return await pending.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Whoever started that fetch was stopped or ran out of time before it was done: ask again.
            }
        }
    }

    private async Task<RobotsAnswer> FetchAndKeepAsync(
        string key, string origin, FetchLimits limits, RequestHeader? userAgent, ConnectionSettings connection, Func<CancellationToken, Task<IDisposable>>? enter,
        TaskCompletionSource<RobotsAnswer> mine, CancellationToken cancellationToken)
    {
        RobotsAnswer answer;
        try
        {
            using (enter is null ? null : await enter(cancellationToken))
            {
                // Through a gate (a run's own ask) the fetch, once started, ends by its own deadlines like any fetch
                // in flight; asked from inside another fetch (a redirect), it ends with that fetch.
                answer = await FetchAsync(origin, limits, userAgent, connection, enter is null ? cancellationToken : CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _fetching.Remove(key);
            }

            mine.SetException(e);
            throw;
        }

        lock (_gate)
        {
            _fetching.Remove(key);
            if (answer.IsKept)
            {
                Keep(key, answer);
            }
        }

        mine.SetResult(answer);
        return answer;
    }

    private bool IsStale(RobotsAnswer answer) =>
        time.GetUtcNow() - answer.At >= (answer.Unreachable is null ? MaxAge : MaxUnreachableAge);

    // Under the lock.
    private void Keep(string key, RobotsAnswer answer)
    {
        if (_answers.Remove(key, out var old))
        {
            _recent.Remove(old);
        }

        var node = _recent.AddLast((key, answer));
        _answers[key] = node;
        while (_answers.Count > Capacity && _recent.First is { } oldest)
        {
            _recent.RemoveFirst();
            _answers.Remove(oldest.Value.Key);
        }
    }

    private async Task<RobotsAnswer> FetchAsync(string origin, FetchLimits limits, RequestHeader? userAgent, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        var answer = AnswerOf(origin, await FetchFileAsync(fetcher, origin, limits, userAgent, connection, cancellationToken));
        if (answer.Unreachable is { } unreachable)
        {
            EngineLog.RobotsUnreachable(log ?? NullLogger.Instance, origin, unreachable, answer.Error);
        }

        return answer.FetchedAt(time.GetUtcNow(), RobotsIdentity.TokenOf(userAgent), userAgent?.IsSecret ?? false);
    }

    /// <summary>
    /// Fetches <paramref name="origin"/>'s robots.txt under <paramref name="limits"/> as robots.txt is fetched: its
    /// first <see cref="MaxRobotsBytes"/> kept (the rest cut off, not failed), at most 5 redirects. A cluster's silo
    /// fetches it so for its host grain.
    /// </summary>
    internal static Task<FetchResult> FetchFileAsync(
        Fetcher fetcher, string origin, FetchLimits limits, RequestHeader? userAgent, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        var robotsLimits = limits with
        {
            MaxBodyBytes = MaxRobotsBytes,
            MaxWireBytes = Math.Max(limits.MaxWireBytes, MaxRobotsBytes),
            MaxRedirects = Math.Min(limits.MaxRedirects, 5),
        };
        return fetcher.FetchAsync(
            new FetchRequest
            {
                Url = new Uri(origin + "/robots.txt"), Limits = robotsLimits, Headers = userAgent is null ? [] : [userAgent], Connection = connection,
            }, redirectCheck: null, truncateAtCap: true, conditional: null, cancellationToken);
    }

    /// <summary>What <paramref name="result"/>, a fetch of <paramref name="origin"/>'s robots.txt, says (not yet stamped: see <see cref="RobotsAnswer.FetchedAt"/>).</summary>
    internal static RobotsAnswer AnswerOf(string origin, FetchResult result) => result switch
    {
        { IsOk: true, Body: { } body } => RobotsAnswer.Of(origin, RobotsTxt.Parse(Encoding.UTF8.GetBytes(body))),
        { Outcome: Outcome.HttpStatus, Status: >= 400 and < 500 } => RobotsAnswer.Of(origin, RobotsTxt.AllowAll),
        // A robots.txt that is there but is not text says nothing a crawler can obey.
        { Outcome: Outcome.NotText or Outcome.Decode } => RobotsAnswer.Of(origin, RobotsTxt.AllowAll),
        // The address policy refuses the origin itself: its targets end as blocked when they are fetched, which
        // says more than a robots.txt denial would.
        { Outcome: Outcome.Blocked, Redirects.Count: 0 } => RobotsAnswer.Of(origin, RobotsTxt.AllowAll),
        { Outcome: Outcome.LocalLimit or Outcome.Internal or Outcome.Cancelled } => RobotsAnswer.NotAsked(origin, result.Outcome, result.Error),
        _ => RobotsAnswer.UnreachableBecause(origin, result.Outcome, result.Error),
    };
}
