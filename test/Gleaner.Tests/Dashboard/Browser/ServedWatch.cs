using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Dashboard.Browser;

/// <summary>
/// <c>gleaner watch JOB --store FILE --serve --port 0</c> as a user runs it: a separate process (the JIT build) whose
/// dashboard address is read from its stderr (<c>dashboard: http://127.0.0.1:PORT/</c>), stopped with SIGTERM.
/// </summary>
internal sealed class ServedWatch : IAsyncDisposable
{
    private const string DashboardLine = "dashboard: ";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServedWatch(Process process)
    {
        _process = process;
    }

    /// <summary>The dashboard's address, as the watch printed it.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>What the watch wrote to stderr so far (its start, reloads, problems).</summary>
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

    /// <summary>Starts the watch and returns once its dashboard listens; fails with its stderr if it never does.</summary>
    public static async Task<ServedWatch> StartAsync(string job, string store)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll"), "watch", job, "--store", store, "--serve", "--port", "0"])
        {
            start.ArgumentList.Add(arg);
        }

        var watch = new ServedWatch(new Process { StartInfo = start });
        watch._process.ErrorDataReceived += (_, line) => watch.OnStderr(line.Data);
        // Piped, the watch prints a line per sample; it is read only so that the pipe never fills.
        watch._process.OutputDataReceived += (_, _) => { };
        watch._process.Start();
        watch._process.BeginErrorReadLine();
        watch._process.BeginOutputReadLine();

        var exited = watch._process.WaitForExitAsync();
        var first = await Task.WhenAny(watch._dashboard.Task, exited, Task.Delay(StartPatience));
        if (first != watch._dashboard.Task)
        {
            var why = first == exited ? $"exited with {watch._process.ExitCode}" : $"printed no dashboard address in {StartPatience.TotalSeconds:0} s";
            await watch.DisposeAsync();
            throw new InvalidOperationException($"gleaner watch --serve {why}; its stderr:\n{watch.Stderr}");
        }

        watch.Url = await watch._dashboard.Task;
        return watch;
    }

    /// <summary>Sends SIGTERM and waits for the clean stop; kills the process if it does not stop in time.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(StopPatience);
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }

        if (line.StartsWith(DashboardLine, StringComparison.Ordinal))
        {
            _dashboard.TrySetResult(new Uri(line[DashboardLine.Length..].Split(' ')[0]));
        }
    }
}
