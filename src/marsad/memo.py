"""Bounded per-word memos: plain dicts, emptied when full.

The normaliser, tokeniser and NER features see the same few thousand word forms over and
over. A hit is one `dict.get` written inline where the memo is read (cheaper than
`functools.lru_cache`, which adds a call and the bookkeeping of its recency list); a miss
stores through `remember`, which keeps the memo bounded on long runs.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V, limit: int) -> V:
    """Store `value` under `key` and return it; a memo holding `limit` entries is emptied
    first (refilled on demand: cheaper than tracking recency on every hit)."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
