using System.Globalization;

namespace ProcTracer.Otlp;

/// <summary>
/// Where and how log records are exported, from --otlp and the OpenTelemetry SDK's environment variables
/// (opentelemetry.io/docs/specs/otel/protocol/exporter): the logs endpoint is OTEL_EXPORTER_OTLP_LOGS_ENDPOINT as it
/// is, or a base endpoint (--otlp URL, else OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318) with
/// <c>v1/logs</c> appended; gzip with --otlp-gzip or OTEL_EXPORTER_OTLP_[LOGS_]COMPRESSION=gzip; extra headers
/// from OTEL_EXPORTER_OTLP_[LOGS_]HEADERS (<c>key=value,...</c>, values percent-encoded).
/// </summary>
internal sealed record OtlpSettings(Uri Endpoint, bool Gzip, int QueueCapacity, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>--otlp's value that takes the endpoint from the environment alone.</summary>
    public const string FromEnvironment = "env";

    public const string DefaultBase = "http://localhost:4318";

    /// <summary>The settings for --otlp <paramref name="url"/>; a message (for a usage error) when they are invalid.</summary>
    public static OtlpSettings Resolve(string url, bool gzip, int queueCapacity, Func<string, string?> environment)
    {
        var endpoint = url != FromEnvironment ? Logs(url)
            : NonEmpty(environment("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT")) is { } logs ? Parse(logs)
            : Logs(NonEmpty(environment("OTEL_EXPORTER_OTLP_ENDPOINT")) ?? DefaultBase);
        var compression = NonEmpty(environment("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION")) ?? environment("OTEL_EXPORTER_OTLP_COMPRESSION");
        var headers = Pairs(environment("OTEL_EXPORTER_OTLP_HEADERS")).Concat(Pairs(environment("OTEL_EXPORTER_OTLP_LOGS_HEADERS"))).ToArray();
        return new OtlpSettings(endpoint, gzip || compression == "gzip", queueCapacity, headers);
    }

    /// <summary>A base endpoint with the logs path appended: the spec's "v1/logs" relative to it.</summary>
    private static Uri Logs(string baseUrl) => Parse(baseUrl.TrimEnd('/') + "/v1/logs");

    private static Uri Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new FormatException($"Invalid OTLP endpoint: {url} (http://HOST:PORT)");
        if (uri.Scheme == "https")
            throw new FormatException($"Invalid OTLP endpoint: {url} (https is not supported: send to a local collector over http; docs/fleet.md)");
        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS: W3C Baggage-like <c>k=v,k=v</c>, percent-decoded.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Pairs(string? list)
    {
        foreach (var item in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=');
            if (equals > 0)
                yield return new(Uri.UnescapeDataString(item[..equals].Trim()), Uri.UnescapeDataString(item[(equals + 1)..].Trim()));
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint} (queue {QueueCapacity}{(Gzip ? ", gzip" : "")})");
}
