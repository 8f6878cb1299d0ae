using System.Runtime.InteropServices;

namespace ProcTracer;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP end the poll loop instead of the process, so that disposal detaches the links and
/// closes the maps and the tracer exits 0. (SIGPIPE needs nothing: .NET ignores it, and a write to a pipe whose
/// reader is gone fails with EPIPE, which <see cref="RowWriter"/> turns into a quiet stop.)
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private StopSignals(CancellationTokenSource stop)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler(stop)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler(stop)),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handler(stop)),
        ];
    }

    public static StopSignals Register(CancellationTokenSource stop) => new(stop);

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }

    private static Action<PosixSignalContext> Handler(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };
}
