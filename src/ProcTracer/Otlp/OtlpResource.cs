namespace ProcTracer.Otlp;

/// <summary>
/// The Resource and InstrumentationScope every request repeats, encoded once. Resource attributes from the semantic
/// conventions: host.name (the kernel's nodename), host.id (/etc/machine-id, which OpenTelemetry's host detector
/// reads too), os.type, service.name and service.version; then OTEL_RESOURCE_ATTRIBUTES, whose keys win over those
/// detected; then OTEL_SERVICE_NAME, which wins over both for service.name (the SDK specification's order).
/// </summary>
internal sealed class OtlpResource
{
    private const string MachineIdPath = "/etc/machine-id";

    private OtlpResource(IReadOnlyList<KeyValuePair<string, string>> attributes, string version)
    {
        Attributes = attributes;
        var writer = new ProtobufWriter();
        var resource = writer.Begin(OtlpFields.ResourceLogsResource);
        foreach (var (key, value) in attributes)
        {
            var keyValue = writer.Begin(OtlpFields.ResourceAttributes);
            writer.String(OtlpFields.KeyValueKey, key);
            var any = writer.Begin(OtlpFields.KeyValueValue);
            writer.String(OtlpFields.AnyString, value);
            writer.End(any);
            writer.End(keyValue);
        }
        writer.End(resource);
        Encoded = writer.Written.ToArray();
        writer.Reset();
        writer.String(OtlpFields.ScopeName, "proctracer");
        writer.String(OtlpFields.ScopeVersion, version);
        Scope = writer.Written.ToArray();
    }

    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; }

    /// <summary>ResourceLogs.resource, tag and length included.</summary>
    public byte[] Encoded { get; }

    /// <summary>The fields of ScopeLogs.scope (name, version), without their tag.</summary>
    public byte[] Scope { get; }

    public static OtlpResource Detect(string version, Func<string, string?> environment)
    {
        var attributes = new List<KeyValuePair<string, string>> { new("host.name", Environment.MachineName) };
        if (MachineId() is { } id)
            attributes.Add(new("host.id", id));
        attributes.Add(new("os.type", "linux"));
        attributes.Add(new("service.name", "proctracer"));
        attributes.Add(new("service.version", version));
        foreach (var pair in OtlpSettings.Pairs(environment("OTEL_RESOURCE_ATTRIBUTES")))
            Set(attributes, pair.Key, pair.Value);
        if (environment("OTEL_SERVICE_NAME") is { Length: > 0 } service)
            Set(attributes, "service.name", service);
        return new OtlpResource(attributes, version);
    }

    private static void Set(List<KeyValuePair<string, string>> attributes, string key, string value)
    {
        var index = attributes.FindIndex(a => a.Key == key);
        if (index >= 0)
            attributes[index] = new(key, value);
        else
            attributes.Add(new(key, value));
    }

    private static string? MachineId()
    {
        try
        {
            return File.ReadAllText(MachineIdPath).Trim() is { Length: > 0 } id ? id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
