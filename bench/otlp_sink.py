"""A stand-in OTLP/HTTP collector for the benchmarks: answers 200 to every POST and counts requests and bytes.

It decodes nothing (tests/ManagedBpf.Tests/Tracer/Otlp does, with opentelemetry-proto); here only the tracer's cost
matters, and a collector that answers at once is the case where the exporter does the most work per second.
"""
import http.server
import threading


class Sink:
    def __init__(self):
        self.requests = 0
        self.bytes = 0
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sink.requests += 1
                sink.bytes += len(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
