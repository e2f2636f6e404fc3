"""One fold of an NER cross-validation experiment (for comparing ideas quickly, in parallel).

    PYTHONPATH=src nice .venv/bin/python scripts/ner_cv.py --fold 0 --name base --out /tmp/ner_exp
    PYTHONPATH=src nice .venv/bin/python scripts/ner_cv.py --fold 0 --name bioes --scheme bioes

Writes ``<out>/<name>/fold<i>.json`` with the viterbi and viterbi+cons scores of that fold;
``--summary`` merges the folds of a name. Folds are the contiguous blocks of
`marsad.ner.train.contiguous_folds`; the test fold never contributes to training, to the
training-name gazetteer, or to its cross-fitting.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.ner.conll import PRF, NerScores, score
from marsad.ner.train import _documents, _merge, contiguous_folds

log = logging.getLogger("ner_cv")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _scores_from(d: dict[str, Any]) -> NerScores:
    def prf(x: dict[str, int]) -> PRF:
        return PRF(x["tp"], x["pred"], x["gold"])

    return NerScores(prf(d["overall"]), {k: prf(v) for k, v in d["per_type"].items()}, d["tokens"])


def summary(out: Path, name: str) -> None:
    files = sorted((out / name).glob("fold*.json"))
    runs = [json.loads(f.read_text()) for f in files]
    for variant in runs[0]["scores"]:
        merged = _merge([_scores_from(r["scores"][variant]) for r in runs])
        per = " ".join(f"{k} {v.f1:.2f}" for k, v in sorted(merged.per_type.items()))
        folds = " ".join(f"{r['scores'][variant]['overall']['f1']:.2f}" for r in runs)
        print(f"{name:28s} {variant:14s} n={len(runs)} F1 {merged.overall.f1:.2f} "
              f"(P {merged.overall.precision:.2f} R {merged.overall.recall:.2f}) {per} | folds {folds}")
    print(f"  tok/s {min(r['tok_s'] for r in runs):.0f}  train s {max(r['train_s'] for r in runs):.0f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--name", default="base")
    ap.add_argument("--out", default="/tmp/ner_exp")
    ap.add_argument("--scheme", default="bio", choices=("bio", "bioes"))
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=1.0)
    ap.add_argument("--train-names", action="store_true", help="cross-fitted training-name gazetteer")
    ap.add_argument("--inner", type=int, default=5)
    ap.add_argument("--extra", default="", help="comma list of extra feature groups")
    ap.add_argument("--resources", default=None)
    ap.add_argument("--extra-clusters", default=None)
    ap.add_argument("--vectors", default=None, help="word vectors (.npz) for dense features")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--save-model", default=None, help="keep the fold's model here")
    ap.add_argument("--lexicon", default=None, help="self-training lexicon (scripts/ner_lexicon.py)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    out = Path(args.out)
    if args.summary:
        summary(out, args.name)
        return 0

    import pycrfsuite
    from ner_experiment import ExpConfig, build_extractors, decode_scheme

    from marsad.kb import KnowledgeBase
    from marsad.ner.conll import encode_scheme, read_conll
    from marsad.ner.tagger import propagate

    sents = read_conll(SHARED / "anercorp" / "train.txt")
    test_idx = contiguous_folds(len(sents), args.folds)[args.fold]
    train = [s for j, s in enumerate(sents) if j not in test_idx]
    test = [sents[j] for j in test_idx]
    cfg = ExpConfig(train_names=args.train_names, inner=args.inner,
                    extra=frozenset(x for x in args.extra.split(",") if x),
                    extra_clusters=Path(args.extra_clusters) if args.extra_clusters else None,
                    lexicon=Path(args.lexicon) if args.lexicon else None,
                    vectors=Path(args.vectors) if args.vectors else None)
    kb = KnowledgeBase.load()
    res = Path(args.resources) if args.resources else None
    train_ex, test_ex = build_extractors(cfg, train, kb, SHARED, res)
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in _documents(len(train), 20):
        for i in doc:
            f = train_ex(i).sentence(train[i].tokens)
            trainer.append(f, encode_scheme(train[i].tags, args.scheme))
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iters,
                        "feature.possible_transitions": True, "feature.minfreq": args.minfreq})
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "m.crfsuite"
        trainer.train(str(model))
        train_s = time.perf_counter() - t0
        if args.save_model:
            import shutil

            shutil.copyfile(model, args.save_model)
        tg = pycrfsuite.Tagger()
        tg.open(str(model))
        t1 = time.perf_counter()
        pred: list[list[str]] = []
        cons: list[list[str]] = []
        for doc in _documents(len(test), 20):
            toks = [test[i].tokens for i in doc]
            tags = [decode_scheme(tg.tag(test_ex.sentence(t))) for t in toks]
            pred.extend(tags)
            cons.extend(propagate(toks, tags, key=lambda w: test_ex.word(w).stem))
        tok_s = sum(len(s.tokens) for s in test) / (time.perf_counter() - t1)
    gold = [list(s.tags) for s in test]
    res_scores = {"viterbi": score(gold, pred).to_dict(), "viterbi+cons": score(gold, cons).to_dict()}
    (out / args.name).mkdir(parents=True, exist_ok=True)
    (out / args.name / f"fold{args.fold}.json").write_text(json.dumps(
        {"args": vars(args), "scores": res_scores, "tok_s": tok_s, "train_s": train_s}, indent=1))
    (out / args.name / f"plain{args.fold}.txt").write_text("\n\n".join(
        "\n".join(f"{w} {g} {p}" for w, g, p in zip(s.tokens, s.tags, c, strict=True))
        for s, c in zip(test, pred, strict=True)) + "\n", encoding="utf-8")
    (out / args.name / f"pred{args.fold}.txt").write_text("\n\n".join(
        "\n".join(f"{w} {g} {p}" for w, g, p in zip(s.tokens, s.tags, c, strict=True))
        for s, c in zip(test, cons, strict=True)) + "\n", encoding="utf-8")
    log.info("fold %d %s: viterbi %.2f +cons %.2f (%.0f tok/s, train %.0f s)", args.fold, args.name,
             res_scores["viterbi"]["overall"]["f1"], res_scores["viterbi+cons"]["overall"]["f1"],  # type: ignore[index]
             tok_s, train_s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
