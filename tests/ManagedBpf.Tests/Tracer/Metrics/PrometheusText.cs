using System.Globalization;
using System.Text;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// A parser of Prometheus's text exposition format 0.0.4, strict where ProcTracer must be correct: every sample's
/// metric has HELP and TYPE lines before it, each metric's samples are together, label values are unescaped
/// (\\, \", \n), and values are Go-style floats.
/// </summary>
internal sealed class PrometheusText
{
    private PrometheusText(List<Sample> samples, Dictionary<string, (string Help, string Type)> metrics)
    {
        Samples = samples;
        Families = metrics;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>HELP and TYPE of each metric.</summary>
    public IReadOnlyDictionary<string, (string Help, string Type)> Families { get; }

    /// <summary>The sample of <paramref name="name"/> with these labels (and no others); fails if none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Find(name, labels) ?? throw new Xunit.Sdk.XunitException($"no sample {name}{{{string.Join(",", labels)}}}");

    public double? Find(string name, params (string Name, string Value)[] labels) =>
        Samples.FirstOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Value;

    public static PrometheusText Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new List<Sample>();
        var metrics = new Dictionary<string, (string Help, string Type)>();
        string? help = null, current = null;
        var finished = new HashSet<string>();
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                if (current is not null)
                    finished.Add(current);
                Assert.DoesNotContain(parts[0], finished);
                (current, help) = (parts[0], parts[1]);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Equal(current, parts[0]);
                Assert.Contains(parts[1], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                metrics[parts[0]] = (help!, parts[1]);
            }
            else
            {
                var sample = ParseSample(line);
                Assert.True(sample.Name == current && metrics.ContainsKey(current), $"sample without HELP and TYPE before it: {line}");
                samples.Add(sample);
            }
        }
        return new PrometheusText(samples, metrics);
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>();
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
            i++;
        var name = line[..i];
        Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", label);
                Assert.Equal('"', line[equals + 1]);
                var value = new StringBuilder();
                for (i = equals + 2; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"bad escape in {line}") });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }
                labels.Add(label, value.ToString());
                i++;
                if (line[i] == ',')
                    i++;
            }
            i++;
        }
        Assert.Equal(' ', line[i]);
        var number = line[(i + 1)..];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}

/// <summary>GET /metrics of a running tracer, again and again until a condition holds.</summary>
internal sealed class MetricsScrape(int port)
{
    public PrometheusText Metrics { get; private set; } = null!;

    /// <summary>The last answer's text, for messages.</summary>
    public string Last { get; private set; } = "";

    public PrometheusText Get()
    {
        using var client = new HttpClient();
        using var response = client.GetAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Last = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return Metrics = PrometheusText.Parse(Last);
    }

    public bool WaitFor(Func<PrometheusText, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (done(Get()))
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(100);
        }
    }
}
