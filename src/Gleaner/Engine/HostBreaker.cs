using Gleaner.Targets;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Gleaner.Engine;

/// <summary>
/// A host's circuit breaker (Polly): after a few attempts in a row that say the host itself is down (DNS, refused,
/// connect timeout, TLS), the host's remaining targets fail fast with that same outcome instead of each waiting
/// out its own deadline. One per host while the host has targets in a run; it goes with them.
/// </summary>
internal sealed class HostBreaker
{
    private const int ConsecutiveFailures = 5;
    private TargetResult? _lastDown;

    public HostBreaker(TimeProvider time, string host, ILogger logger)
    {
        Pipeline = new ResiliencePipelineBuilder<TargetResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<TargetResult>
            {
                FailureRatio = 1.0,
                MinimumThroughput = ConsecutiveFailures,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && TransientOutcomes.IsHostDown(r)),
                OnOpened = args =>
                {
                    EngineMetrics.BreakerChanged("open");
                    EngineLog.BreakerOpened(logger, host, args.BreakDuration, args.Outcome.Result?.Outcome);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    EngineMetrics.BreakerChanged("half_open");
                    return default;
                },
                OnClosed = _ =>
                {
                    EngineMetrics.BreakerChanged("closed");
                    EngineLog.BreakerClosed(logger, host);
                    return default;
                },
            })
            .Build();
    }

    public ResiliencePipeline<TargetResult> Pipeline { get; }

    /// <summary>The last host-down result, used to name the outcome of targets the open breaker refuses.</summary>
    public TargetResult? LastDown => Volatile.Read(ref _lastDown);

    public void Observe(TargetResult result)
    {
        if (TransientOutcomes.IsHostDown(result))
        {
            Volatile.Write(ref _lastDown, result);
        }
    }
}
