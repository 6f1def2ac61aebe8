"""The table of medians, as Markdown (printed, and written with the JSON under bench/results/)."""

import json
import statistics
import time


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _mark(ok):
    return "met" if ok else "**missed**"


def summarise(runs, keys):
    """Median of each key over the runs, grouped by (app, concurrency)."""
    groups = {}
    for run in runs:
        groups.setdefault((run["app"], run["concurrency"]), []).append(run)
    return {group: {k: _median([r[k] for r in rs]) for k in keys} for group, rs in groups.items()}


def citizen_table(title, runs, target, lines):
    keys = ["rps", "p50_ms", "p95_ms", "p99_ms", "queries"]
    medians = summarise(runs, keys)
    concurrencies = sorted({c for _app, c in medians})
    lines += [
        f"### {title}",
        "",
        "| concurrency | app | req/s | p50 ms | p95 ms | p99 ms | queries/request |",
        "| --: | --- | --: | --: | --: | --: | --: |",
    ]
    ratios = []
    for c in concurrencies:
        for app in ("ours", "stock", "bare"):
            m = medians.get((app, c))
            if m:
                lines.append(
                    f"| {c} | {app} | {_fmt(m['rps'])} | {_fmt(m['p50_ms'])} | {_fmt(m['p95_ms'])} "
                    f"| {_fmt(m['p99_ms'])} | {_fmt(m['queries'], 0)} |"
                )
        ours, stock, bare = (medians.get((a, c), {}).get("rps") for a in ("ours", "stock", "bare"))
        if ours and stock and bare:
            ratios.append((c, ours / stock, ours / bare))
    lines += ["", "| concurrency | ours/stock | ours/bare | target ours/bare | |", "| --: | --: | --: | --: | --- |"]
    for c, vs_stock, vs_bare in ratios:
        lines.append(f"| {c} | {vs_stock:.2f}x | {vs_bare:.2f}x | >= {target}x | {_mark(vs_bare >= target)} |")
    lines.append("")
    return [{"concurrency": c, "ours_vs_stock": round(s, 3), "ours_vs_bare": round(b, 3)} for c, s, b in ratios]


def render(results):
    targets = results["targets"]
    machine = results["machine"]
    lines = [
        f"## OpenReport benchmark ({results['mode']}), {results['started']}",
        "",
        f"Machine: {machine['cpu'] or 'unknown CPU'}, {machine['cores']} cores, {machine['memory']}, "
        f"{machine['platform']}, Python {machine['python']}; load average at start "
        f"{', '.join(map(str, machine['load_average_at_start']))}. Medians of {results['config']['reps']} "
        f"interleaved repetitions.",
        "",
    ]
    submit_ratios = get_ratios = []
    if results["citizen"]["submit"]:  # not with --reviewer-only
        submit_ratios = citizen_table(
            "1. Citizen submit (POST that stores a report)",
            results["citizen"]["submit"],
            targets["submit_vs_bare"],
            lines,
        )
        get_ratios = citizen_table("2. Form page GET", results["citizen"]["get"], targets["get_vs_bare"], lines)
    results["ratios"] = {"submit": submit_ratios, "get": get_ratios}

    reviewer = results.get("reviewer") or {}
    sizes = reviewer.get("sizes") or []
    if reviewer.get("screens"):
        lines += [
            "### 3. Reviewer screens",
            "",
            "| screen | "
            + " | ".join(f"p95 ms at {s:,}" for s in sizes)
            + " | "
            + " | ".join(f"queries at {s:,}" for s in sizes)
            + " | target p95 < "
            f"{targets['reviewer_p95_ms']:.0f} ms, queries equal | |",
            "| --- | " + " | ".join("--:" for _ in sizes * 2) + " | --- | --- |",
        ]
        for name, runs in reviewer["screens"].items():
            p95 = [_median([r["p95_ms"] for r in runs if r["size"] == s]) for s in sizes]
            queries = [_median([r["queries"] for r in runs if r["size"] == s]) for s in sizes]
            ok = p95[-1] is not None and p95[-1] < targets["reviewer_p95_ms"] and len(set(queries)) == 1
            lines.append(
                f"| {name} | "
                + " | ".join(_fmt(v) for v in p95)
                + " | "
                + " | ".join(_fmt(v, 0) for v in queries)
                + f" | | {_mark(ok)} |"
            )
        lines.append("")

    batch = results["export"]["batch"]
    if batch:
        lines += [
            "### 4. RMS export",
            "",
            f"Records/s of the whole command, and after its start-up "
            f"({results['export'].get('startup_s', 0):.1f} s: Django, the count).",
            "",
            "| batch command | records | records/s | records/s after start-up | peak RSS MB | target | |",
            "| --- | --: | --: | --: | --: | --- | --- |",
        ]
        groups = {}
        for entry in batch:
            groups.setdefault((entry["format"], entry["records"]), []).append(entry)
        for (fmt, records), entries in sorted(groups.items()):
            rps = _median([e["records_per_s"] for e in entries])
            rss = _median([e["peak_rss_mb"] for e in entries])
            steady = _median([e.get("records_per_s_after_startup") for e in entries])
            ok = rps >= targets["export_rps"] and rss < targets["export_rss_mb"]
            lines.append(
                f"| {fmt} | {records:,} | {_fmt(rps)} | {_fmt(steady)} | {_fmt(rss)} | "
                f">= {targets['export_rps']:,.0f}/s, "
                f"< {targets['export_rss_mb']:.0f} MB | {_mark(ok)} |"
            )
        lines.append("")
    outbox = results["export"]["outbox"]
    if outbox:
        lines += ["| outbox to the reference receiver | deliveries/s |", "| --- | --: |"]
        for processes in (1, 2):
            rate = _median([e["deliveries_per_s"] for e in outbox if e["processes"] == processes])
            lines.append(f"| {processes} Celery worker process(es) | {_fmt(rate)} |")
        lines.append("")

    agencies_table(results, targets, lines)

    checks = results["accounting"]
    failed = [c for c in checks if not c["ok"]]
    lines += [
        "### Accounting",
        "",
        f"{len(checks) - len(failed)} of {len(checks)} checks passed (rows stored = accepted POSTs, each with "
        "its workflow process and review task, no duplicate, emails queued; every delivery received once; "
        "query counts equal at both sizes and with one agency or many).",
    ]
    for failure in results.get("failures") or []:
        lines.append(f"- FAILED: {failure}")
    lines += ["", f"Run time: {results.get('duration_s', 0):.0f} s. {'PASSED' if results.get('passed') else 'FAILED'}."]
    return "\n".join(lines) + "\n"


def agencies_table(results, targets, lines):
    """The demo reviewer's screens with the reports of one agency, then spread over many."""
    agencies = results.get("agencies") or {}
    if not agencies.get("screens"):
        return
    count = agencies["count"]
    lines += [
        f"### 5. Reviewer screens with {count} agencies",
        "",
        f"The same {agencies['reports']:,} reports, first all the demo agency's, then spread over {count} agencies "
        f"(the demo agency keeps 1 in {count}); the demo reviewer's screens.",
        "",
        f"| screen | p95 ms, 1 agency | p95 ms, {count} agencies | queries, 1 agency | queries, {count} agencies "
        f"| target p95 < {targets['reviewer_p95_ms']:.0f} ms, queries equal | |",
        "| --- | --: | --: | --: | --: | --- | --- |",
    ]
    for name, runs in agencies["screens"].items():
        p95 = [_median([r["p95_ms"] for r in runs if r["agencies"] == n]) for n in (1, count)]
        queries = [_median([r["queries"] for r in runs if r["agencies"] == n]) for n in (1, count)]
        ok = p95[-1] is not None and p95[-1] < targets["reviewer_p95_ms"] and queries[0] == queries[1]
        lines.append(
            f"| {name} | {_fmt(p95[0])} | {_fmt(p95[1])} | {_fmt(queries[0], 0)} | {_fmt(queries[1], 0)} "
            f"| | {_mark(ok)} |"
        )
    lines.append("")


def write(results, text, directory):
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    paths = []
    for name in (f"bench-{results['mode']}-{stamp}", f"latest-{results['mode']}"):
        json_path, md_path = directory / f"{name}.json", directory / f"{name}.md"
        json_path.write_text(json.dumps(results, indent=1, default=str))
        md_path.write_text(text)
        paths += [json_path, md_path]
    return paths
