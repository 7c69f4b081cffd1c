"""A bare viewflow flow with the same kind of nodes as the directive flow, and nothing else
(no agency scope, no audit, no reminders): the baseline of ``bench/bench_lifecycle.py``."""
