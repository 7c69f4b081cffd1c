"""Rows of a task table (STT | nội dung | chủ trì | phối hợp | thời hạn)."""

from __future__ import annotations


def table_units(part, reader) -> list:
    return []
