using System.Runtime.InteropServices;
using ManagedBpf.Kernel;

namespace ProcTracer;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP end the poll loop instead of the process, so that disposal detaches the links and
/// closes the maps and the tracer exits 0. SIGINT and SIGTERM do so even when the tracer started with them ignored
/// (<c>proctracer &amp;</c> from a script: the shell ignores SIGINT in background jobs), as bootstrap's signal()
/// handlers do; an ignored SIGHUP stays ignored, which is what <c>nohup</c> asks. (SIGPIPE needs nothing: .NET
/// ignores it, and a write to a pipe whose reader is gone fails with EPIPE, which ends the tracer quietly.)
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private StopSignals(CancellationTokenSource stop)
    {
        // Before the registrations: .NET reads each disposition when it first installs its handler.
        SignalDisposition.RestoreIfIgnored(PosixSignal.SIGINT);
        SignalDisposition.RestoreIfIgnored(PosixSignal.SIGTERM);
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
