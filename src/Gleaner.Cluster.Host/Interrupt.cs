using System.Runtime.InteropServices;

namespace Gleaner.Cluster.Host;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancelled token, so a command winds down in its own way
/// (flush outputs, stop a server); a second one ends the process at once. Commands that need no wind-down do
/// not listen, and the signal ends them as usual.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly string _message;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    private Interrupt(string message, CancellationToken parent)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(parent);
        _message = message;
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _cts.Token;

    public bool Requested => _cts.IsCancellationRequested;

    /// <summary>The exit code the first signal asks for: 130 after SIGINT, 143 after SIGTERM (128 + its number).</summary>
    public int ExitCode { get; private set; } = ExitCodes.Interrupted;

    /// <summary>Listens until disposed; <paramref name="message"/>, unless empty, is printed to stderr on the first signal.</summary>
    public static Interrupt Listen(string message, CancellationToken parent) => new(message, parent);

    private void OnSignal(PosixSignalContext signal)
    {
        if (_cts.IsCancellationRequested)
        {
            return;
        }

        signal.Cancel = true;
        ExitCode = signal.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        if (_message.Length > 0)
        {
            Console.Error.WriteLine(_message);
        }

        _cts.Cancel();
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }
}
