"""Score the times stage on dev gold (temporary, until `marsad.eval` covers times).

GUIDELINES scoring: a gold time is found when a system time overlaps its text; it is right
when the values are equal. Matching is one-to-one, preferring the overlap with the same value.
Precision counts system times that overlap no gold time as false alarms; DURATION and SET
are reported apart because the gold annotates durations only when they fix a date.

    PYTHONPATH=src .venv/bin/python scripts/eval_times.py [--show]
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from marsad.stages.times import find_times

log = logging.getLogger("eval_times")
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _span(text: str, needle: str, occurrence: int) -> tuple[int, int] | None:
    i = -1
    for _ in range(occurrence):
        i = text.find(needle, i + 1)
        if i < 0:
            return None
    return i, i + len(needle)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="list misses, wrong values, false alarms")
    ap.add_argument("--no-published", action="store_true", help="score without publication dates")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    articles = {}
    with (SHARED / "data" / "news-dev" / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            articles[d["id"]] = d
    n_gold = found = right = n_sys = sys_matched = 0
    n_sys_dt = sys_dt_matched = 0
    for part in ("dev-gold-part1.jsonl", "dev-gold-part2.jsonl"):
        with (SHARED / "gold" / part).open(encoding="utf-8") as f:
            for line in f:
                g = json.loads(line)
                art = articles[g["id"]]
                text = art["text"]
                pub = None if args.no_published else art.get("published")
                times = find_times(text, pub)
                used: set[int] = set()
                for gt in g["times"]:
                    n_gold += 1
                    sp = _span(text, gt["text"], gt.get("occurrence", 1))
                    if sp is None:
                        log.warning("gold span not found: %s %s", g["id"], gt["text"])
                        continue
                    over = [i for i, t in enumerate(times)
                            if i not in used and t.start < sp[1] and sp[0] < t.end]
                    if not over:
                        if args.show:
                            ctx = text[max(0, sp[0] - 40):sp[1] + 30].replace("\n", " ")
                            log.info("MISS  %s %r=%s | %s", g["id"][:24], gt["text"],
                                     gt["value"], ctx)
                        continue
                    best = next((i for i in over if times[i].value == gt["value"]), over[0])
                    used.add(best)
                    found += 1
                    if times[best].value == gt["value"]:
                        right += 1
                    elif args.show:
                        log.info("WRONG %s %r gold=%s sys=%r %s pub=%s", g["id"][:24],
                                 gt["text"], gt["value"], times[best].text, times[best].value,
                                 (pub or "")[:10])
                for i, t in enumerate(times):
                    n_sys += 1
                    dt = t.type in ("DATE", "TIME")
                    n_sys_dt += dt
                    if i in used or any(
                        (sp := _span(text, gt["text"], gt.get("occurrence", 1)))
                        and t.start < sp[1] and sp[0] < t.end for gt in g["times"]
                    ):
                        sys_matched += 1
                        sys_dt_matched += dt
                    elif args.show:
                        ctx = text[max(0, t.start - 40):t.end + 30].replace("\n", " ")
                        log.info("FA    %s %r %s %s | %s", g["id"][:24], t.text, t.type,
                                 t.value, ctx)
    log.info("gold times %d, found %d, right value %d", n_gold, found, right)
    log.info("recall (text overlap)     %.3f", found / max(1, n_gold))
    log.info("value accuracy (of found) %.3f", right / max(1, found))
    log.info("value accuracy (of gold)  %.3f", right / max(1, n_gold))
    log.info("precision, all types      %.3f (%d of %d)", sys_matched / max(1, n_sys),
             sys_matched, n_sys)
    log.info("precision, DATE+TIME      %.3f (%d of %d)", sys_dt_matched / max(1, n_sys_dt),
             sys_dt_matched, n_sys_dt)


if __name__ == "__main__":
    main()
