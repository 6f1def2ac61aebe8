"""A reference RMS receiver: a real HTTP server that takes incident documents like an RMS.

It validates each payload against the XSD or the JSON Schema, deduplicates by
``Idempotency-Key``, gives a case number, keeps what it received on disk and answers
``201 {"case_number": ...}`` (``200`` with the same number for a repeat). It can be told to
fail: a share of requests answered 503, down (connection refused) for the first seconds,
slow, or refusing every document with 422. Listen on loopback only.
"""

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .formats import InvalidRecord, json_format, xml_format

PARSERS = {"application/xml": (xml_format, ".xml"), "application/json": (json_format, ".json")}
MAX_BODY = 20 * 1024 * 1024


class Store:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.index_path = self.directory / "index.json"
        self.lock = threading.Lock()
        self.index = json.loads(self.index_path.read_text()) if self.index_path.exists() else {}

    def record(self, key, payload, extension):
        """(case number, created?) for ``key``; the payload is kept once."""
        with self.lock:
            if key in self.index:
                return self.index[key], False
            case_number = f"RMS-{time.strftime('%Y')}-{len(self.index) + 1:06d}"
            (self.directory / f"{case_number}{extension}").write_bytes(payload)
            self.index[key] = case_number
            temporary = self.index_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.index, indent=1))
            temporary.replace(self.index_path)
            return case_number, True


class Handler(BaseHTTPRequestHandler):
    server_version = "OpenReportReferenceRMS/1.0"

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            return self._answer(200, {"records": len(self.server.store.index)})
        return self._answer(404, {"error": "not found"})

    def do_POST(self):
        server = self.server
        if server.latency:
            time.sleep(server.latency)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._answer(413, {"error": "too large"})
        payload = self.rfile.read(length)
        if server.fail_rate and random.random() < server.fail_rate:  # noqa: S311
            return self._answer(503, {"error": "simulated outage"})
        key = self.headers.get("Idempotency-Key", "").strip()
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip()
        if not key:
            return self._answer(400, {"error": "Idempotency-Key header required"})
        if content_type not in PARSERS:
            return self._answer(415, {"error": f"unsupported content type {content_type!r}"})
        parser, extension = PARSERS[content_type]
        try:
            record = parser.parse(payload)
        except InvalidRecord as error:
            return self._answer(422, {"error": str(error)})
        if server.reject_invalid:
            return self._answer(422, {"error": "the RMS refused this record (simulated)"})
        if record["reference"] != key:
            return self._answer(422, {"error": "Idempotency-Key does not match the document"})
        case_number, created = server.store.record(key, payload, extension)
        return self._answer(201 if created else 200, {"case_number": case_number})


class ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, store_dir, *, fail_rate=0.0, latency_ms=0, reject_invalid=False, verbose=False):
        super().__init__(address, Handler)
        self.store = Store(store_dir)
        self.fail_rate = fail_rate
        self.latency = latency_ms / 1000
        self.reject_invalid = reject_invalid
        self.verbose = verbose


def serve(host, port, store_dir, *, down_for=0, **options):
    """Serve until interrupted; with ``down_for`` seconds, refuse connections that long first."""
    if down_for:
        time.sleep(down_for)
    with ReceiverServer((host, port), store_dir, **options) as server:
        server.serve_forever()
