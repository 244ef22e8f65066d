using Gleaner.Simulator.Compression;

namespace Gleaner.Simulator.Hosting;

/// <summary>What every route handler may read: the frozen options, the shutdown signal, the servers' addresses
/// (known once both are listening) and the lazily built bombs.</summary>
internal sealed class SimulatorContext(SimulatorOptions options, CancellationToken stopping)
{
    public SimulatorOptions Options { get; } = options;

    public TimeProvider Time => Options.Time;

    /// <summary>Fires when the simulator is disposed; every waiting handler honours it.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public Uri BaseUri { get; set; } = new("http://127.0.0.1/");

    public Uri RawBaseUri { get; set; } = new("http://127.0.0.1/");

    public IReadOnlyList<SimulatorRoute> Routes { get; set; } = [];

    public BombCache Bombs { get; } = new(options.BombDecodedBytes, stopping);

    public HandlerTracker Handlers { get; } = new();

    public TrafficLog Traffic { get; } = new();

    /// <summary>Waits on the simulator's clock.</summary>
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, Time, cancellationToken);
}
