"""Two-stage stacked CRF for NER (Krishnan & Manning 2006), one outer CV fold per process.

    PYTHONPATH=src:scripts nice -n 10 .venv/bin/python scripts/ner_stack.py --fold 0 --name stack

Stage 1 is the bundled feature set (BIOES CRF). Stage 2 is the same CRF plus features that
say how stage 1 labelled *other* occurrences of the same thing: (a) the same clitic-stripped
stem in the pseudo-document (20 contiguous sentences, as the tagger's consistency uses),
(b) the same stem across the whole tagged set, (c) the same entity string (stem sequence)
and (d) entity strings containing the stem ("super-entity"), (c) and (d) at both scopes.

Stage-1 labels of the training sentences come from cross-fitting: inner folds over the outer
training part, each tagged by a model that never saw it; the test fold is tagged by a stage-1
model trained on the whole outer training part. The test fold feeds no training. Writes
``<out>/<name>/fold<i>.json`` in the format of ``scripts/ner_cv.py`` (so ``ner_cv.py
--summary`` merges it), with variants ``stage1`` / ``stage1+cons`` (the baseline) and
``viterbi`` / ``viterbi+cons`` for stage 2; the stage-1 labels are cached beside it.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from marsad.ner.conll import Sentence, encode_scheme, read_conll, score, spans
from marsad.ner.features import FeatureExtractor
from marsad.ner.train import _documents, contiguous_folds

log = logging.getLogger("ner_stack")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DOC_SIZE = 20
# Stems shorter than this are particles: their labels elsewhere say nothing.
_MIN_CHARS = 3
# A share of the other occurrences at or above this is "hi" (mostly labelled that way).
_HI = 0.5

Labels = list[list[str]]


def _eligible(stem: str) -> bool:
    return len(stem) >= _MIN_CHARS and stem[:1].isalpha()


def _bucket(c: int, n: int) -> str:
    return "hi" if n and c / n >= _HI else "lo"


def _token_feats(stems: Sequence[Sequence[str]], types: Sequence[Sequence[str]], group: Sequence[int],
                 p: str, out: list[list[list[str]]]) -> None:
    """(a)/(b): the majority stage-1 type of the same stem's other occurrences in `group`."""
    cnt: dict[str, Counter[str]] = {}
    for i in group:
        for st, t in zip(stems[i], types[i], strict=True):
            if _eligible(st):
                cnt.setdefault(st, Counter())[t] += 1
    for i in group:
        for j, (st, t) in enumerate(zip(stems[i], types[i], strict=True)):
            if not _eligible(st):
                continue
            others = cnt[st].copy()
            others[t] -= 1
            n = sum(others.values())
            if n <= 0:
                continue
            ents = [(c, k) for k, c in others.items() if k != "O" and c > 0]
            if ents:
                c, k = max(ents)
                out[i][j].append(f"{p}tok={k}:{_bucket(c, n)}")
            else:
                out[i][j].append(f"{p}tok=O")


def _entity_feats(stems: Sequence[Sequence[str]], spans_of: Sequence[list[tuple[str, int, int]]],
                  group: Sequence[int], p: str, out: list[list[list[str]]]) -> None:
    """(c): where a stage-1 entity string recurs, the majority type of its other labelled
    occurrences; (d): per stem, the majority type of multi-word entities containing it."""
    ents: dict[tuple[str, ...], Counter[str]] = {}
    sup: dict[str, Counter[str]] = {}
    for i in group:
        for kind, s, e in spans_of[i]:
            key = tuple(stems[i][s:e])
            if e - s > 1 or _eligible(key[0]):
                ents.setdefault(key, Counter())[kind] += 1
            if e - s > 1:
                for st in set(key):
                    if _eligible(st):
                        sup.setdefault(st, Counter())[kind] += 1
    longest: dict[str, int] = {}
    for key in ents:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    occ: Counter[tuple[str, ...]] = Counter()
    hits: list[tuple[int, int, tuple[str, ...]]] = []
    for i in group:
        ns = stems[i]
        for j, st in enumerate(ns):
            for n in range(1, min(longest.get(st, 0), len(ns) - j) + 1):
                key = tuple(ns[j:j + n])
                if key in ents:
                    occ[key] += 1
                    hits.append((i, j, key))
    own_span = {(i, s, e): kind for i in group for kind, s, e in spans_of[i]}
    for i, j, key in hits:
        others = ents[key].copy()
        own = own_span.get((i, j, j + len(key)))
        if own is not None:
            others[own] -= 1
        n_other = occ[key] - 1
        best = max(((c, k) for k, c in others.items() if c > 0), default=None)
        if best is None or n_other <= 0:
            continue
        c, k = best
        b = _bucket(c, n_other)
        out[i][j].append(f"{p}ent=B-{k}:{b}")
        for m in range(j + 1, j + len(key)):
            out[i][m].append(f"{p}ent=I-{k}:{b}")
    for i in group:
        own_sup: dict[int, str] = {}
        for kind, s, e in spans_of[i]:
            if e - s > 1:
                for m in range(s, e):
                    own_sup[m] = kind
        for j, st in enumerate(stems[i]):
            if st not in sup:
                continue
            others = sup[st].copy()
            if j in own_sup:
                # A stem repeated inside its own span was counted once per span.
                others[own_sup[j]] -= 1
            best = max(((c, k) for k, c in others.items() if c > 0), default=None)
            if best is not None:
                out[i][j].append(f"{p}sup={best[1]}")


def stack_features(tokens: Sequence[Sequence[str]], labels: Labels, key: Callable[[str], str],
                   scopes: frozenset[str], context: bool = False, own: bool = False,
                   ) -> list[list[list[str]]]:
    """Stage-2 attributes per token, from stage-1 IOB2 `labels` of the same sentences.

    `scopes`: ``doc`` (pseudo-documents of 20 sentences, what one article offers at run time)
    and/or ``corpus`` (all the sentences passed: the tagged set); `context`: the ±1
    neighbours' token-majority features too; `own`: stage 1's own labels at -1, 0, +1.
    """
    stems = [[key(t) for t in s] for s in tokens]
    spans_of = [spans(ls) for ls in labels]
    types: list[list[str]] = []
    for s, sp in zip(tokens, spans_of, strict=True):
        ts = ["O"] * len(s)
        for kind, a, b in sp:
            for m in range(a, b):
                ts[m] = kind
        types.append(ts)
    out: list[list[list[str]]] = [[[] for _ in s] for s in tokens]
    groups: list[tuple[str, list[Sequence[int]]]] = []
    if "doc" in scopes:
        groups.append(("d", list(_documents(len(tokens), DOC_SIZE))))
    if "corpus" in scopes:
        groups.append(("c", [range(len(tokens))]))
    for p, gs in groups:
        for g in gs:
            _token_feats(stems, types, g, p, out)
            _entity_feats(stems, spans_of, g, p, out)
    if own:
        # Classic stacking: stage 1's own label here and at ±1 (cross-fitted in training, so
        # stage 2 learns how far to trust it).
        for ls, row in zip(labels, out, strict=True):
            for j, f in enumerate(row):
                f.append("s1=" + ls[j])
                if j > 0:
                    f.append("-1s1=" + ls[j - 1])
                if j + 1 < len(ls):
                    f.append("1s1=" + ls[j + 1])
    if context:
        # What the neighbours' other occurrences were: a name's first word is often the
        # only one seen elsewhere ("لافروف" alone, then "سيرغي لافروف").
        for row in out:
            mine = [list(f) for f in row]
            for j, f in enumerate(row):
                for d in (-1, 1):
                    if 0 <= j + d < len(row):
                        f.extend(f"{d}{a}" for a in mine[j + d] if "tok=" in a)
    return out


def train_crf(ex: FeatureExtractor, sents: Sequence[Sentence], path: Path, iters: int,
              extra: Sequence[Sequence[Sequence[str]]] | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for i, s in enumerate(sents):
        f = ex.sentence(s.tokens)
        if extra is not None:
            for tok_f, more in zip(f, extra[i], strict=True):
                tok_f.extend(more)
        trainer.append(f, encode_scheme(s.tags, "bioes"))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iters,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def tag_crf(ex: FeatureExtractor, tokens: Sequence[Sequence[str]], path: Path,
            extra: Sequence[Sequence[Sequence[str]]] | None = None) -> Labels:
    import pycrfsuite
    from ner_experiment import decode_scheme

    tg = pycrfsuite.Tagger()
    tg.open(str(path))
    out: Labels = []
    for i, toks in enumerate(tokens):
        f = ex.sentence(toks)
        if extra is not None:
            for tok_f, more in zip(f, extra[i], strict=True):
                tok_f.extend(more)
        out.append(decode_scheme(tg.tag(f)) if f else [])
    return out


def cons(ex: FeatureExtractor, tokens: Sequence[Sequence[str]], labels: Labels) -> Labels:
    from marsad.ner.tagger import propagate

    out: Labels = []
    for doc in _documents(len(tokens), DOC_SIZE):
        out.extend(propagate([tokens[i] for i in doc], [labels[i] for i in doc],
                             key=lambda w: ex.word(w).stem))
    return out


def stage1(ex: FeatureExtractor, train: Sequence[Sentence], test: Sequence[Sentence], tmp: Path,
           inner: int, inner_iters: int, iters: int) -> tuple[Labels, Labels]:
    """Cross-fitted stage-1 labels of `train`, and stage-1 labels of `test`."""
    cross: Labels = [[] for _ in train]
    for k, block in enumerate(contiguous_folds(len(train), inner)):
        t0 = time.perf_counter()
        part = [s for j, s in enumerate(train) if j not in block]
        model = tmp / f"inner{k}.crfsuite"
        train_crf(ex, part, model, inner_iters)
        for j, tags in zip(block, tag_crf(ex, [train[j].tokens for j in block], model), strict=True):
            cross[j] = tags
        log.info("inner fold %d/%d done in %.0f s", k + 1, inner, time.perf_counter() - t0)
    t0 = time.perf_counter()
    model = tmp / "stage1.crfsuite"
    train_crf(ex, train, model, iters)
    log.info("stage 1 trained in %.0f s", time.perf_counter() - t0)
    return cross, tag_crf(ex, [s.tokens for s in test], model)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--name", default="stack")
    ap.add_argument("--out", default="/tmp/ner_exp")
    ap.add_argument("--inner", type=int, default=3)
    ap.add_argument("--inner-iters", type=int, default=100)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--scopes", default="doc,corpus", help="stage-2 variants: '+'-joined scopes, ',' between variants")
    ap.add_argument("--context", action="store_true", help="neighbours' token-majority features")
    ap.add_argument("--own", action="store_true", help="stage 1's own labels as features")
    ap.add_argument("--stage1-from", default=None, help="reuse cached stage-1 labels of this name")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    from ner_experiment import ExpConfig, build_extractors

    from marsad.kb import KnowledgeBase

    out = Path(args.out) / args.name
    out.mkdir(parents=True, exist_ok=True)
    sents = read_conll(SHARED / "anercorp" / "train.txt")
    test_idx = contiguous_folds(len(sents), args.folds)[args.fold]
    train = [s for j, s in enumerate(sents) if j not in test_idx]
    test = [sents[j] for j in test_idx]
    _, ex = build_extractors(ExpConfig(), train, KnowledgeBase.load(), SHARED)
    key: Callable[[str], str] = lambda w: ex.word(w).stem  # noqa: E731
    gold = [list(s.tags) for s in test]
    test_toks = [s.tokens for s in test]
    train_toks = [s.tokens for s in train]
    cache = Path(args.out) / (args.stage1_from or args.name) / f"stage1_fold{args.fold}.json"
    scores: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        if args.stage1_from and cache.exists():
            saved = json.loads(cache.read_text())
            cross, s1 = saved["cross"], saved["test"]
        else:
            cross, s1 = stage1(ex, train, test, tmp, args.inner, args.inner_iters, args.iters)
            (out / f"stage1_fold{args.fold}.json").write_text(json.dumps({"cross": cross, "test": s1}))
        scores["stage1"] = score(gold, s1).to_dict()
        scores["stage1+cons"] = score(gold, cons(ex, test_toks, s1)).to_dict()
        cross_f1 = score([list(s.tags) for s in train], cross).overall.f1
        log.info("stage 1: test %.2f (+cons %.2f); cross-fitted train labels %.2f",
                 scores["stage1"]["overall"]["f1"], scores["stage1+cons"]["overall"]["f1"], cross_f1)
        tok_s = 0.0
        for variant in args.scopes.split(","):
            scopes = frozenset(variant.split("+"))
            tag = "" if variant == "doc+corpus" else "_" + variant.replace("+", "_")
            t0 = time.perf_counter()
            model = tmp / f"stage2{tag}.crfsuite"
            train_crf(ex, train, model, args.iters, stack_features(train_toks, cross, key, scopes, args.context, args.own))
            train_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            s2 = tag_crf(ex, test_toks, model, stack_features(test_toks, s1, key, scopes, args.context, args.own))
            tok_s = sum(map(len, test_toks)) / (time.perf_counter() - t1)
            scores["viterbi" + tag] = score(gold, s2).to_dict()
            scores["viterbi" + tag + "+cons"] = score(gold, cons(ex, test_toks, s2)).to_dict()
            log.info("stage 2 [%s]: %.2f (+cons %.2f); train %.0f s, stage-2 pass %.0f tok/s", variant,
                     scores["viterbi" + tag]["overall"]["f1"], scores["viterbi" + tag + "+cons"]["overall"]["f1"],
                     train_s, tok_s)
    (out / f"fold{args.fold}.json").write_text(json.dumps(
        {"args": vars(args), "scores": scores, "tok_s": tok_s, "train_s": 0.0}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
