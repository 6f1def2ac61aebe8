"""A reference RMS receiver: a real HTTP server that takes incident documents like an RMS.

It validates each payload against the XSD or the JSON Schema of its version (1.0, 1.1, 2.0 or 2.1: the
XML's namespace, the JSON's ``schema``), checks each file of a 2.x document against its size and
SHA-256, deduplicates by ``Idempotency-Key``, gives a case number, keeps what it received on
disk (the document, and a 2.0 document's files in ``<case number>-files/``) and answers
``201 {"case_number": ...}`` (``200`` with the same number for a repeat). It can be told to
fail: a share of requests answered 503, down (connection refused) for the first seconds,
slow, or refusing every document with 422. Listen on loopback only.
"""

import base64
import binascii
import hashlib
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .formats import (
    InvalidRecord,
    json2_format,
    json11_format,
    json21_format,
    json_format,
    xml2_format,
    xml11_format,
    xml21_format,
    xml_format,
)

# By content type, then by version (the XML's namespace, the JSON's "schema"): every version
# the site ever sent is still taken (an RMS's older destination keeps its version).
VERSIONS = {
    "application/xml": {module.NS: module for module in (xml_format, xml11_format, xml2_format, xml21_format)},
    "application/json": {
        f"openreport.incident/{module.VERSION}": module
        for module in (json_format, json11_format, json2_format, json21_format)
    },
}
EXTENSIONS = {"application/xml": ".xml", "application/json": ".json"}
MAX_BODY = 64 * 1024 * 1024  # the site sends at most RMS_MAX_PAYLOAD_MB (50 MB) by default


def parse(content_type, payload):
    """``(record, files)`` of a payload of either version; ``files`` are ``(name, bytes)`` of a
    2.0 document, each checked against its size and SHA-256. Raises ``InvalidRecord``."""
    parsers = VERSIONS[content_type]
    if content_type == "application/xml":
        from lxml import etree

        try:
            namespace = etree.QName(etree.fromstring(payload, parser=xml_format._safe_parser())).namespace
        except etree.XMLSyntaxError as error:
            raise InvalidRecord(f"not well-formed XML: {error}") from None
    else:
        document = json_format.load(payload)
        namespace = document.get("schema") if isinstance(document, dict) else None
    if namespace not in parsers:
        raise InvalidRecord(f"unknown version {namespace!r}: this receiver takes {', '.join(parsers)}")
    record = parsers[namespace].parse(payload)
    return record, [_verified(attachment) for attachment in record["attachments"] if "data" in attachment]


def _verified(attachment):
    name = attachment["name"]
    try:
        data = base64.b64decode(attachment["data"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRecord(f"attachment {name!r}: its data is not base64") from None
    if len(data) != attachment["size"]:
        raise InvalidRecord(f"attachment {name!r}: {len(data)} bytes, the document says {attachment['size']}")
    if hashlib.sha256(data).hexdigest() != attachment["sha256"]:
        raise InvalidRecord(f"attachment {name!r}: its SHA-256 does not match the document's")
    return name, data


def _file_name(number, name):
    """A name safe on any disk, numbered: two files may have the same name."""
    return f"{number:02d}-{re.sub(r'[^A-Za-z0-9._-]+', '_', name).lstrip('.') or 'file'}"


class Store:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.index_path = self.directory / "index.json"
        self.lock = threading.Lock()
        self.index = json.loads(self.index_path.read_text()) if self.index_path.exists() else {}

    def record(self, key, payload, extension, files=()):
        """(case number, created?) for ``key``; the payload and its ``files`` are kept once."""
        with self.lock:
            if key in self.index:
                return self.index[key], False
            case_number = f"RMS-{time.strftime('%Y')}-{len(self.index) + 1:06d}"
            (self.directory / f"{case_number}{extension}").write_bytes(payload)
            if files:
                folder = self.files_of(case_number)
                folder.mkdir(exist_ok=True)
                for number, (name, data) in enumerate(files, start=1):
                    (folder / _file_name(number, name)).write_bytes(data)
            self.index[key] = case_number
            temporary = self.index_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.index, indent=1))
            temporary.replace(self.index_path)
            return case_number, True

    def files_of(self, case_number):
        """Where the files of a 2.0 document are kept."""
        return self.directory / f"{case_number}-files"


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
        if content_type not in VERSIONS:
            return self._answer(415, {"error": f"unsupported content type {content_type!r}"})
        try:
            record, files = parse(content_type, payload)
        except InvalidRecord as error:
            return self._answer(422, {"error": str(error)})
        if server.reject_invalid:
            return self._answer(422, {"error": "the RMS refused this record (simulated)"})
        if record["reference"] != key:
            return self._answer(422, {"error": "Idempotency-Key does not match the document"})
        case_number, created = server.store.record(key, payload, EXTENSIONS[content_type], files)
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
