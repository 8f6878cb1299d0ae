using System.Text.Json;
using ProcTracer.Lifecycle;

namespace ProcTracer.Otlp;

/// <summary>
/// Lifecycle records as OpenTelemetry log records (logs.proto's LogRecord), each encoded on the ring's thread and
/// offered to the <see cref="OtlpQueue"/>, which drops it (and counts it) rather than wait when it is full. The event
/// name goes in LogRecord.event_name (field 12, OTLP 1.5) and, for collectors older than that field, in the
/// attribute event.name; the attributes are the --json fields, by the same names (<see cref="RecordFields"/>). The
/// time is the event's, from the kernel's clock; the observed time is when the tracer read it.
/// </summary>
internal sealed class OtlpRecords(RecordContext context, OtlpQueue queue) : IRecordWriter, IFieldSink
{
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event.name");

    private readonly RecordFields _fields = new(context);
    private readonly ProtobufWriter _record = new(4096);
    private readonly Stack<int> _arrays = new();
    private readonly Stack<int> _keyValue = new();

    /// <summary>Nothing: the stream of log records has no header.</summary>
    public void Start()
    {
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        Begin("process.exec", record.Header.TimeNs);
        _fields.Exec(record, strings, this);
        Offer();
    }

    public void Exit(in ExitRecord record)
    {
        Begin(record.Header.Type == RecordType.ThreadExit ? "thread.exit" : "process.exit", record.Header.TimeNs);
        _fields.Exit(record, this);
        Offer();
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        Begin("process.exec_failed", record.Header.TimeNs);
        _fields.ExecFailed(record, filename, this);
        Offer();
    }

    public void Lost(ulong count, ulong total)
    {
        Begin("proctracer.events_lost", (ulong)ManagedBpf.Kernel.BootClock.Now);
        IFieldSink sink = this;
        sink.Number(JsonNames.Count, count);
        sink.Number(JsonNames.Total, total);
        Offer();
    }

    void IFieldSink.String(JsonEncodedText name, ReadOnlySpan<byte> utf8)
    {
        var value = Attribute(name);
        _record.Bytes(OtlpFields.AnyString, utf8);
        EndAttribute(value);
    }

    void IFieldSink.String(JsonEncodedText name, string value)
    {
        var mark = Attribute(name);
        _record.String(OtlpFields.AnyString, value);
        EndAttribute(mark);
    }

    void IFieldSink.Number(JsonEncodedText name, long value)
    {
        var mark = Attribute(name);
        _record.Varint(OtlpFields.AnyInt, (ulong)value);
        EndAttribute(mark);
    }

    /// <summary>AnyValue has only int64: counts and ids past 2^63 would wrap, and none of ours come near.</summary>
    void IFieldSink.Number(JsonEncodedText name, ulong value) => ((IFieldSink)this).Number(name, (long)value);

    void IFieldSink.Boolean(JsonEncodedText name, bool value)
    {
        var mark = Attribute(name);
        _record.Varint(OtlpFields.AnyBool, value ? 1UL : 0UL);
        EndAttribute(mark);
    }

    void IFieldSink.StartArray(JsonEncodedText name)
    {
        _arrays.Push(Attribute(name));
        _arrays.Push(_record.Begin(OtlpFields.AnyArray));
    }

    void IFieldSink.ArrayItem(ReadOnlySpan<byte> utf8)
    {
        var item = _record.Begin(OtlpFields.ArrayValues);
        _record.Bytes(OtlpFields.AnyString, utf8);
        _record.End(item);
    }

    void IFieldSink.EndArray()
    {
        _record.End(_arrays.Pop());
        EndAttribute(_arrays.Pop());
    }

    private void Begin(string eventName, ulong eventBootNanoseconds)
    {
        _record.Reset();
        _record.Fixed64(OtlpFields.LogTimeUnixNano, (ulong)context.Clock.ToUnix(eventBootNanoseconds));
        _record.Fixed64(OtlpFields.LogObservedTimeUnixNano, (ulong)((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100));
        _record.Varint(OtlpFields.LogSeverityNumber, OtlpFields.SeverityInfo);
        _record.String(OtlpFields.LogSeverityText, "INFO");
        _record.String(OtlpFields.LogEventName, eventName);
        ((IFieldSink)this).String(EventName, eventName);
    }

    /// <summary>Opens a KeyValue in the attributes and its AnyValue; returns the marks packed for <see cref="EndAttribute"/>.</summary>
    private int Attribute(JsonEncodedText name)
    {
        _keyValue.Push(_record.Begin(OtlpFields.LogAttributes));
        _record.Bytes(OtlpFields.KeyValueKey, name.EncodedUtf8Bytes);
        return _record.Begin(OtlpFields.KeyValueValue);
    }

    private void EndAttribute(int value)
    {
        _record.End(value);
        _record.End(_keyValue.Pop());
    }

    private void Offer() => queue.TryAdd(_record.Written);
}
