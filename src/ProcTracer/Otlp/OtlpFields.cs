namespace ProcTracer.Otlp;

/// <summary>
/// Field numbers of the OTLP messages we write, from opentelemetry-proto (collector/logs/v1/logs_service.proto,
/// logs/v1/logs.proto, common/v1/common.proto, resource/v1/resource.proto; the copies the tests decode with are in
/// tests/ManagedBpf.Tests/Tracer/Otlp/proto).
/// </summary>
internal static class OtlpFields
{
    public const int RequestResourceLogs = 1;
    public const int ResourceLogsResource = 1, ResourceLogsScopeLogs = 2;
    public const int ResourceAttributes = 1;
    public const int ScopeLogsScope = 1, ScopeLogsLogRecords = 2;
    public const int ScopeName = 1, ScopeVersion = 2;

    public const int LogTimeUnixNano = 1, LogSeverityNumber = 2, LogSeverityText = 3, LogAttributes = 6;
    public const int LogObservedTimeUnixNano = 11, LogEventName = 12;

    public const int KeyValueKey = 1, KeyValueValue = 2;
    public const int AnyString = 1, AnyBool = 2, AnyInt = 3, AnyArray = 5;
    public const int ArrayValues = 1;

    /// <summary>SEVERITY_NUMBER_INFO: an event that happened, no error of ours.</summary>
    public const int SeverityInfo = 9;
}
