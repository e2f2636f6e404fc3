"""Training and cross-validating the CRF tagger (what `marsad train ner` calls).

    PYTHONPATH=src nice .venv/bin/python -m marsad.ner.train \\
        --train ../shared/data/anercorp/train.txt --gazetteer-names ../shared/data/aqmar/train.txt \\
        --gate ../shared/data/gate-arabic-gazetteer --folds 5 --jobs 2 --out src/marsad/data/ner

Cross-validation folds are contiguous blocks of sentences (neighbouring sentences share an
article, so random folds would leak names across folds). Everything is deterministic: the
fold split is fixed, L-BFGS has no randomness, and the written files are sorted; `--jobs`
runs folds in parallel processes without changing a figure (only the measured speeds).

AQMAR entity *names* go into the gazetteer; AQMAR *sentences* are not training data (its
MISC is annotated differently and measured to hurt). NewsFANE is the ANERcorp text
re-annotated: never combine it with ANERcorp in cross-validation.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from marsad.errors import InputError, MarsadError
from marsad.ner.conll import NerScores, Sentence, encode_scheme, read_conll, score, spans
from marsad.ner.features import FeatureExtractor, GazetteerFn
from marsad.ner.resources import DATA_DIR, Gazetteer, KBGazetteer, load_clusters, load_vocabulary
from marsad.ner.tagger import (
    META_FILE,
    MODEL_FILE,
    CRFTagger,
    boost_recall,
    propagate,
    write_attributes,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# GATE list file -> gazetteer label (number and currency lists are left to word shape).
GATE_LABELS: dict[str, str] = {
    "male_names.lst": "GIVEN", "female_names.lst": "GIVEN", "surnames.lst": "SURNAME",
    "titles.lst": "TITLE", "organisations.lst": "ORG", "facility.lst": "FAC",
    "monuments.lst": "FAC", "months.lst": "TIME", "days.lst": "TIME", "time.lst": "TIME",
    **dict.fromkeys(("city.lst", "city_world.lst", "country.lst", "country_world.lst",
                     "location_other.lst", "mountains.lst", "oceans_seas_islands.lst",
                     "places.lst", "rivers.lst"), "LOC"),
}
RESOURCE_FILES = ("vocab.txt.gz", "clusters.tsv.gz")


@dataclass(frozen=True)
class CRFParams:
    """L-BFGS CRF hyper-parameters (defaults chosen by ANERcorp cross-validation)."""

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 200
    min_freq: float = 1.0

    def crfsuite(self) -> dict[str, Any]:
        return {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                "feature.possible_transitions": True, "feature.minfreq": self.min_freq}


def build_gazetteer(gate_dir: Path | None, name_corpora: Sequence[Path] = ()) -> Gazetteer:
    """Gazetteer from GATE Arabic lists and the entity names of annotated corpora."""
    pairs: list[tuple[str, str]] = []
    if gate_dir is not None:
        for fname, label in sorted(GATE_LABELS.items()):
            p = gate_dir / fname
            if not p.exists():
                log.warning("GATE list missing: %s", p)
                continue
            for line in p.read_text(encoding="utf-8-sig").splitlines():
                entry = line.strip()
                # A one-letter abbreviation ("د" for doctor) would match every clitic.
                if len(entry.replace(".", "")) >= 2:
                    pairs.append((entry.replace(".", ""), label))
    for path in name_corpora:
        for sent in read_conll(path):
            for kind, s, e in spans(sent.tags):
                pairs.append((" ".join(sent.tokens[s:e]), kind))
    return Gazetteer.from_pairs(pairs)


def contiguous_folds(n: int, k: int) -> list[range]:
    """k contiguous blocks of sentence indices covering range(n)."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(k)]


def _documents(n: int, size: int) -> list[range]:
    """Pseudo-documents of `size` contiguous sentences (the corpora mark no article bounds)."""
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


def _train_crf(extractor: FeatureExtractor, sents: Sequence[Sentence], model_path: Path,
               params: CRFParams, *, doc_size: int, doc_features: bool, scheme: str = "bio") -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in _documents(len(sents), doc_size):
        toks = [sents[i].tokens for i in doc]
        feats = extractor.document(toks) if doc_features else [extractor.sentence(t) for t in toks]
        for i, f in zip(doc, feats, strict=True):
            if f:
                trainer.append(f, encode_scheme(sents[i].tags, scheme))
    trainer.set_params(params.crfsuite())
    trainer.train(str(model_path))


THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def evaluate_tagger(tagger: CRFTagger, sents: Sequence[Sentence], *, doc_size: int = 20
                    ) -> tuple[dict[str, NerScores], dict[str, float]]:
    """Scores by decoding variant (``viterbi``, ``o<0.7`` ..., each also ``+cons`` with
    document consistency) and tagging speeds in tokens/s (Viterbi; with marginals)."""
    docs = _documents(len(sents), doc_size)
    ntok = sum(len(s.tokens) for s in sents)
    plain = CRFTagger(tagger.tagger, tagger.features, False, tagger.doc_features, None, tagger.scheme)
    t0 = time.perf_counter()
    for doc in docs:
        plain.tag_plain([sents[i].tokens for i in doc])
    speeds = {"viterbi": ntok / max(time.perf_counter() - t0, 1e-9)}
    labels = tagger.labels
    variants: dict[str, list[list[str]]] = {}
    t1 = time.perf_counter()
    for doc in docs:
        toks = [sents[i].tokens for i in doc]
        vm = tagger.viterbi_and_marginals(toks)
        decoded = {"viterbi": [t for t, _ in vm]}
        for thr in THRESHOLDS:
            decoded[f"o<{thr}"] = [boost_recall(t, m, labels, thr) for t, m in vm]
        for name, tags in decoded.items():
            variants.setdefault(name, []).extend(tags)
            variants.setdefault(name + "+cons", []).extend(propagate(toks, tags, key=tagger.stem))
    speeds["marginals"] = ntok / max(time.perf_counter() - t1, 1e-9)
    gold = [list(s.tags) for s in sents]
    return {k: score(gold, v) for k, v in variants.items()}, speeds


@dataclass(frozen=True)
class _FoldJob:
    """What every cross-validation fold needs (shared with fold processes by fork, not pickled)."""

    extractor: FeatureExtractor
    sents: Sequence[Sentence]
    tmp: Path
    params: CRFParams
    doc_size: int
    doc_features: bool
    scheme: str

    def run(self, i: int, test_idx: range) -> tuple[dict[str, NerScores], dict[str, float]]:
        import pycrfsuite

        t0 = time.perf_counter()
        train = [s for j, s in enumerate(self.sents) if j not in test_idx]
        test = [self.sents[j] for j in test_idx]
        model = self.tmp / f"fold{i}.model"
        _train_crf(self.extractor, train, model, self.params, doc_size=self.doc_size,
                   doc_features=self.doc_features, scheme=self.scheme)
        tg = pycrfsuite.Tagger()
        tg.open(str(model))
        tagger = CRFTagger(tg, self.extractor, True, self.doc_features, scheme=self.scheme)
        out = evaluate_tagger(tagger, test, doc_size=self.doc_size)
        log.info("fold %d trained and scored in %.0f s", i, time.perf_counter() - t0)
        return out


def _fold_worker(run: Callable[[int, range], Any], i: int, test_idx: range, queue: Any) -> None:
    try:
        queue.put((i, run(i, test_idx), None))
    except Exception as exc:  # reported to the parent, which raises it
        queue.put((i, None, repr(exc)))


def run_folds(run: Callable[[int, range], T], fold_ranges: Sequence[range], jobs: int) -> list[T]:
    """``run(i, test_range)`` for every fold, in fold order, `jobs` folds at a time (forked
    processes; training is deterministic, so the figures do not depend on `jobs`; speeds
    do, with the load)."""
    if jobs <= 1:
        return [run(i, r) for i, r in enumerate(fold_ranges)]
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    results: dict[int, T] = {}
    pending = list(enumerate(fold_ranges))
    running: dict[int, Any] = {}
    while pending or running:
        while pending and len(running) < jobs:
            i, r = pending.pop(0)
            running[i] = ctx.Process(target=_fold_worker, args=(run, i, r, queue))
            running[i].start()
        i, res, err = queue.get()
        # The item is read, so the worker's queue feeder is done and it can exit.
        running.pop(i).join()
        if err is not None or res is None:
            for proc in running.values():
                proc.terminate()
            raise MarsadError(f"cross-validation fold {i} failed: {err}")
        results[i] = res
    return [results[i] for i in range(len(fold_ranges))]


def _merge(scores: Sequence[NerScores]) -> NerScores:
    from marsad.ner.conll import PRF

    per: dict[str, list[int]] = {}
    for s in scores:
        for k, v in s.per_type.items():
            acc = per.setdefault(k, [0, 0, 0])
            acc[0] += v.tp
            acc[1] += v.n_pred
            acc[2] += v.n_gold
    per_prf = {k: PRF(*v) for k, v in per.items()}
    total = PRF(*(sum(getattr(p, a) for p in per_prf.values()) for a in ("tp", "n_pred", "n_gold")))
    return NerScores(total, per_prf, sum(s.tokens for s in scores))


def _prepare_folder(folder: Path, resources: Path, gazetteer: Gazetteer) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in RESOURCE_FILES:
        src = resources / name
        if not src.exists():
            raise InputError(f"missing {src}: run scripts/build_clusters.py first")
        if src.resolve() != (folder / name).resolve():
            shutil.copyfile(src, folder / name)
    gazetteer.dump(folder / "gazetteer.tsv.gz")


def train_ner(
    corpora: Sequence[str | Path],
    out_dir: str | Path,
    *,
    folds: int | None = None,
    gazetteer_names: Sequence[str | Path] = (),
    gate_dir: str | Path | None = None,
    resources: str | Path | None = None,
    params: CRFParams | None = None,
    doc_size: int = 20,
    dev: Sequence[str | Path] = (),
    doc_features: bool = False,
    auto_decoding: bool = True,
    use_kb: bool = True,
    kb: Any = None,
    scheme: str = "bioes",
    jobs: int = 1,
) -> dict[str, Any]:
    """Train the CRF tagger on `corpora` (CoNLL) and write it to `out_dir`.

    `folds`: first report k-fold cross-validation on the training sentences (contiguous
    blocks). `gazetteer_names`: CoNLL corpora whose entity names join the gazetteer.
    `resources`: the folder holding vocab/clusters (default: the bundled ones). `dev`:
    CoNLL files scored with the final model. `doc_features`: add document-level evidence
    (`FeatureExtractor.document`; off by default: with document consistency on, 5-fold CV
    was 74.6 with them and 75.0 without). `auto_decoding`: keep the decoding (recall threshold,
    consistency) that cross-validation scored best. `use_kb`: knowledge-base membership
    features (`marsad.kb`; `kb` is an already loaded KnowledgeBase, else the bundled one is
    loaded; skipped with a warning when it cannot be). `scheme`: the labels the CRF learns
    (``bioes``: single-token and last-token labels of their own, decoded back to IOB2; 5-fold
    CV +0.6 F1 over ``bio`` on fold 1). `jobs`: cross-validation folds run at once (forked
    processes). Returns the metrics written to meta.json.
    """
    params = params or CRFParams()
    out = Path(out_dir)
    res = Path(resources) if resources else DATA_DIR
    sents: list[Sentence] = []
    for c in corpora:
        sents.extend(read_conll(c))
    if not sents:
        raise InputError("no training sentences in " + ", ".join(map(str, corpora)))
    gaz = build_gazetteer(Path(gate_dir) if gate_dir else None, [Path(p) for p in gazetteer_names])
    gazetteers: list[tuple[str, GazetteerFn]] = [("gaz", gaz)]
    if use_kb:
        try:
            if kb is None:
                from marsad.kb import KnowledgeBase

                kb = KnowledgeBase.load()
            gazetteers.append(("kb", KBGazetteer(kb)))
        except MarsadError as exc:
            log.warning("training without knowledge-base features: %s", exc)
    extractor = FeatureExtractor(load_vocabulary(res / "vocab.txt.gz"),
                                 load_clusters(res / "clusters.tsv.gz"), tuple(gazetteers))
    metrics: dict[str, Any] = {
        "kind": "crf", "gazetteers": [name for name, _ in gazetteers], "consistency": True, "doc_size": doc_size,
        "doc_features": doc_features, "o_threshold": None, "scheme": scheme,
        "params": params.crfsuite(), "train_sentences": len(sents),
        "train_tokens": sum(len(s.tokens) for s in sents),
        "corpora": [Path(c).name for c in corpora],
    }
    if folds:
        per_variant: dict[str, list[NerScores]] = {}
        speeds: dict[str, list[float]] = {}
        fold_ranges = contiguous_folds(len(sents), folds)
        with tempfile.TemporaryDirectory() as tmp:
            job = _FoldJob(extractor, sents, Path(tmp), params, doc_size, doc_features, scheme)
            for i, (scores, sp) in enumerate(run_folds(job.run, fold_ranges, jobs)):
                for k, v in scores.items():
                    per_variant.setdefault(k, []).append(v)
                for k, rate in sp.items():
                    speeds.setdefault(k, []).append(rate)
                log.info("fold %d: F1 viterbi %.2f, +cons %.2f, o<0.7+cons %.2f; %.0f tok/s", i,
                         scores["viterbi"].overall.f1, scores["viterbi+cons"].overall.f1,
                         scores["o<0.7+cons"].overall.f1, sp["viterbi"])
        merged = {k: _merge(v) for k, v in per_variant.items()}
        for k, v in sorted(merged.items()):
            log.info("CV %s: F1 %.2f (P %.2f R %.2f)", k, v.overall.f1, v.overall.precision, v.overall.recall)
        best = max(merged, key=lambda k: merged[k].overall.f1)
        log.info("best decoding %s:\n%s", best, merged[best].summary())
        metrics["cv"] = {"folds": folds, "variants": {k: v.to_dict() for k, v in sorted(merged.items())},
                         "best": best, "tokens_per_s": {k: round(min(v)) for k, v in speeds.items()}}
        if auto_decoding:
            metrics["consistency"] = best.endswith("+cons")
            name = best.removesuffix("+cons")
            metrics["o_threshold"] = float(name[2:]) if name.startswith("o<") else None
    _prepare_folder(out, res, gaz)
    _train_crf(extractor, sents, out / MODEL_FILE, params, doc_size=doc_size, doc_features=doc_features,
               scheme=scheme)
    (out / META_FILE).write_text(json.dumps(metrics, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    # The tagger prunes features to the model's attributes: a list left from an older model
    # would only slow its start, but `marsad train ner` alone should leave a complete folder.
    write_attributes(out)
    tagger = CRFTagger.load(out)
    for d in dev:
        dsents = read_conll(d)
        scores, sp = evaluate_tagger(tagger, dsents, doc_size=doc_size)
        metrics.setdefault("dev", {})[Path(d).parent.name + "/" + Path(d).name] = {
            "variants": {k: v.to_dict()["overall"] for k, v in sorted(scores.items())},
            "per_type": {k: v.to_dict() for k, v in scores.items() if k in ("viterbi+cons", _chosen(metrics))},
            "tokens_per_s": {k: round(v) for k, v in sp.items()}}
        log.info("dev %s (%s):\n%s", d, _chosen(metrics), scores[_chosen(metrics)].summary())
    (out / META_FILE).write_text(json.dumps(metrics, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return metrics


def _chosen(metrics: dict[str, Any]) -> str:
    thr = metrics.get("o_threshold")
    name = f"o<{thr}" if thr is not None else "viterbi"
    return name + ("+cons" if metrics.get("consistency", True) else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train and cross-validate the marsad NER CRF.")
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--out", default=str(DATA_DIR))
    ap.add_argument("--folds", type=int, default=None)
    ap.add_argument("--gazetteer-names", nargs="*", default=[])
    ap.add_argument("--gate", default=None)
    ap.add_argument("--resources", default=None)
    ap.add_argument("--dev", nargs="*", default=[])
    ap.add_argument("--c1", type=float, default=CRFParams.c1)
    ap.add_argument("--c2", type=float, default=CRFParams.c2)
    ap.add_argument("--iterations", type=int, default=CRFParams.max_iterations)
    ap.add_argument("--doc-size", type=int, default=20)
    ap.add_argument("--doc-features", action="store_true",
                    help="document-level features (measured: no gain once consistency is on)")
    ap.add_argument("--no-kb", action="store_true")
    ap.add_argument("--scheme", default="bioes", choices=("bio", "bioes"),
                    help="labels the CRF learns (decoded to IOB2 when tagging)")
    ap.add_argument("--jobs", type=int, default=1, help="cross-validation folds run at once")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train_ner(args.train, args.out, folds=args.folds, gazetteer_names=args.gazetteer_names,
              gate_dir=args.gate, resources=args.resources, dev=args.dev, doc_size=args.doc_size,
              params=CRFParams(args.c1, args.c2, args.iterations),
              doc_features=args.doc_features, use_kb=not args.no_kb, scheme=args.scheme,
              jobs=args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
