"""``make bench`` end to end at its smallest: the lifecycle section alone, quick, on SQLite —
one table printed, the run's JSON and the section's JSON written."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_run_all_prints_one_table_and_writes_json(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "BENCH_RESULTS_DIR": str(tmp_path / "results"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    done = subprocess.run(
        [sys.executable, "bench/run_all.py", "--quick", "--only", "lifecycle,audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    header = [line for line in done.stdout.splitlines() if line.split()[:2] == ["measure", "value"]]
    assert len(header) == 1
    assert "time per human step, ours ÷ bare" in done.stdout
    assert "audit: needs PostgreSQL" in done.stdout
    run = json.loads((tmp_path / "results" / "run_all.json").read_text())
    measures = {row["measure"]: row for row in run["table"]}
    assert measures["SQL per lifecycle, ours ÷ bare"]["target"] == "≤ 2"
    assert isinstance(measures["SQL per lifecycle, ours ÷ bare"]["met"], bool)
    section = json.loads((tmp_path / "results" / "lifecycle.json").read_text())
    assert section["ours"]["sql"] > section["bare"]["sql"] > 0
