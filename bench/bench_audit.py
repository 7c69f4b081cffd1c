"""Benchmark (6): audit events appended per second with 8 concurrent writers (PostgreSQL).

    DATABASE_URL=postgres://… python bench/bench_audit.py [--writers 8] [--seconds 5]

Each writer is a process of its own with its own connection; each event is appended in its own
transaction (as one request or one step does), with the chain head locked until commit. Two
runs: all writers in ONE agency (they share one chain, the worst case) and writers of eight
agencies (a chain each, as events are chained per agency). Then ``verify_audit`` checks every
chain. Writes ``bench/results/audit.json``. Target: ≥ 1,000 appends/s with 8 writers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import django_setup, test_database, vendor, write_result

TARGET = 1000.0
AGENCIES = ("BTCTU", "BDVTU", "TCT", "BTGTU", "BNCTU", "UBKTTU", "BCSUBND", "DDHDND")


def _writer(user_pk: int, start_at: float, stop_at: float, counts, index: int, chained: bool):
    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.utils import timezone

    from audit.models import AuditEvent, EventType
    from audit.services import Target, audit_record

    connections.close_all()  # never share the parent's connection
    user = get_user_model().objects.get(pk=user_pk)
    target = Target(object_type="workflows.workflowtask", object_repr="Đo hiệu năng")
    n = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        if chained:
            audit_record(
                event_type=EventType.STEP_DONE,
                actor=user,
                target=Target(**{**target.__dict__, "object_id": str(n)}),
                after={"step": "report", "n": n},
            )
        else:  # the same row in its own transaction, without any chain: the machine's ceiling
            with transaction.atomic():
                AuditEvent.objects.bulk_create(
                    [
                        AuditEvent(
                            chain=f"unchained-{index}-{start_at}",
                            seq=n + 1,
                            occurred_at=timezone.now(),
                            actor=user,
                            actor_username=user.get_username(),
                            event_type=EventType.STEP_DONE,
                            object_type=target.object_type,
                            object_id=str(n),
                            object_repr=target.object_repr,
                            after={"step": "report", "n": n},
                            hash="-",
                        )
                    ]
                )
        n += 1
    counts[index] = n
    connections.close_all()


def run(users: list, seconds: float, *, chained: bool = True) -> float:
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    counts = ctx.Array("i", len(users))
    start_at = time.time() + 1.0
    stop_at = start_at + seconds
    workers = [
        ctx.Process(target=_writer, args=(user.pk, start_at, stop_at, counts, i, chained))
        for i, user in enumerate(users)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"a writer failed (exit code {worker.exitcode})")
    return sum(counts) / seconds


def measure(writers: int = 8, seconds: float = 3.0, rounds: int = 3) -> dict:
    """Appends per second in one chain, in a chain per agency, and without a chain."""
    from django.contrib.auth import get_user_model

    from audit.services import audit_verify
    from tasks_app.models import Agency, Membership, Role
    from tasks_app.registry import registry_load

    registry_load()
    User = get_user_model()

    def writer_users(codes, label):
        users = []
        for i, code in enumerate(codes):
            user = User.objects.create(username=f"writer_{label}_{i}_{code}")
            Membership.objects.create(
                user=user, agency=Agency.objects.get(code=code), role=Role.HEAD
            )
            users.append(user)
        return users

    same = writer_users([AGENCIES[0]] * writers, "one")
    spread = writer_users([AGENCIES[i % len(AGENCIES)] for i in range(writers)], "many")
    runs = {"one": [], "spread": [], "ceiling": []}
    for _ in range(rounds):  # interleaved: each mode sees the same machine load
        runs["one"].append(run(same, seconds))
        runs["spread"].append(run(spread, seconds))
        runs["ceiling"].append(run(spread, seconds, chained=False))
    one_chain, per_agency, ceiling = (statistics.median(runs[k]) for k in runs)
    results = [(n, r) for n, r in audit_verify() if not n.startswith("unchained-")]
    return {
        "writers": writers,
        "seconds": seconds,
        "rounds": rounds,
        "appends_per_s_one_chain": one_chain,
        "appends_per_s_chain_per_agency": per_agency,
        "inserts_per_s_without_chain": ceiling,
        "chains_verified": len(results),
        "events_verified": sum(result.checked for _name, result in results),
        "intact": all(result.ok for _name, result in results),
        "target": TARGET,
        "met": per_agency >= TARGET,
    }


def report(data: dict) -> None:
    print(
        f"Audit appends with {data['writers']} concurrent writers "
        f"(median of {data['rounds']} rounds of {data['seconds']:.0f} s)"
    )
    print(f"{'one chain (one agency)':34}{data['appends_per_s_one_chain']:10.0f} /s")
    print(
        f"{'a chain per agency (8 agencies)':34}"
        f"{data['appends_per_s_chain_per_agency']:10.0f} /s   target ≥ {TARGET:.0f}"
    )
    print(f"{'the same rows, no chain (ceiling)':34}{data['inserts_per_s_without_chain']:10.0f} /s")
    state = "intact" if data["intact"] else "BROKEN"
    print(
        f"verify_audit: {data['chains_verified']} chains, {data['events_verified']} events, {state}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per mode (median)")
    args = parser.parse_args()
    django_setup()
    if vendor() != "postgresql":
        print("bench_audit needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has one writer.")
        return 2
    with test_database():
        data = measure(args.writers, args.seconds, args.rounds)
        report(data)
        path = write_result("audit", data)
        print(f"written: {path}")
    return 0 if data["intact"] else 1


if __name__ == "__main__":
    sys.exit(main())
