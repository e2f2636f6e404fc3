"""Feed monitoring: poll RSS/Atom feeds, fetch new items' pages, ingest them.

Seen items are remembered in the store (`feed_items`), so a restart does not fetch them
again; an item whose page failed is recorded as a failure and not retried forever.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

from marsad.errors import InputError
from marsad.ingest.sources import Fetcher, fetch_url, read_feed
from marsad.store.loader import ingest
from marsad.store.sqlite import Store

log = logging.getLogger(__name__)

_INTERVAL_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(s: str) -> float:
    """Seconds in "30s", "10m", "1h", "1d" (a bare number is seconds)."""
    m = _INTERVAL_RE.match(s)
    if not m:
        raise ValueError(f"not an interval: {s!r} (use 30s, 10m, 1h)")
    value = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if value <= 0:
        raise ValueError("the interval must be positive")
    return value


def poll_feed(store: Store, feed: str, *, fetch: Fetcher = fetch_url) -> tuple[int, int]:
    """Ingest the new items of one feed; (added, failed)."""
    try:
        if feed.startswith(("http://", "https://")):
            data, _ = fetch(feed)
        else:
            data = Path(feed).read_bytes()
    except (InputError, OSError) as exc:
        store.add_failure(feed, getattr(exc, "reason", str(exc)), stage="fetch")
        return 0, 1
    new_keys: list[str] = []

    def skip(key: str) -> bool:
        if store.seen_feed_item(feed, key):
            return True
        new_keys.append(key)
        return False

    stats = ingest(store, read_feed(data, feed, fetch, skip=skip))
    for key in new_keys:
        store.mark_feed_item(feed, key)
    return stats.added, stats.failed


def watch_feeds(
    store: Store,
    feeds: list[str],
    *,
    interval: float,
    rounds: int | None = None,
    fetch: Fetcher = fetch_url,
    on_poll: Callable[[str, int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll every feed each `interval` seconds, `rounds` times (None: until interrupted)."""
    n = 0
    while rounds is None or n < rounds:
        started = time.monotonic()
        for feed in feeds:
            added, failed = poll_feed(store, feed, fetch=fetch)
            log.info("%s: %d new, %d failed", feed, added, failed)
            if on_poll:
                on_poll(feed, added, failed)
        n += 1
        if rounds is not None and n >= rounds:
            break
        sleep(max(0.0, interval - (time.monotonic() - started)))
