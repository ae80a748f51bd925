"""Time stamps as people read them: the stores keep UTC (ISO 8601); pages and exports show the
server's local time (its ``TZ``; Asia/Shanghai on a deployment in China), to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(stamp: str) -> str:
    """An ISO time stamp (UTC when it names no zone) in the server's local time:
    ``2024-05-01 16:30:00``; a stamp that is not ISO is returned as it is."""
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone().strftime("%Y-%m-%d %H:%M:%S")
