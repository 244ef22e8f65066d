namespace Gleaner.Simulator;

/// <summary>
/// How a <see cref="HostileSimulator"/> behaves. Every value has a default that matches the scenarios the
/// route table documents; tests shrink the delays and sizes to stay fast.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Port of the HTTP (Kestrel) server on 127.0.0.1; 0 picks an ephemeral port. The raw-socket
    /// server always takes its own ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>The clock behind every delay and behind the weather model. Defaults to the system clock.
    /// With a fake clock, the slow routes (trickles, /good/slow, the reset pause) move only when it is advanced.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// How often the weather pages show a new reading (whole seconds, from 1 s to 1 day). Default 1 minute. A request
    /// may ask for its own with a <c>drift</c> query, e.g. <c>/weather/nyc.json?drift=10s</c> (s, m or h).
    /// </summary>
    public TimeSpan WeatherInterval { get; init; } = WeatherModel.DefaultInterval;

    /// <summary>The gap between single bytes on the trickling routes. Default 2 s.</summary>
    public TimeSpan TrickleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many bytes each decompression bomb decodes to. Default 1 GiB.</summary>
    public long BombDecodedBytes { get; init; } = 1L << 30;

    /// <summary>How many body bytes the huge-body routes send. Default 64 MiB.</summary>
    public long HugeBodyBytes { get; init; } = 64L << 20;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentNullException.ThrowIfNull(Time, nameof(Time));
        WeatherModel.CheckInterval(WeatherInterval, nameof(WeatherInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TrickleInterval, TimeSpan.Zero, nameof(TrickleInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(BombDecodedBytes, 1024, nameof(BombDecodedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(HugeBodyBytes, 1024, nameof(HugeBodyBytes));
    }
}
