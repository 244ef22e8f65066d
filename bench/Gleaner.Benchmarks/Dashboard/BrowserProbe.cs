using Gleaner.Dashboard.Board;

namespace Gleaner.Benchmarks.Dashboard;

internal sealed class BrowserProbe(Uri url, LiveBoard board, DashboardBench.Options options)
{
    public Task RunAsync(CancellationToken cancellationToken) => Task.FromResult((url, board, options));
}
