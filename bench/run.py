"""``python -m bench`` (``make bench``): starts its own stack on 127.0.0.1, measures, prints the
table, writes it under ``bench/results/`` and stops everything it started.

The stack: a fresh PostgreSQL database ``openreport_bench_<pid>`` (on the server of
``DATABASE_URL`` when it is a loopback PostgreSQL URL, else the local server), gunicorn with 2
sync workers and ``bench.settings`` (DEBUG off), Redis DB 13 as the Celery broker, Celery
workers and the reference RMS receiver for the outbox. Every process started here is stopped by
its process id at the end, also on failure, Ctrl-C or SIGTERM; every load loop is bounded in
time and in count. See docs/performance.md.
"""

import argparse
import contextlib
import datetime
import hashlib
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
REDIS_DB = 13
HOST = "127.0.0.1"
DB_PREFIX = "openreport_bench"
GEN_PREFIX = "DRPS"
LOCK_KEY = "openreport:bench:running"

FULL = {
    "reps": 3,
    "concurrencies": (8, 32),
    "submit_seconds": 8.0,
    "submit_max": 2000,  # ours: each needs a prepared session
    "submit_max_baselines": 10_000,  # stock and bare: enough for the whole window
    "get_seconds": 5.0,
    "get_max": 5000,
    "reviewer_sizes": (1_000, 100_000),
    "reviewer_requests": 30,
    "export_sizes": (10_000, 100_000),
    "export_reps": 3,
    "outbox_count": 400,
    "outbox_timeout": 120.0,
    "agencies": 50,  # the reviewer's screens again with the reports spread over this many agencies
}
QUICK = {
    "reps": 1,
    "concurrencies": (8,),
    "submit_seconds": 1.5,
    "submit_max": 40,
    "submit_max_baselines": 40,
    "get_seconds": 1.0,
    "get_max": 40,
    "reviewer_sizes": (100, 300),
    "reviewer_requests": 3,
    "export_sizes": (300,),
    "export_reps": 1,
    "outbox_count": 10,
    "outbox_timeout": 40.0,
    "agencies": 3,
}

TARGETS = {
    "submit_vs_bare": 0.5,
    "get_vs_bare": 0.7,
    "reviewer_p95_ms": 150.0,
    "export_rps": 5000.0,
    "export_rss_mb": 250.0,
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


# Processes ---------------------------------------------------------------------------------------


class Stack:
    """Every process the benchmark starts, each in its own process group, stopped by its id."""

    def __init__(self, logs):
        self.logs = logs
        self.processes = []

    def start(self, name, argv, env):
        log_file = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        log_file.close()
        process.bench_name = name
        self.processes.append(process)
        return process

    def stop(self, process, timeout=15):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=timeout)
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self):
        for process in list(reversed(self.processes)):
            with contextlib.suppress(Exception):
                self.stop(process)


def free_port(start=8100, end=8199):
    for port in range(start, end + 1):
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8199")


def wait_http(port, path, timeout, process=None):
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.bench_name} exited with {process.returncode}: see its log")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered on {HOST}:{port}{path} within {timeout:.0f} s")


# Database ----------------------------------------------------------------------------------------


def server_settings():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"bench: refusing a database server that is not on this machine ({host})")
    return {
        "host": host,
        "port": parts.port or 5432,
        "user": urllib.parse.unquote(parts.username or "postgres"),
        "password": urllib.parse.unquote(parts.password or ""),
    }


def admin_connection(server):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", connect_timeout=5, **server)
    connection.autocommit = True
    return connection


def database_url(server, name):
    auth = urllib.parse.quote(server["user"])
    if server["password"]:
        auth += ":" + urllib.parse.quote(server["password"])
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def template_name():
    """The migrated and seeded database is kept as a template, keyed by the code that builds it."""
    digest = hashlib.sha256()
    for folder in ("forms_app", "workflows", "rms_export", "website", "bench/baseline"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts or path.name in ("demo.py", "demo_content.py", "seed_demo.py"):
                digest.update(path.read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes())
    return f"{DB_PREFIX}_tpl_{digest.hexdigest()[:12]}"


def redis_client():
    import redis

    return redis.Redis(host=HOST, port=6379, db=REDIS_DB, socket_timeout=5)


def services_reachable():
    problems = []
    try:
        admin_connection(server_settings()).close()
    except Exception as error:
        problems.append(f"PostgreSQL: {error}")
    try:
        redis_client().ping()
    except Exception as error:
        problems.append(f"Redis: {error}")
    return problems


# The runner --------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.cfg = dict(QUICK if args.quick else FULL)
        if args.reps:
            self.cfg["reps"] = args.reps
        if args.agencies is not None:
            self.cfg["agencies"] = args.agencies
        self.work = Path(tempfile.mkdtemp(prefix="openreport-bench-"))
        self.logs = self.work / "logs"
        self.logs.mkdir()
        self.stack = Stack(self.logs)
        self.server = server_settings()
        self.db_name = f"{DB_PREFIX}_{os.getpid()}"
        self.password = uuid.uuid4().hex
        self.results = {
            "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "mode": ("quick" if args.quick else "full") + ("-reviewer" if args.reviewer_only else ""),
            "config": {k: list(v) if isinstance(v, tuple) else v for k, v in self.cfg.items()},
            "machine": machine(),
            "citizen": {"submit": [], "get": []},
            "reviewer": {},
            "export": {"batch": [], "outbox": []},
            "accounting": [],
            "targets": TARGETS,
        }
        self.failures = []

    # Setup ---------------------------------------------------------------------------------

    def env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url(self.server, self.db_name),
            "CELERY_BROKER_URL": f"redis://{HOST}:6379/{REDIS_DB}",
            "CACHE_URL": "locmemcache://",
            "CONN_MAX_AGE": "60",
            "DEMO_PASSWORD": self.password,
            "MEDIA_ROOT": str(self.work / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.work / "private-media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def create_database(self):
        template = template_name()
        admin = admin_connection(self.server)
        try:
            with admin.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
                if cursor.fetchone() is None or self.args.no_template:
                    log(f"building the migrated, seeded template database {template} (once per code version)")
                    self._build_template(admin, template)
                cursor.execute(f'CREATE DATABASE "{self.db_name}" TEMPLATE "{template}"')
        finally:
            admin.close()
        log(f"database {self.db_name} (from {template})")

    def _build_template(self, admin, template):
        building = f"{template}_build_{os.getpid()}"
        with admin.cursor() as cursor:
            # Templates of older code versions go.
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{DB_PREFIX}\\_tpl\\_%"])
            for (stale,) in cursor.fetchall():
                cursor.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            cursor.execute(f'CREATE DATABASE "{building}"')
        env = {**self.env(), "DATABASE_URL": database_url(self.server, building)}
        try:
            for command in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["bench_seed"]):
                subprocess.run(  # noqa: S603
                    [PYTHON, "manage.py", *command],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    timeout=600,
                )
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
                cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except BaseException:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            raise

    def drop_database(self):
        from django.db import connections

        connections.close_all()
        admin = admin_connection(self.server)
        try:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        finally:
            admin.close()

    def setup_django(self):
        os.environ.update(self.env())
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from wagtail.models import Site

        from bench.baseline.models import StockFormPage
        from forms_app.models import ReportFormPage

        self.site = Site.objects.get(is_default_site=True)
        self.fraud = ReportFormPage.objects.child_of(self.site.root_page).get(slug="report-fraud")
        self.stock = StockFormPage.objects.get()
        self.reviewer = get_user_model().objects.get(username="reviewer")
        # Passwords of the template's demo users differ per run: set the reviewer's.
        self.reviewer.set_password(self.password)
        self.reviewer.save(update_fields=["password"])
        self.redis = redis_client()
        # DB 13 is the benchmark's own: start it empty (but for the lock that says a bench runs).
        for key in self.redis.scan_iter(count=1000):
            if key != LOCK_KEY.encode():
                self.redis.delete(key)

    def start_web(self):
        self.port = free_port()
        argv = [
            str(BIN / "gunicorn"),
            "website.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.web = self.stack.start("gunicorn", argv, self.env())
        wait_http(self.port, "/bench/bare/", 90, self.web)
        log(f"gunicorn (2 sync workers) on {HOST}:{self.port}, pid {self.web.pid}")

    # Main ----------------------------------------------------------------------------------

    def run(self):
        began = time.monotonic()
        self.create_database()
        self.setup_django()
        self.start_web()
        from bench import agencies, phases

        phases.reviewer(self)
        agencies.agencies(self)
        if not self.args.reviewer_only:
            phases.citizen(self)
            phases.export(self)
        self.results["duration_s"] = round(time.monotonic() - began, 1)
        self.results["passed"] = not self.failures
        self.results["failures"] = self.failures
        from bench.report import render, write

        text = render(self.results)
        print(text, flush=True)
        paths = write(self.results, text, RESULTS)
        log(f"results: {', '.join(str(p) for p in paths)}")
        return 0 if not self.failures else 1

    def account(self, section, label, checks):
        """Record an accounting check: ``checks`` maps a description to (expected, found)."""
        failed = {k: v for k, v in checks.items() if v[0] != v[1]}
        entry = {
            "section": section,
            "run": label,
            "ok": not failed,
            "checks": {k: {"expected": v[0], "found": v[1]} for k, v in checks.items()},
        }
        self.results["accounting"].append(entry)
        if failed:
            message = f"{section} {label}: " + "; ".join(f"{k} expected {e} found {f}" for k, (e, f) in failed.items())
            self.failures.append(message)
            log("ACCOUNTING FAILED " + message)
        return not failed


def machine():
    cpu = ""
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else ""
    memory = ""
    with contextlib.suppress(OSError):
        match = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        memory = f"{int(match.group(1)) // 1024} MB" if match else ""
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small version: seconds, one repetition")
    parser.add_argument("--reps", type=int, help="repetitions of each measurement (default 3, quick 1)")
    parser.add_argument(
        "--agencies",
        type=int,
        help="agencies the reviewer's screens are measured with again (default 50, quick 3; 0 or 1: not measured)",
    )
    parser.add_argument(
        "--reviewer-only",
        action="store_true",
        help="only the reviewer's screens, with one agency and with many (no citizen, no export)",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the run's database afterwards")
    parser.add_argument("--no-template", action="store_true", help="rebuild the migrated template database")
    args = parser.parse_args(argv)

    problems = services_reachable()
    if problems:
        print("bench: PostgreSQL and Redis must run on 127.0.0.1:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2

    # One benchmark at a time on this machine: they would share Redis DB 13 and the CPU.
    lock = redis_client()
    if not lock.set(LOCK_KEY, os.getpid(), nx=True, ex=3600):
        print(
            f"bench: another benchmark is running (pid {lock.get(LOCK_KEY).decode()}); try again later", file=sys.stderr
        )
        return 3

    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    bench = Bench(args)
    code = 1
    try:
        code = bench.run()
        return code
    except KeyboardInterrupt:
        log("interrupted: stopping what was started")
        return 130
    except Exception as error:
        log(f"FAILED: {type(error).__name__}: {error} (logs in {bench.logs})")
        import traceback

        traceback.print_exc()
        return 1
    finally:
        bench.stack.stop_all()
        if not args.keep_db:
            with contextlib.suppress(Exception):
                bench.drop_database()
        if code == 0 and not args.keep_db:
            shutil.rmtree(bench.work, ignore_errors=True)
        else:
            log(f"logs kept in {bench.logs}")
        signal.signal(signal.SIGTERM, previous)
        with contextlib.suppress(Exception):
            if lock.get(LOCK_KEY) == str(os.getpid()).encode():
                lock.delete(LOCK_KEY)
