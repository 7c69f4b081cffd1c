"""``make bench``: every benchmark of the issue in one run, on PostgreSQL (and Redis for the
HTTP sections), one table printed, JSON written under ``bench/results/`` (``run_all.json`` and
one file per section).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chidao_bench python bench/run_all.py
        [--only lifecycle,steps,pages,sweep,exports,audit,throughput] [--quick]

Sections: (1) lifecycle — ours against bare viewflow; (2) steps — step completions over HTTP;
(3) pages — p95 and queries at 1k and 100k processes; (4) sweep — reminder deliveries;
(5) exports — XLSX and PDF at 2k and 20k rows; (6) audit — appends with 8 writers;
(7) throughput — signed-in pages against the login page at 100k processes.

Databases: each section works on a throw-away copy (``chidao_bench_run_*``) of a migrated empty
template; (3), (5) and (7) on copies of seeded templates (``chidao_bench_1k``/``_100k``) that are
kept between runs and reused while the seeder and its parameters are unchanged (new
migrations are applied to them first; the output says whether they were seeded or reused).
``--quick``: small sizes, short phases, a smoke run of a few minutes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chidao_bench")

from bench.common import RESULTS, django_setup, write_result  # noqa: E402

SECTIONS = ("lifecycle", "steps", "pages", "sweep", "exports", "audit", "throughput")
NEEDS_REDIS = {"steps", "throughput"}
NEEDS_POSTGRES = {"steps", "pages", "exports", "audit", "throughput"}
FULL = {
    "lifecycle_runs": 30,
    "page_sizes": (1_000, 100_000),
    "page_repeats": 20,
    "export_sizes": (2_000, 20_000),
    "sweep_tasks": 400,
    "audit": (8, 3.0, 3),
}
QUICK = {
    "lifecycle_runs": 3,
    "page_sizes": (100, 1_000),
    "page_repeats": 5,
    "export_sizes": (100, 500),
    "sweep_tasks": 100,
    "audit": (8, 1.0, 1),
}


class Table:
    """The one table: measure, value, target, value ÷ target, met."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, section, measure, value, target="", ratio=None, met=None, unit=""):
        self.rows.append(
            {
                "section": section,
                "measure": measure,
                "value": value,
                "unit": unit,
                "target": target,
                "ratio": ratio,
                "met": met,
            }
        )

    @staticmethod
    def _fmt(value) -> str:
        if isinstance(value, float):
            return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"
        return str(value)

    def render(self) -> str:
        head = ("", "measure", "value", "target", "ratio", "met?")
        lines = []
        for row in self.rows:
            met = "" if row["met"] is None else ("yes" if row["met"] else "NO")
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
            value = f"{self._fmt(row['value'])}{(' ' + row['unit']) if row['unit'] else ''}"
            lines.append((row["section"], row["measure"], value, row["target"], ratio, met))
        widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
        out = [
            "  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip()
            for line in [head, *lines]
        ]
        out.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(out)


def at_most(value, target):
    return value / target, value <= target


def at_least(value, target):
    return value / target, value >= target


def run_lifecycle(cfg, table, context):
    from bench import bench_lifecycle, databases

    with databases.section_database("lifecycle"):
        data = bench_lifecycle.measure(cfg["lifecycle_runs"])
    data.pop("ours_statements")
    ours, bare = data["ours"], data["bare"]
    table.add("1", "lifecycles/s, ours", ours["lifecycles_per_s"], unit="/s")
    table.add("1", "lifecycles/s, bare viewflow", bare["lifecycles_per_s"], unit="/s")
    ratio = data["ratio_per_human_step"]
    table.add("1", "time per human step, ours ÷ bare", ratio, "≤ 1.5", *at_most(ratio, 1.5))
    table.add("1", "SQL per lifecycle, ours / bare", f"{ours['sql']} / {bare['sql']}")
    ratio = data["sql_ratio"]
    table.add("1", "SQL per lifecycle, ours ÷ bare", ratio, "≤ 2", *at_most(ratio, 2.0))
    return data


def run_steps(cfg, table, context):
    from bench import bench_http

    data = bench_http.steps(quick=context["quick"])
    table.add("2", "step completions/s, 16 clients HTTP", data["steps_per_s"], unit="/s")
    table.add(
        "2",
        "step p50 / p95 (7 requests)",
        f"{data['step_p50_ms']:.0f} / {data['step_p95_ms']:.0f}",
        unit="ms",
        met=None if data["errors"] == 0 else False,
    )
    table.add(
        "2",
        "step form POST p50 / p95",
        f"{data['post_p50_ms']:.0f} / {data['post_p95_ms']:.0f}",
        unit="ms",
    )
    return data


def large_database(cfg, context) -> tuple[str, dict]:
    """The copy of the big seeded database that sections 3, 5 and 7 share (in this order:
    pages only read; exports and the HTTP clients write a little), dropped at the end."""
    from bench import bench_pages, databases

    if "large" not in context:
        print(f"  seeded database of {cfg['page_sizes'][1]:,} processes …", flush=True)
        template, info = bench_pages.seeded_template(cfg["page_sizes"][1])
        print(f"  {info}", flush=True)
        name = f"{databases.PREFIX}_run_large"
        start = time.perf_counter()
        databases.clone(template, name)
        info["copy_s"] = time.perf_counter() - start
        print(f"  copied to {name} in {info['copy_s']:.0f} s", flush=True)
        context["large"] = (name, info)
    return context["large"]


def run_pages(cfg, table, context):
    from bench import bench_pages, databases

    small_n, large_n = cfg["page_sizes"]
    print(f"  seeded database of {small_n:,} processes …", flush=True)
    small_db, small_info = bench_pages.seeded_template(small_n)
    print(f"  {small_info}", flush=True)
    large_db, large_info = large_database(cfg, context)
    with databases.section_database("pages_small", small_db):
        small = bench_pages.measure_pages(cfg["page_repeats"])
    with databases.on(large_db):
        large = bench_pages.measure_pages(cfg["page_repeats"])
    ratios = bench_pages.compare(small, large)
    k = f"{large_n // 1000}k÷{small_n // 1000 or small_n}{'k' if small_n >= 1000 else ''}"
    for name, r in ratios.items():
        table.add(
            "3",
            f"{name}: p95 {small[name]['p95_ms']:.0f}→{large[name]['p95_ms']:.0f} ms, "
            f"queries {r['queries_small']}→{r['queries_large']}",
            r["p95_ratio"],
            "≤ 1.5, equal queries",
            r["p95_ratio"] / bench_pages.P95_TARGET,
            r["met"],
            unit=f"× ({k})",
        )
    return {
        "small": {**small_info, "pages": small},
        "large": {**large_info, "pages": large},
        "ratios": ratios,
    }


def run_sweep(cfg, table, context):
    from bench import bench_sweep, databases

    with databases.section_database("sweep"):
        data = bench_sweep.measure(cfg["sweep_tasks"], scaling=not context["quick"])
    rate = data["reminders_per_s"]
    table.add("4", "reminder deliveries/s", rate, "≥ 1000", *at_least(rate, 1000.0), unit="/s")
    rate = data["announcements_per_s"]
    table.add("4", "announcements/s (new task)", rate, "≥ 1000", *at_least(rate, 1000.0), unit="/s")
    return data


def run_exports(cfg, table, context):
    from bench import bench_exports, databases

    large_db, _info = large_database(cfg, context)
    small_n, large_n = cfg["export_sizes"]
    with databases.on(large_db):
        data = bench_exports.measure(cfg["export_sizes"])
    for fmt, target in bench_exports.TARGETS.items():
        small, large = data[f"{fmt}_{small_n}"], data[f"{fmt}_{large_n}"]
        mark = " (extrapolated)" if large.get("extrapolated") else ""
        table.add(
            "5",
            f"{fmt.upper()} export {small_n:,} / {large_n:,} rows{mark}",
            f"{small['seconds']:.2f} / {large['seconds']:.2f}",
            f"≤ {target:.0f} s at {large_n:,}",
            large["seconds"] / target,
            large["seconds"] <= target,
            unit="s",
        )
    return data


def run_audit(cfg, table, context):
    from bench import bench_audit, databases

    with databases.section_database("audit"):
        data = bench_audit.measure(*cfg["audit"])
    rate = data["appends_per_s_chain_per_agency"]
    table.add(
        "6",
        "audit appends/s, 8 writers, chain per agency",
        rate,
        "≥ 1000",
        *at_least(rate, 1000.0),
        unit="/s",
    )
    table.add(
        "6", "audit appends/s, 8 writers, one chain", data["appends_per_s_one_chain"], unit="/s"
    )
    if not data["intact"]:
        table.add("6", "verify_audit after the run", "BROKEN", "intact", None, False)
    return data


def run_throughput(cfg, table, context):
    from bench import bench_http, databases

    large_db, info = large_database(cfg, context)
    with databases.on(large_db) as name:
        data = bench_http.throughput(name, quick=context["quick"])
    size = f"{info['processes'] // 1000}k" if info["processes"] >= 1000 else str(info["processes"])
    login, signed = data["login_page"], data["signed_in"]
    table.add(
        "7",
        "login page req/s, 16 clients",
        login["per_s"],
        unit=f"/s (p95 {login['p95_ms']:.0f} ms)",
    )
    table.add(
        "7",
        f"signed-in pages req/s, 16 clients, {size} processes",
        signed["per_s"],
        unit=f"/s (p95 {signed['p95_ms']:.0f} ms, {signed['errors']} errors)",
    )
    ratio = data["ratio"]
    table.add("7", "signed-in ÷ login page", ratio, "≥ 0.33", ratio / (1 / 3), data["met"])
    return data


RUNNERS = {
    "lifecycle": run_lifecycle,
    "steps": run_steps,
    "pages": run_pages,
    "sweep": run_sweep,
    "exports": run_exports,
    "audit": run_audit,
    "throughput": run_throughput,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--quick", action="store_true", help="small sizes, short phases")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    django_setup()
    from bench import databases

    cfg = QUICK if args.quick else FULL
    postgres = databases.is_postgres()
    context = {"quick": args.quick}
    table, sections, started = Table(), {}, time.perf_counter()
    load = os.getloadavg()
    print(f"bench: {', '.join(chosen)}{' (quick)' if args.quick else ''}; load {load[0]:.2f}")
    try:
        for name in SECTIONS:  # in the order that shares the seeded databases best
            if name not in chosen:
                continue
            if name in NEEDS_POSTGRES and not postgres:
                table.add("-", f"{name}: needs PostgreSQL (DATABASE_URL=postgres://…)", "skipped")
                continue
            if name in NEEDS_REDIS:
                from bench.http_load import redis_ready

                if problem := redis_ready():
                    table.add("-", f"{name}: {problem}", "skipped", met=False)
                    continue
            print(f"[{name}] …", flush=True)
            start = time.perf_counter()
            try:
                data = RUNNERS[name](cfg, table, context)
            except Exception as exc:
                traceback.print_exc()
                table.add(
                    "-",
                    f"{name}: failed ({type(exc).__name__}: {str(exc)[:80]})",
                    "error",
                    met=False,
                )
                sections[name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            data["wall_s"] = time.perf_counter() - start
            sections[name] = data
            write_result(name, {"quick": args.quick, **data})
            print(f"[{name}] {data['wall_s']:.0f} s", flush=True)
    finally:
        if "large" in context:
            databases.drop(context["large"][0])
    wall = time.perf_counter() - started
    print()
    print(table.render())
    print("ratio: value ÷ target (≤ targets: below 1 is met; ≥ targets: 1 or more is met)")
    seeded = context.get("large", (None, {}))[1]
    print(
        f"\nwall time {wall / 60:.1f} min; {'quick run, ' if args.quick else ''}"
        f"database {databases.current() if not postgres else 'PostgreSQL'}"
        + (
            f"; {seeded['processes']:,}-process database "
            + (
                "reused from an earlier run"
                if seeded["reused"]
                else f"seeded in {seeded['seed_s']:.0f} s"
            )
            + f" ({seeded['seeder']})"
            if seeded
            else ""
        )
    )
    path = write_result(
        "run_all",
        {
            "quick": args.quick,
            "sections": chosen,
            "load_before": load,
            "wall_s": wall,
            "table": table.rows,
            "rendered": table.render(),
            "when_local": datetime.datetime.now().isoformat(timespec="seconds"),
        },
    )
    print(f"written: {path} and one file per section in {RESULTS}/")
    failed = any(row["value"] == "error" for row in table.rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
