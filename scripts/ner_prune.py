"""Can the NER CRF's attribute list be pruned by weight, without retraining?

An attribute whose largest |state weight| over all labels is below `eps` is dropped from the
list the tagger hands crfsuite (the same as zeroing its weights). This script measures, for
several `eps`: attributes kept, attributes per token on the news dev articles, tags changed
there, AQMAR dev F1, and the F1 of ANERcorp CV folds (models trained by scripts/ner_cv.py),
and the tagger's CPU time full vs pruned (fresh processes, interleaved).

    PYTHONPATH=src:scripts nice .venv/bin/python scripts/ner_prune.py capture
    PYTHONPATH=src:scripts nice .venv/bin/python scripts/ner_prune.py dev
    PYTHONPATH=src:scripts nice .venv/bin/python scripts/ner_prune.py cv --fold 0 1
    PYTHONPATH=src:scripts nice .venv/bin/python scripts/ner_prune.py speed-all --eps 0.05

`capture` runs the sentences and entities stages over the dev articles once and keeps what
the entities stage hands `CRFTagger.tag_tokens` (token sentences, text, KB matches), so every
later measurement tags exactly the pipeline's input. Output goes under /tmp/prune/.

Two pruned variants: ``tagger`` is what the tagger does when its known-attribute list is the
kept set (`FeatureExtractor.with_known`: word, context, class and bigram attributes are
pruned; gazetteer, BOS and EOS attributes are always handed over); ``strict`` also filters
those, which is exactly zeroing every weight below eps.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import logging
import pickle
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path("/tmp/prune")
DEV_ARTICLES = SHARED / "news-dev" / "articles.jsonl"
INPUTS = OUT / "dev_inputs.pkl"
EPS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)
MODEL = ROOT / "src" / "marsad" / "data" / "ner" / "crf.model"

log = logging.getLogger("ner_prune")


# -- weights -------------------------------------------------------------------------------

def max_weights(model: Path) -> dict[str, float]:
    """attribute -> largest |state weight| over all labels."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    out: dict[str, float] = defaultdict(float)
    for (attr, _label), w in tg.info().state_features.items():
        out[attr] = max(out[attr], abs(w))
    return dict(out)


def kept_attributes(maxw: dict[str, float], eps: float) -> frozenset[str]:
    """The attributes whose largest |weight| is at least eps (eps 0 keeps all)."""
    return frozenset(a for a, w in maxw.items() if w >= eps)


class StrictFilter:
    """Wraps a feature extractor's output: every attribute outside `kept` is dropped."""

    def __init__(self, kept: frozenset[str]) -> None:
        self.kept = kept
        self.kept_b = frozenset(a.encode() for a in kept)

    def lists(self, feats: Sequence[Sequence[Any]]) -> list[list[Any]]:
        out = []
        for f in feats:
            if f and isinstance(f[0], bytes):
                out.append([a for a in f if a in self.kept_b])
            else:
                out.append([a for a in f if a in self.kept])
        return out


# -- dev articles --------------------------------------------------------------------------

def capture() -> None:
    """Run sentences + entities over the dev articles, keeping the tagger's inputs."""
    from marsad.ingest.reader import document_from_record
    from marsad.ner.tagger import CRFTagger
    from marsad.registry import build_pipeline

    calls: list[tuple[Any, ...]] = []
    orig = CRFTagger.tag_tokens

    def recording(self: Any, sentences: Any, *, text: Any = None, kb_matches: Any = None) -> Any:
        km = tuple(kb_matches) if kb_matches is not None else None
        calls.append((sentences, text, km))
        return orig(self, sentences, text=text, kb_matches=km)

    CRFTagger.tag_tokens = recording  # type: ignore[method-assign]
    pipe = build_pipeline(["sentences.v1", "entities.v1"])
    n = 0
    with open(DEV_ARTICLES, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                pipe(document_from_record(json.loads(line)))
                n += 1
    OUT.mkdir(parents=True, exist_ok=True)
    with open(INPUTS, "wb") as out:
        pickle.dump(calls, out, protocol=pickle.HIGHEST_PROTOCOL)
    ntok = sum(len(s) for c in calls for s in c[0])
    print(f"captured {len(calls)} tagger calls from {n} articles, {ntok} tokens -> {INPUTS}")


def load_inputs() -> list[tuple[Any, ...]]:
    with open(INPUTS, "rb") as fh:
        calls: list[tuple[Any, ...]] = pickle.load(fh)
    return calls


def load_full_tagger() -> Any:
    """The bundled CRF tagger as the pipeline loads it (KB gazetteer from one KB)."""
    from marsad.kb import KnowledgeBase
    from marsad.ner import load_tagger
    from marsad.ner.resources import KBGazetteer

    kb = KnowledgeBase.load()
    return load_tagger(gazetteers={"kb": KBGazetteer(kb)})


def pruned_tagger(full: Any, kept: frozenset[str]) -> Any:
    return dataclasses.replace(full, features=full.features.with_known(kept))


class StrictTagger:
    """A CRFTagger whose every attribute list is filtered to `kept` (exact zeroing)."""

    def __init__(self, base: Any, kept: frozenset[str]) -> None:
        self.base = base
        self.filter = StrictFilter(kept)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def _features(self, sentences: Any, given: Any = None) -> Any:
        return [self.filter.lists(f) for f in self.base._features(sentences, given)]

    def tag_plain(self, sentences: Any, given: Any = None) -> list[list[str]]:
        b = self.base
        return [b._decode(b.tagger.tag(f)) if f else [] for f in self._features(sentences, given)]

    def tag(self, sentences: Any, given: Any = None) -> list[list[str]]:
        from marsad.ner.tagger import propagate

        tags = self.tag_plain(sentences, given)
        return propagate(sentences, tags, key=self.base.stem) if self.base.consistency else tags

    def tag_tokens(self, sentences: Any, *, text: Any = None, kb_matches: Any = None) -> list[list[str]]:
        strs, given = call_args(self.base, sentences, text, kb_matches)
        return self.tag(strs, given)

    def tag_sentence(self, tokens: Any) -> list[str]:
        return self.tag_plain([tokens])[0]


def call_args(tagger: Any, sentences: Any, text: Any, kb_matches: Any) -> tuple[Any, Any]:
    """What `CRFTagger.tag_tokens` passes on to `tag` (strings and given KB labels)."""
    from marsad.ner.resources import KBGazetteer

    given = None
    if text is not None and kb_matches is not None:
        kb = dict(tagger.features.gazetteers).get("kb")
        if isinstance(kb, KBGazetteer):
            given = {"kb": kb.from_matches(text, sentences, kb_matches)}
    return [[t.text for t in s] for s in sentences], given


def dev(eps_list: Sequence[float], aqmar: bool) -> None:
    """Attributes kept, attributes per token, tags changed on the dev articles, AQMAR dev F1."""
    from marsad.ner.conll import eval_conll

    calls = load_inputs()
    full = load_full_tagger()
    maxw = max_weights(MODEL)
    args = [call_args(full, *c) for c in calls]
    ntok = sum(len(s) for strs, _ in args for s in strs)
    ref = [full.tag(strs, given) for strs, given in args]
    full_feats_len = sum(len(f) for strs, given in args for sf in full._features(strs, given) for f in sf)
    rows = []
    for eps in eps_list:
        kept = kept_attributes(maxw, eps)
        pr = pruned_tagger(full, kept)
        strict = StrictTagger(pr, kept)
        n_attr = n_outside = n_strict = 0
        changed = {"tagger": 0, "strict": 0}
        for (strs, given), rtags in zip(args, ref, strict=True):
            feats = pr._features(strs, given)
            for sf in feats:
                for f in sf:
                    n_attr += len(f)
                    k = sum(1 for a in f if a.decode() in kept) if f else 0
                    n_strict += k
                    n_outside += len(f) - k
            for name, tg in (("tagger", pr), ("strict", strict)):
                tags = tg.tag(strs, given)
                changed[name] += sum(a != b for ts, rs in zip(tags, rtags, strict=True)
                                     for a, b in zip(ts, rs, strict=True))
        row: dict[str, Any] = {
            "eps": eps, "attributes_kept": len(kept), "attributes_total": len(maxw),
            "attrs_per_token": round(n_attr / ntok, 2),
            "attrs_per_token_strict": round(n_strict / ntok, 2),
            "outside_kept_per_token": round(n_outside / ntok, 2),
            "full_attrs_per_token": round(full_feats_len / ntok, 2),
            "dev_tokens": ntok, "dev_tags_changed": changed["tagger"],
            "dev_tags_changed_strict": changed["strict"],
        }
        if aqmar:
            for name, tg in (("tagger", pr), ("strict", strict)):
                sc = eval_conll(SHARED / "aqmar" / "dev.txt", tg)
                row[f"aqmar_{name}"] = {"F1": round(sc.overall.f1, 2),
                                        **{k: round(v.f1, 2) for k, v in sorted(sc.per_type.items())}}
        rows.append(row)
        print(json.dumps(row), flush=True)
    (OUT / "dev.json").write_text(json.dumps(rows, indent=1))


# -- cross-validation ----------------------------------------------------------------------

def fold_model(fold: int, scheme: str) -> Path:
    """The fold's model, trained by scripts/ner_cv.py (exactly its recipe) unless present."""
    path = OUT / "models" / f"fold{fold}.crfsuite"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(ROOT / "scripts" / "ner_cv.py"), "--fold", str(fold),
               "--name", scheme, "--scheme", scheme, "--out", str(OUT / "cv"),
               "--save-model", str(path)]
        log.info("training fold %d: %s", fold, " ".join(cmd))
        subprocess.run(cmd, check=True)
    return path


def _stem_key(ex: Any) -> Any:
    def key(w: str) -> str:
        stem: str = ex.word(w).stem
        return stem

    return key


def cv(folds: Sequence[int], eps_list: Sequence[float], scheme: str, folds_total: int) -> None:
    """Score each fold's test block with the full and each pruned attribute list."""
    import pycrfsuite
    from ner_experiment import ExpConfig, build_extractors, decode_scheme

    from marsad.kb import KnowledgeBase
    from marsad.ner.conll import read_conll, score
    from marsad.ner.tagger import propagate
    from marsad.ner.train import _documents, contiguous_folds

    sents = read_conll(SHARED / "anercorp" / "train.txt")
    kb = KnowledgeBase.load()
    results = []
    for fold in folds:
        model = fold_model(fold, scheme)
        test_idx = contiguous_folds(len(sents), folds_total)[fold]
        train = [s for j, s in enumerate(sents) if j not in test_idx]
        test = [sents[j] for j in test_idx]
        _, test_ex = build_extractors(ExpConfig(), train, kb, SHARED, None)
        tg = pycrfsuite.Tagger()
        tg.open(str(model))
        maxw = max_weights(model)
        gold = [list(s.tags) for s in test]
        variants: list[tuple[str, float, Any, StrictFilter | None]] = [("full", 0.0, test_ex, None)]
        for eps in eps_list:
            kept = kept_attributes(maxw, eps)
            ex = test_ex.with_known(kept)
            variants.append(("tagger", eps, ex, None))
            variants.append(("strict", eps, ex, StrictFilter(kept)))
        ref: list[list[str]] | None = None
        for name, eps, ex, filt in variants:
            pred: list[list[str]] = []
            cons: list[list[str]] = []
            n_attr = 0
            for doc in _documents(len(test), 20):
                toks = [test[i].tokens for i in doc]
                tags = []
                for t in toks:
                    f = ex.sentence(t)
                    if filt is not None:
                        f = filt.lists(f)
                    n_attr += sum(len(x) for x in f)
                    tags.append(decode_scheme(tg.tag(f)))
                pred.extend(tags)
                cons.extend(propagate(toks, tags, key=_stem_key(ex)))
            ntok = sum(len(s.tokens) for s in test)
            if ref is None:
                ref = cons
            changed = sum(a != b for x, y in zip(cons, ref, strict=True) for a, b in zip(x, y, strict=True))
            sc_v, sc_c = score(gold, pred), score(gold, cons)
            row = {"fold": fold, "variant": name, "eps": eps,
                   "kept": len(kept_attributes(maxw, eps)), "total": len(maxw),
                   "attrs_per_token": round(n_attr / ntok, 2),
                   "viterbi": round(sc_v.overall.f1, 2), "cons": round(sc_c.overall.f1, 2),
                   "cons_per_type": {k: round(v.f1, 2) for k, v in sorted(sc_c.per_type.items())},
                   "cons_counts": sc_c.to_dict(), "changed_vs_full": changed}
            results.append(row)
            short = {k: v for k, v in row.items() if k != "cons_counts"}
            print(json.dumps(short), flush=True)
        (OUT / f"cv_fold{fold}.json").write_text(json.dumps([r for r in results if r["fold"] == fold], indent=1))


# -- speed ---------------------------------------------------------------------------------

def speed(eps: float | None, passes: int) -> dict[str, Any]:
    """CPU seconds of `tag_tokens` over the captured dev inputs (this process only)."""
    calls = load_inputs()
    full = load_full_tagger()
    tg = full if eps is None else pruned_tagger(full, kept_attributes(max_weights(MODEL), eps))
    gc.collect()
    times = []
    for _ in range(passes):
        t0 = time.process_time()
        for sentences, text, km in calls:
            tg.tag_tokens(sentences, text=text, kb_matches=km)
        times.append(time.process_time() - t0)
        # a fresh word cache for the next pass would need a new extractor: later passes
        # measure the warm cache (a long-running pipeline), the first one the cold cache
    res = {"eps": eps, "articles": len(calls), "cpu_s": [round(t, 3) for t in times],
           "ms_per_article": [round(1000 * t / len(calls), 2) for t in times]}
    print(json.dumps(res), flush=True)
    return res


def breakdown(eps_list: Sequence[float], repeats: int) -> None:
    """CPU split of the tag path, in this process: building the attribute lists (cold and
    warm word cache) per eps, then crfsuite's Viterbi alone on the prebuilt lists, the eps
    interleaved `repeats` times (min and median reported)."""
    calls = load_inputs()
    full = load_full_tagger()
    maxw = max_weights(MODEL)
    args = [call_args(full, *c) for c in calls]
    n = len(calls)
    built: dict[float, Any] = {}
    for eps in eps_list:
        tg = pruned_tagger(full, kept_attributes(maxw, eps))
        gc.collect()
        t0 = time.process_time()
        built[eps] = [tg._features(strs, given) for strs, given in args]
        cold = time.process_time() - t0
        t0 = time.process_time()
        for strs, given in args:
            tg._features(strs, given)
        warm = time.process_time() - t0
        print(json.dumps({"eps": eps, "build_cold_ms_per_article": round(1000 * cold / n, 2),
                          "build_warm_ms_per_article": round(1000 * warm / n, 2)}), flush=True)
    crf: dict[float, list[float]] = defaultdict(list)
    tag = full.tagger.tag
    for _ in range(repeats):
        for eps in eps_list:
            t0 = time.process_time()
            for sf in built[eps]:
                for f in sf:
                    if f:
                        tag(f)
            crf[eps].append(1000 * (time.process_time() - t0) / n)
    for eps in eps_list:
        v = sorted(crf[eps])
        print(json.dumps({"eps": eps, "crfsuite_ms_per_article_min": round(v[0], 3),
                          "median": round(v[len(v) // 2], 3)}), flush=True)


def families(eps_list: Sequence[float]) -> None:
    """Attributes per token on the dev articles by family (the text before ``=``), with the
    share of those occurrences whose attribute's largest |weight| is below each eps."""
    import re

    calls = load_inputs()
    full = load_full_tagger()
    maxw = max_weights(MODEL)
    count: dict[str, int] = defaultdict(int)
    below: dict[tuple[str, float], int] = defaultdict(int)
    ntok = 0
    for c in calls:
        strs, given = call_args(full, *c)
        for sf in full._features(strs, given):
            for f in sf:
                ntok += 1
                for a in f:
                    s = a.decode()
                    fam = re.sub(r"^(-?\d)?", lambda m: "±" if m.group(0) else "", s.split("=")[0])
                    fam = fam if "=" in s else s if len(s) < 12 else fam
                    count[fam] += 1
                    w = maxw.get(s, 0.0)
                    for e in eps_list:
                        if w < e:
                            below[fam, e] += 1
    print(f"{ntok} tokens; family: attrs/token, share below eps {list(eps_list)}")
    for fam, n in sorted(count.items(), key=lambda x: -x[1]):
        shares = " ".join(f"{100 * below[fam, e] / n:5.1f}%" for e in eps_list)
        print(f"{fam:10s} {n / ntok:6.2f}  {shares}")


def speed_all(eps: float, rounds: int, passes: int) -> None:
    """Interleaved fresh-process runs: full, pruned, full, pruned, ..."""
    rows = []
    for r in range(rounds):
        for e in (None, eps):
            cmd = [sys.executable, __file__, "speed", "--passes", str(passes)]
            if e is not None:
                cmd += ["--eps", str(e)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            row["round"] = r
            rows.append(row)
            print(json.dumps(row), flush=True)
    (OUT / f"speed_{eps}.json").write_text(json.dumps(rows, indent=1))
    for e in (None, eps):
        sel = [x for x in rows if x["eps"] == e]
        for p in range(passes):
            v = sorted(x["ms_per_article"][p] for x in sel)
            print(f"eps {e}: pass {p} ms/article min {v[0]} median {v[len(v) // 2]} all {v}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=("capture", "weights", "dev", "cv", "speed", "speed-all", "breakdown", "families"))
    ap.add_argument("--eps", type=float, nargs="*", default=None)
    ap.add_argument("--fold", type=int, nargs="*", default=[0, 1])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--scheme", default="bioes", choices=("bio", "bioes"))
    ap.add_argument("--no-aqmar", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    OUT.mkdir(parents=True, exist_ok=True)
    eps_list = tuple(args.eps) if args.eps else EPS
    if args.cmd == "capture":
        capture()
    elif args.cmd == "weights":
        maxw = max_weights(MODEL)
        for e in eps_list:
            print(f"eps {e}: kept {len(kept_attributes(maxw, e))} of {len(maxw)}")
    elif args.cmd == "dev":
        dev(eps_list, not args.no_aqmar)
    elif args.cmd == "cv":
        cv(args.fold, eps_list, args.scheme, args.folds)
    elif args.cmd == "families":
        families(eps_list)
    elif args.cmd == "breakdown":
        breakdown(eps_list, args.rounds)
    elif args.cmd == "speed":
        speed(args.eps[0] if args.eps else None, args.passes)
    else:
        speed_all(eps_list[0], args.rounds, args.passes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
