using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ManagedBpf.Tests.Tracer.Otlp;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// --metrics scraped by a real Prometheus (Debian's prometheus, tests/prerequisites) on 127.0.0.1, every second:
/// the test runs its own uniquely named program N times and asks Prometheus's HTTP API for its exec count.
/// </summary>
public class PrometheusScrapeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [KernelFact]
    public void PrometheusSeesTheExecCountOfTheTestsProgram()
    {
        const int Execs = 7;
        using var workload = new Workload("pm");
        var metricsPort = OtlpReceiver.FreePort();
        using var tracer = TracerProcess.Start("--comm", workload.Name, "--metrics", $"127.0.0.1:{metricsPort}");
        using var prometheus = new PrometheusServer(metricsPort);
        for (var i = 0; i < Execs; i++)
            Assert.Equal(4, workload.Run("exit 4").ExitCode);

        var answer = WaitForQuery(prometheus, $"proctracer_execs_total{{comm=\"{workload.Name}\"}}", Execs);
        Assert.True(answer == Execs.ToString(CultureInfo.InvariantCulture), $"Prometheus says {answer ?? "nothing"}; its log:\n{prometheus.Log}");
        Assert.Equal(Execs.ToString(CultureInfo.InvariantCulture), WaitForQuery(prometheus, $"proctracer_exits_total{{comm=\"{workload.Name}\"}}", Execs));
        Assert.Equal(Execs.ToString(CultureInfo.InvariantCulture), WaitForQuery(prometheus, "proctracer_exit_codes_total{code=\"4\"}", Execs));
        Assert.Equal("0", prometheus.Query("proctracer_events_lost_total"));
        Assert.Equal("1", prometheus.Query($"proctracer_build_info{{version=\"{ProcTracer.CommandLine.VersionNumber}\"}}"));
        Assert.Equal("1", prometheus.Query("up{job=\"proctracer\"}"));
    }

    private static string? WaitForQuery(PrometheusServer prometheus, string query, int expected)
    {
        string? answer = null;
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && (answer = prometheus.Query(query)) != expected.ToString(CultureInfo.InvariantCulture))
            Thread.Sleep(500);
        return answer;
    }

    /// <summary>prometheus with a temporary config and TSDB, scraping 127.0.0.1:PORT every second.</summary>
    private sealed class PrometheusServer : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("mbpf-prometheus-").FullName;
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
        private readonly int _port = OtlpReceiver.FreePort();

        public PrometheusServer(int target)
        {
            var config = Path.Combine(_directory, "prometheus.yml");
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: proctracer
                    scrape_interval: 1s
                    static_configs:
                      - targets: ['127.0.0.1:{target}']
                """);
            var info = new ProcessStartInfo("prometheus",
                [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--web.listen-address=127.0.0.1:{_port}"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            _process = Process.Start(info)!;
            _process.ErrorDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
            _process.OutputDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        public string Log => string.Join("\n", _log);

        /// <summary>The instant query's one value, or null when it has none (yet) or Prometheus is not up yet.</summary>
        public string? Query(string query)
        {
            using var client = new HttpClient();
            try
            {
                var text = client.GetStringAsync($"http://127.0.0.1:{_port}/api/v1/query?query={Uri.EscapeDataString(query)}").GetAwaiter().GetResult();
                using var json = JsonDocument.Parse(text);
                var result = json.RootElement.GetProperty("data").GetProperty("result");
                return result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
