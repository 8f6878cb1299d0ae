using System.Buffers;
using System.Text.Json;

namespace ProcTracer.Lifecycle;

/// <summary>
/// Lifecycle records as JSON lines, one object per line (the schema is in README.md, "JSON output"): <c>time</c>,
/// <c>event</c>, then the record's fields (<see cref="RecordFields"/>). Control and format characters become \u
/// escapes (<see cref="JsonTextEncoder"/>). Written with <see cref="Utf8JsonWriter"/> straight into the pending
/// output: no reflection, nothing to trim.
/// </summary>
internal sealed class JsonRecords : IRecordWriter, IFieldSink
{
    private readonly IBufferWriter<byte> _output;
    private readonly RecordFields _fields;
    private readonly Utf8JsonWriter _json;
    private readonly string _version;

    /// <param name="output">Where the lines go.</param>
    /// <param name="context">What records are enriched with.</param>
    /// <param name="version">The tracer's version, for the start record.</param>
    public JsonRecords(IBufferWriter<byte> output, RecordContext context, string version)
    {
        _output = output;
        _fields = new RecordFields(context);
        _version = version;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JsonTextEncoder.Instance, SkipValidation = true });
    }

    private RecordContext Context => _fields.Context;

    public void Start()
    {
        Begin("start"u8, Context.Clock.RecordTime((ulong)ManagedBpf.Kernel.BootClock.Now));
        _json.WriteString(JsonNames.BootId, Context.Identity.BootId);
        _json.WriteString(JsonNames.Version, _version);
        End();
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        Begin("exec"u8, Context.Clock.RecordTime(record.Header.TimeNs));
        _fields.Exec(record, strings, this);
        End();
    }

    public void Exit(in ExitRecord record)
    {
        Begin(record.Header.Type == RecordType.ThreadExit ? "thread_exit"u8 : "exit"u8, Context.Clock.RecordTime(record.Header.TimeNs));
        _fields.Exit(record, this);
        End();
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        Begin("exec_failed"u8, Context.Clock.RecordTime(record.Header.TimeNs));
        _fields.ExecFailed(record, filename, this);
        End();
    }

    public void Lost(ulong count, ulong total)
    {
        Begin("lost"u8, Context.Clock.RecordTime((ulong)ManagedBpf.Kernel.BootClock.Now));
        _json.WriteNumber(JsonNames.Count, count);
        _json.WriteNumber(JsonNames.Total, total);
        End();
    }

    void IFieldSink.String(JsonEncodedText name, ReadOnlySpan<byte> utf8) => _json.WriteString(name, utf8);

    void IFieldSink.String(JsonEncodedText name, string value) => _json.WriteString(name, value);

    void IFieldSink.Number(JsonEncodedText name, long value) => _json.WriteNumber(name, value);

    void IFieldSink.Number(JsonEncodedText name, ulong value) => _json.WriteNumber(name, value);

    void IFieldSink.Boolean(JsonEncodedText name, bool value) => _json.WriteBoolean(name, value);

    void IFieldSink.StartArray(JsonEncodedText name) => _json.WriteStartArray(name);

    void IFieldSink.ArrayItem(ReadOnlySpan<byte> utf8) => _json.WriteStringValue(utf8);

    void IFieldSink.EndArray() => _json.WriteEndArray();

    private void Begin(ReadOnlySpan<byte> kind, long unixNanoseconds)
    {
        _json.Reset(_output);
        _json.WriteStartObject();
        _fields.Time(this, JsonNames.Time, unixNanoseconds);
        _json.WriteString(JsonNames.Event, kind);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.GetSpan(1)[0] = (byte)'\n';
        _output.Advance(1);
    }
}
