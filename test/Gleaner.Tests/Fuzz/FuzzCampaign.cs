using System.Diagnostics;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Feeds generated inputs to a parser's property, case by case, each case from its own seed, so any case can be
/// replayed. A call that throws anything but the documented error, breaks the error's promise (its location), or
/// runs longer than <see cref="FuzzSettings.CallLimit"/> is a failure; failures are shrunk to a small input that
/// fails the same way. A watchdog thread reports a call that never returns, with its input.
/// </summary>
internal sealed class FuzzCampaign(string name, Func<Random, string> generate, Func<string, Verdict> property)
{
    private const int MaxFailures = 5;
    private static readonly TimeSpan ShrinkTime = TimeSpan.FromSeconds(20);

    private readonly List<FuzzFailure> _failures = [];
    private InCall? _inCall;

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public int CasesRun { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>The longest call that kept its promise, and its case.</summary>
    public (TimeSpan Took, int Case, int Length) Slowest { get; private set; }

    /// <summary>The per-case seed: a case is replayed from the campaign's seed and its number alone.</summary>
    public static int CaseSeed(int seed, int index)
    {
        // SplitMix64's finaliser: HashCode.Combine would differ between processes.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return (int)(z ^ (z >> 31));
    }

    /// <summary>Runs <paramref name="cases"/> cases from <paramref name="seed"/>, from case <paramref name="first"/>; returns the failures, at most five distinct.</summary>
    public IReadOnlyList<FuzzFailure> Run(int first, int cases, int seed)
    {
        var clock = Stopwatch.StartNew();
        // A stack of 1 MiB, smaller than the runtime's default (1.5 MiB for pool threads, 8 MiB for the main thread on
        // Linux), so an input that recurses too deep fails here before it could anywhere else.
        var worker = new Thread(() => Work(first, cases, seed), 1 << 20) { IsBackground = true, Name = $"fuzz {name}" };
        worker.Start();

        // The worker cannot be stopped from outside, but a call stuck past the limit is reported with its input; the
        // background thread then dies with the test process.
        var hangLimit = FuzzSettings.CallLimit * 6;
        while (!worker.Join(FuzzSettings.CallLimit))
        {
            if (Volatile.Read(ref _inCall) is { } call && Stopwatch.GetElapsedTime(call.Started) > hangLimit)
            {
                Elapsed = clock.Elapsed;
                return [new FuzzFailure(call.Case, "hang", $"no answer after {hangLimit.TotalSeconds:0}s", call.Input)];
            }
        }

        Elapsed = clock.Elapsed;
        return _failures;
    }

    /// <summary>A one-line account of the campaign, for the test log and reports.</summary>
    public string Summary(int seed) =>
        $"{name}: {CasesRun} cases from seed {seed} in {Elapsed.TotalSeconds:0.0}s "
        + $"({Accepted} accepted, {Refused} refused with a located error, {_failures.Count} failures; "
        + $"slowest call {Slowest.Took.TotalMilliseconds:0}ms, case {Slowest.Case} of {Slowest.Length} chars)";

    private void Work(int first, int cases, int seed)
    {
        for (var i = first; i < first + cases && _failures.Count < MaxFailures; i++)
        {
            var input = generate(new Random(CaseSeed(seed, i)));
            CasesRun++;
            if (Probe(i, input, count: true) is not { } failure)
            {
                continue;
            }

            if (_failures.Exists(f => f.Signature == failure.Signature))
            {
                continue;
            }

            _failures.Add(failure.Signature == "slow" ? failure : failure with { Minimal = Shrink(failure) });
        }
    }

    private FuzzFailure? Probe(int index, string input, bool count)
    {
        Volatile.Write(ref _inCall, new InCall(index, input, Stopwatch.GetTimestamp()));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var verdict = property(input);
            var took = Stopwatch.GetElapsedTime(started);
            if (verdict.Broken is { } promise)
            {
                return new FuzzFailure(index, $"broken promise: {promise}", verdict.Detail ?? "", input);
            }

            if (took > FuzzSettings.CallLimit)
            {
                return new FuzzFailure(index, "slow", $"took {took.TotalMilliseconds:0}ms", input);
            }

            if (count)
            {
                _ = verdict.Accepted ? Accepted++ : Refused++;
                Slowest = took > Slowest.Took ? (took, index, input.Length) : Slowest;
            }

            return null;
        }
        catch (Exception e)
        {
            return new FuzzFailure(index, $"{e.GetType().FullName} at {ThrownAt(e)}", e.ToString(), input);
        }
        finally
        {
            Volatile.Write(ref _inCall, null);
        }
    }

    // Delta debugging, simplified: remove ever smaller chunks while the input still fails the same way.
    private string Shrink(FuzzFailure failure)
    {
        var clock = Stopwatch.StartNew();
        var best = failure.Input;
        var parts = 2;
        while (best.Length > 1 && clock.Elapsed < ShrinkTime)
        {
            var chunk = (best.Length + parts - 1) / parts;
            var reduced = false;
            for (var start = 0; start < best.Length && clock.Elapsed < ShrinkTime; start += chunk)
            {
                var candidate = best.Remove(start, Math.Min(chunk, best.Length - start));
                if (Probe(failure.Case, candidate, count: false)?.Signature == failure.Signature)
                {
                    best = candidate;
                    parts = Math.Max(parts - 1, 2);
                    reduced = true;
                    break;
                }
            }

            if (!reduced)
            {
                if (chunk == 1)
                {
                    break;
                }

                parts = Math.Min(parts * 2, best.Length);
            }
        }

        return best;
    }

    private static string ThrownAt(Exception e) =>
        new StackTrace(e, fNeedFileInfo: false).GetFrames().FirstOrDefault()?.GetMethod() is { } method
            ? $"{method.DeclaringType?.FullName}.{method.Name}"
            : "?";

    private sealed record InCall(int Case, string Input, long Started);
}
