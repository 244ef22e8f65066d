using System.Runtime.InteropServices;

namespace Gleaner.Cli.Watch;

/// <summary>
/// Calls back when the job file may have changed: on SIGHUP, and when the file (or the directory entry for it, as
/// editors save by renaming) changes. Bursts of file events are merged into one call after a short quiet time.
/// </summary>
internal sealed class JobReloader : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly FileSystemWatcher _watcher;
    private readonly PosixSignalRegistration _hangup;
    private readonly Timer _debounce;

    public JobReloader(string jobPath, Action reload)
    {
        var full = Path.GetFullPath(jobPath);
        _debounce = new Timer(_ => reload());
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => Soon();
        _watcher.Created += (_, _) => Soon();
        _watcher.Renamed += (_, _) => Soon();
        _watcher.EnableRaisingEvents = true;
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            _debounce.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        });
    }

    private void Soon() => _debounce.Change(Quiet, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _hangup.Dispose();
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
