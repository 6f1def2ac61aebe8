"""A small HTTP load generator: threads, one ``http.client`` connection each (kept alive when
the server allows it), bounded in time and in request count, loopback only."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # the only address the benchmark ever sends load to


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    tag: object = None  # given back to ``accept`` (e.g. the one-time token the POST used)


@dataclass
class LoadResult:
    concurrency: int
    requests: int = 0
    accepted: int = 0
    refused: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    accepted_tags: list = field(default_factory=list)
    samples: list = field(default_factory=list)  # the first few refused answers, to say why

    @property
    def rps(self):
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile(self, p):
        return percentile(self.latencies, p)

    def summary(self):
        return {
            "concurrency": self.concurrency,
            "requests": self.requests,
            "accepted": self.accepted,
            "refused": self.refused,
            "errors": self.errors,
            "elapsed_s": round(self.elapsed, 3),
            "rps": round(self.rps, 2),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
            "queries": statistics.median(self.queries) if self.queries else None,
            "queries_max": max(self.queries) if self.queries else None,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "refused_samples": self.samples,
        }


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run(port, make_request, accept, *, concurrency, max_requests, max_seconds, timeout=60):
    """Send requests made by ``make_request(i)`` (None: nothing left to send) from
    ``concurrency`` threads until ``max_requests`` were sent or ``max_seconds`` passed.
    ``accept(status, headers, body, request)`` says whether the server did what was asked."""
    result = LoadResult(concurrency=concurrency)
    lock = threading.Lock()
    counter = iter(range(max_requests))
    start = time.monotonic()
    deadline = start + max_seconds
    last_done = [start]

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            while time.monotonic() < deadline:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                request = make_request(index)
                if request is None:
                    return
                began = time.monotonic()
                try:
                    connection.request(request.method, request.path, body=request.body, headers=request.headers)
                    response = connection.getresponse()
                    body = response.read()
                    status, headers = response.status, response.headers
                    if response.will_close:
                        connection.close()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    with lock:
                        result.errors += 1
                        result.requests += 1
                    continue
                took = time.monotonic() - began
                ok = accept(status, headers, body, request)
                with lock:
                    result.requests += 1
                    result.latencies.append(took)
                    result.statuses[status] = result.statuses.get(status, 0) + 1
                    count = headers.get("X-Bench-Queries")
                    if count is not None:
                        result.queries.append(int(count))
                    if ok:
                        result.accepted += 1
                        result.accepted_tags.append(request.tag)
                    else:
                        result.refused += 1
                        if len(result.samples) < 3:
                            result.samples.append(
                                f"{request.method} {request.path} -> {status} {headers.get('Location') or ''} "
                                f"{body[:300]!r}"
                            )
                    last_done[0] = time.monotonic()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + timeout + 5)
    result.elapsed = max(last_done[0] - start, 1e-9)
    return result
