using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// A <c>gleaner serve</c> or <c>gleaner watch --serve</c> process (the JIT build) kept running while a test talks to
/// it: its stderr is read as it comes, so the URL it prints is known; <see cref="StopAsync"/> sends SIGTERM.
/// </summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdout;

    private DashboardProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                _url.TrySetException(new InvalidOperationException("gleaner ended before it printed its URL:\n" + Stderr));
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }

            const string prefix = "dashboard: ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                _url.TrySetResult(new Uri(line[prefix.Length..].Split(' ')[0]));
            }
        };
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static DashboardProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new DashboardProcess(Process.Start(start)!);
    }

    /// <summary>The URL it printed on stderr (<c>dashboard: http://127.0.0.1:PORT/</c>).</summary>
    public Task<Uri> UrlAsync() => _url.Task.WaitAsync(Patience);

    /// <summary>Sends SIGTERM and waits for it to end; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        await _stdout;
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
