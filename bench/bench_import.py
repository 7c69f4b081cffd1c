"""Time the notice importer on the seed notice.

    python bench/bench_import.py [-n 50] [PATH]

Prints the mean and max time per parse (after one warm-up parse that builds the agency
variant table) and their ratio to the 1-second budget per notice.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks_app.importing import parse_notice_text, read_notice  # noqa: E402
from tasks_app.importing.registry import DATA_DIR, Registry  # noqa: E402

BUDGET_MS = 1000.0
SEED = DATA_DIR / "seeds" / "142-TB-TU.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(SEED), help="notice to parse (.txt/.docx)")
    parser.add_argument("-n", "--repeat", type=int, default=50, help="parses to time (default 50)")
    args = parser.parse_args(argv)

    text = read_notice(args.path)
    registry = Registry.from_csv(DATA_DIR / "agencies.csv", DATA_DIR / "groups.csv")

    start = time.perf_counter()
    draft = parse_notice_text(text, registry)
    cold_ms = (time.perf_counter() - start) * 1000

    times = []
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        parse_notice_text(text, registry)
        times.append((time.perf_counter() - start) * 1000)

    mean_ms, max_ms = statistics.fmean(times), max(times)
    print(f"notice      {Path(args.path).name}: {len(draft.directives)} directives")
    print(f"first parse {cold_ms:8.2f} ms (builds the agency variant table)")
    print(f"mean        {mean_ms:8.2f} ms over {len(times)} parses")
    print(f"max         {max_ms:8.2f} ms")
    ratio = f"mean/budget = {mean_ms / BUDGET_MS:.4f}, max/budget = {max_ms / BUDGET_MS:.4f}"
    print(f"ratio       {ratio} (budget {BUDGET_MS:.0f} ms per notice)")
    return 0 if max_ms < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
