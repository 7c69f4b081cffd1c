"""Benchmarks that print ratios and write JSON under ``bench/results/``."""
