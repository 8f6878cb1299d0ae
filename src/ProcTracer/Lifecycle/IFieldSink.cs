using System.Text.Json;

namespace ProcTracer.Lifecycle;

/// <summary>
/// Where <see cref="RecordFields"/> puts a record's fields: a JSON object (<see cref="JsonRecords"/>) or an
/// OpenTelemetry log record's attributes (Otlp/OtlpRecords). One walk over the record, so both carry the same
/// names (<see cref="JsonNames"/>) and the same values. Strings arrive as valid UTF-8.
/// </summary>
internal interface IFieldSink
{
    void String(JsonEncodedText name, ReadOnlySpan<byte> utf8);

    void String(JsonEncodedText name, string value);

    void Number(JsonEncodedText name, long value);

    void Number(JsonEncodedText name, ulong value);

    void Boolean(JsonEncodedText name, bool value);

    /// <summary>An array of strings: <see cref="ArrayItem"/> for each, then <see cref="EndArray"/>.</summary>
    void StartArray(JsonEncodedText name);

    void ArrayItem(ReadOnlySpan<byte> utf8);

    void EndArray();
}
