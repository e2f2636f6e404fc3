"""Reading gold annotations (GUIDELINES.md format) and placing their strings in the text.

Gold strings are exact substrings of the article text; `occurrence` (1-based) says which
occurrence is meant, else the first. `cue_occurrence`/`speaker_occurrence` do the same for a
quote's cue and speaker.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import InputError


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    published: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)


def iter_jsonl(path: str | os.PathLike[str], what: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file; `InputError` naming the file (and line) otherwise."""
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read {what} ({exc.strerror})", source=str(path)) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise InputError(f"invalid JSON ({exc})", source=f"{path}:{n}") from None


def load_gold(paths: Iterable[str | os.PathLike[str]]) -> dict[str, GoldDoc]:
    """Gold documents by article id, from one or more JSONL files."""
    out: dict[str, GoldDoc] = {}
    for path in paths:
        for d in iter_jsonl(path, "gold file"):
            out[str(d["id"])] = GoldDoc(
                id=str(d["id"]), published=d.get("published"),
                entities=d.get("entities", []), quotes=d.get("quotes", []),
                events=d.get("events", []), times=d.get("times", []),
                places=d.get("places", []),
            )
    return out


def find_occurrence(text: str, s: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the n-th (1-based) occurrence of `s` in `text`, or None."""
    if not s:
        return None
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(s, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(s)


def all_occurrences(text: str, s: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if not s:
        return out
    pos = text.find(s)
    while pos >= 0:
        out.append((pos, pos + len(s)))
        pos = text.find(s, pos + 1)
    return out
