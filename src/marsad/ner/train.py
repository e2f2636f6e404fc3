"""Training and cross-validating the CRF tagger (what `marsad train ner` calls).

    PYTHONPATH=src nice .venv/bin/python -m marsad.ner.train \\
        --train ../shared/data/anercorp/train.txt --gazetteer-names ../shared/data/aqmar/train.txt \\
        --gate ../shared/data/gate-arabic-gazetteer --folds 5 --out src/marsad/data/ner

Cross-validation folds are contiguous blocks of sentences (neighbouring sentences share an
article, so random folds would leak names across folds). Everything is deterministic: the
fold split is fixed, L-BFGS has no randomness, and the written files are sorted.

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.ner.conll import NerScores, Sentence, read_conll, score, spans
from marsad.ner.features import FeatureExtractor
from marsad.ner.resources import DATA_DIR, Gazetteer, load_clusters, load_vocabulary
from marsad.ner.tagger import META_FILE, MODEL_FILE, CRFTagger, propagate

log = logging.getLogger(__name__)

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


def _train_crf(extractor: FeatureExtractor, sents: Sequence[Sentence], model_path: Path,
               params: CRFParams) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(extractor.sentence(s.tokens), list(s.tags))
    trainer.set_params(params.crfsuite())
    trainer.train(str(model_path))


def _documents(n: int, size: int) -> list[range]:
    """Pseudo-documents of `size` contiguous sentences (the corpora mark no article bounds)."""
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


def evaluate_tagger(tagger: CRFTagger, sents: Sequence[Sentence], *, doc_size: int = 20
                    ) -> tuple[NerScores, NerScores, float]:
    """Scores without and with document consistency, and tagging speed (tokens/s)."""
    t0 = time.perf_counter()
    plain = [tagger.tag_sentence(s.tokens) for s in sents]
    elapsed = time.perf_counter() - t0
    ntok = sum(len(s.tokens) for s in sents)
    consistent: list[list[str]] = []
    for doc in _documents(len(sents), doc_size):
        consistent.extend(propagate([sents[i].tokens for i in doc], [plain[i] for i in doc]))
    gold = [list(s.tags) for s in sents]
    return score(gold, plain), score(gold, consistent), ntok / max(elapsed, 1e-9)


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
) -> dict[str, Any]:
    """Train the CRF tagger on `corpora` (CoNLL) and write it to `out_dir`.

    `folds`: first report k-fold cross-validation on the training sentences (contiguous
    blocks). `gazetteer_names`: CoNLL corpora whose entity names join the gazetteer.
    `resources`: the folder holding vocab/clusters (default: the bundled ones). `dev`:
    CoNLL files scored with the final model. Returns the metrics written to meta.json.
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
    extractor = FeatureExtractor(load_vocabulary(res / "vocab.txt.gz"),
                                 load_clusters(res / "clusters.tsv.gz"), (("gaz", gaz),))
    metrics: dict[str, Any] = {
        "kind": "crf", "gazetteers": ["gaz"], "consistency": True, "doc_size": doc_size,
        "params": params.crfsuite(), "train_sentences": len(sents),
        "train_tokens": sum(len(s.tokens) for s in sents),
        "corpora": [Path(c).name for c in corpora],
    }
    if folds:
        plain_all, cons_all, speeds = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for i, test_idx in enumerate(contiguous_folds(len(sents), folds)):
                t0 = time.perf_counter()
                train = [s for j, s in enumerate(sents) if j not in test_idx]
                test = [sents[j] for j in test_idx]
                model = Path(tmp) / f"fold{i}.model"
                _train_crf(extractor, train, model, params)
                import pycrfsuite

                tg = pycrfsuite.Tagger()
                tg.open(str(model))
                plain, cons, speed = evaluate_tagger(CRFTagger(tg, extractor), test, doc_size=doc_size)
                plain_all.append(plain)
                cons_all.append(cons)
                speeds.append(speed)
                log.info("fold %d: F1 %.2f (consistent %.2f), %.0f tok/s, %.0f s", i,
                         plain.overall.f1, cons.overall.f1, speed, time.perf_counter() - t0)
        metrics["cv"] = {"folds": folds, "plain": _merge(plain_all).to_dict(),
                         "consistent": _merge(cons_all).to_dict(),
                         "tokens_per_s": round(min(speeds))}
        log.info("CV plain:\n%s", _merge(plain_all).summary())
        log.info("CV consistent:\n%s", _merge(cons_all).summary())
    _prepare_folder(out, res, gaz)
    _train_crf(extractor, sents, out / MODEL_FILE, params)
    tagger = CRFTagger.load(out)
    for d in dev:
        dsents = read_conll(d)
        plain, cons, speed = evaluate_tagger(tagger, dsents, doc_size=doc_size)
        metrics.setdefault("dev", {})[Path(d).parent.name + "/" + Path(d).name] = {
            "plain": plain.to_dict(), "consistent": cons.to_dict(), "tokens_per_s": round(speed)}
        log.info("dev %s plain:\n%s\nconsistent:\n%s", d, plain.summary(), cons.summary())
    (out / META_FILE).write_text(json.dumps(metrics, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return metrics


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
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train_ner(args.train, args.out, folds=args.folds, gazetteer_names=args.gazetteer_names,
              gate_dir=args.gate, resources=args.resources, dev=args.dev, doc_size=args.doc_size,
              params=CRFParams(args.c1, args.c2, args.iterations))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
