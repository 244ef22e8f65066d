using Microsoft.Extensions.Hosting;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// Replaces the generic host's console lifetime, which would catch SIGINT and SIGTERM itself: the command listens
/// (<see cref="Interrupt"/>), stops the host and exits with the code of the signal it got.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
