"""Training the BiLSTM-CRF of `marsad.ner.neural` with torch (a training-time dependency only).

    PYTHONPATH=src nice .venv/bin/python -m marsad.ner.neural_train \\
        --train ../shared/data/anercorp/train.txt --vectors /tmp/vectors.npz \\
        --crf-folder src/marsad/data/ner --folds 5 --dev ../shared/data/aqmar/dev.txt \\
        --out src/marsad/data/ner

`--vectors` is the ``vectors.npz`` written by ``scripts/build_clusters.py --vectors``;
`--crf-folder` holds the vocabulary, clusters and gazetteer the features use (written by
`marsad.ner.train`). Deterministic: seeded torch and numpy, one thread, fixed epochs (no
early stopping on a test fold).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from marsad.ner.conll import Sentence, read_conll, score
from marsad.ner.features import FeatureExtractor
from marsad.ner.neural import (
    MAX_CHARS,
    Encoder,
    NeuralNet,
    NeuralTagger,
    discrete_features,
)
from marsad.ner.tagger import META_FILE, build_extractor, propagate
from marsad.ner.train import _documents, _merge, contiguous_folds

log = logging.getLogger(__name__)

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


@dataclass(frozen=True)
class NeuralParams:
    """Network sizes and optimisation settings."""

    max_words: int = 40_000
    proj: int = 96
    char_dim: int = 24
    char_out: int = 64
    feat_dim: int = 64
    hidden: int = 128
    dropout: float = 0.5
    lr: float = 2e-3
    epochs: int = 12
    batch: int = 32
    seed: int = 13


def build_encoder(extractor: FeatureExtractor, sents: Sequence[Sentence], vector_words: Sequence[str],
                  params: NeuralParams) -> Encoder:
    chars: Counter[str] = Counter()
    feats: Counter[str] = Counter()
    for s in sents:
        for t in s.tokens:
            chars.update(extractor.word(t).norm)
        for fs in discrete_features(extractor, s.tokens):
            feats.update(fs)
    words = list(vector_words[: params.max_words])
    return Encoder(
        extractor,
        {w: i + 2 for i, w in enumerate(words)},
        {c: i + 2 for i, c in enumerate(sorted(c for c, n in chars.items() if n >= 2))},
        {f: i + 1 for i, f in enumerate(sorted(f for f, n in feats.items() if n >= 2))},
        TAGS,
    )


def _make_module(enc: Encoder, emb: np.ndarray, p: NeuralParams) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("word_emb", torch.tensor(emb, dtype=torch.float32))
            self.word_proj = nn.Linear(emb.shape[1], p.proj)
            self.char_emb = nn.Embedding(len(enc.chars) + 2, p.char_dim, padding_idx=0)
            self.char_conv = nn.Conv1d(p.char_dim, p.char_out, 3, padding=1)
            self.feat_emb = nn.Embedding(len(enc.feats) + 1, p.feat_dim, padding_idx=0)
            self.drop = nn.Dropout(p.dropout)
            self.lstm = nn.LSTM(2 * p.proj + p.char_out + p.feat_dim, p.hidden,
                                batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * p.hidden, len(enc.tags))
            k = len(enc.tags)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))

        def emissions(self, wid: Any, sid: Any, cid: Any, fid: Any, lengths: Any) -> Any:
            table: Any = self.word_emb
            xw = self.word_proj(table[wid])
            xs = self.word_proj(table[sid])
            b, t, length = cid.shape
            ch = self.char_emb(cid.view(b * t, length)).transpose(1, 2)
            conv = self.char_conv(ch).transpose(1, 2)  # [B*T, L, out]
            mask = (cid.view(b * t, length) > 0).unsqueeze(-1)
            xc = torch.relu(conv.masked_fill(~mask, -1e4).max(dim=1).values).view(b, t, -1)
            xf = self.feat_emb(fid).sum(dim=2)
            x = self.drop(torch.cat([xw, xs, xc, xf], dim=-1))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

        def nll(self, em: Any, tags: Any, mask: Any, lengths: Any) -> Any:
            bidx = torch.arange(em.shape[0])
            gold = self.start[tags[:, 0]] + em[bidx, 0, tags[:, 0]]
            alpha = self.start + em[:, 0]
            for t in range(1, em.shape[1]):
                m = mask[:, t]
                step = self.trans[tags[:, t - 1], tags[:, t]] + em[bidx, t, tags[:, t]]
                gold = gold + step * m
                nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans.unsqueeze(0) + em[:, t].unsqueeze(1), dim=1)
                alpha = torch.where(m.unsqueeze(1), nxt, alpha)
            last = tags[bidx, lengths - 1]
            gold = gold + self.end[last]
            log_z = torch.logsumexp(alpha + self.end, dim=1)
            return (log_z - gold).sum()

    return Net()


def _batch_tensors(encoded: Sequence[tuple[np.ndarray, ...]], tags: Sequence[Sequence[int]] | None) -> list[Any]:
    import torch

    lengths = [len(e[0]) for e in encoded]
    b, t = len(encoded), max(lengths)
    fw = max(e[3].shape[1] for e in encoded)
    wid = np.zeros((b, t), dtype=np.int64)
    sid = np.zeros((b, t), dtype=np.int64)
    cid = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
    fid = np.zeros((b, t, fw), dtype=np.int64)
    tg = np.zeros((b, t), dtype=np.int64)
    for k, e in enumerate(encoded):
        n = lengths[k]
        wid[k, :n], sid[k, :n], cid[k, :n] = e[0], e[1], e[2]
        fid[k, :n, : e[3].shape[1]] = e[3]
        if tags is not None:
            tg[k, :n] = tags[k]
    ln = torch.tensor(lengths)
    mask = torch.arange(t)[None, :] < ln[:, None]
    return [torch.from_numpy(wid), torch.from_numpy(sid), torch.from_numpy(cid),
            torch.from_numpy(fid), ln, torch.from_numpy(tg), mask]


def train_network(enc: Encoder, emb: np.ndarray, sents: Sequence[Sentence], p: NeuralParams) -> dict[str, np.ndarray]:
    """Train on `sents`; return numpy weights in the layout `NeuralNet` reads."""
    import torch

    torch.manual_seed(p.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(p.seed)
    net = _make_module(enc, emb, p)
    opt = torch.optim.Adam([q for q in net.parameters() if q.requires_grad], lr=p.lr)
    tag_ix = {t: i for i, t in enumerate(enc.tags)}
    data = [(enc.encode(s.tokens), [tag_ix[t] for t in s.tags]) for s in sents if s.tokens]
    order = sorted(range(len(data)), key=lambda i: len(data[i][1]))
    batches = [order[i : i + p.batch] for i in range(0, len(order), p.batch)]
    for epoch in range(p.epochs):
        net.train()
        t0 = time.perf_counter()
        total = 0.0
        for bi in rng.permutation(len(batches)):
            idx = batches[bi]
            wid, sid, cid, fid, ln, tg, mask = _batch_tensors([data[i][0] for i in idx], [data[i][1] for i in idx])
            em = net.emissions(wid, sid, cid, fid, ln)
            loss = net.nll(em, tg, mask, ln)
            opt.zero_grad()
            (loss / len(idx)).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        # Halve the learning rate for the last third: steadier final weights.
        if epoch + 1 == (2 * p.epochs) // 3:
            for g in opt.param_groups:
                g["lr"] = p.lr / 2
        log.info("epoch %d: loss %.1f, %.0f s", epoch, total, time.perf_counter() - t0)
    net.eval()
    sd = {k: v.detach().cpu().numpy() for k, v in net.state_dict().items()}
    return {
        "word_emb": sd["word_emb"], "word_proj.weight": sd["word_proj.weight"],
        "word_proj.bias": sd["word_proj.bias"], "char_emb": sd["char_emb.weight"],
        "char_conv.weight": sd["char_conv.weight"], "char_conv.bias": sd["char_conv.bias"],
        "feat_emb": sd["feat_emb.weight"], "out.weight": sd["out.weight"], "out.bias": sd["out.bias"],
        "crf.trans": sd["trans"], "crf.start": sd["start"], "crf.end": sd["end"],
        **{k: v for k, v in sd.items() if k.startswith("lstm.")},
    }


def save_weights(weights: dict[str, np.ndarray], path: Path) -> None:
    """Compressed npz: word vectors as int8 rows with a scale, the rest float16."""
    w = dict(weights)
    emb = w.pop("word_emb")
    scale = np.maximum(np.abs(emb).max(axis=1), 1e-8) / 127.0
    q = np.round(emb / scale[:, None]).astype(np.int8)
    arrays: dict[str, Any] = {k: v.astype(np.float16) for k, v in w.items()}
    arrays.update(word_emb_q=q, word_emb_scale=scale.astype(np.float32))
    np.savez_compressed(path, **arrays)


def load_vectors(path: Path, max_words: int) -> tuple[list[str], np.ndarray]:
    """Vectors for the first `max_words` words (frequency order), with PAD/UNK rows in front."""
    with np.load(path) as z:
        words = [str(w) for w in z["words"][:max_words]]
        vec = z["vectors"][:max_words].astype(np.float32)
    emb = np.concatenate([np.zeros((2, vec.shape[1]), dtype=np.float32), vec])
    return words, emb


def _tagger(enc: Encoder, weights: dict[str, np.ndarray]) -> NeuralTagger:
    w = {k: v.astype(np.float32) for k, v in weights.items()}
    return NeuralTagger(enc, NeuralNet(w), consistency=False)


def _eval(tagger: NeuralTagger, sents: Sequence[Sentence], doc_size: int) -> tuple[Any, Any, float]:
    t0 = time.perf_counter()
    plain = tagger.tag_plain([s.tokens for s in sents])
    speed = sum(len(s.tokens) for s in sents) / max(time.perf_counter() - t0, 1e-9)
    cons: list[list[str]] = []
    for doc in _documents(len(sents), doc_size):
        cons.extend(propagate([sents[i].tokens for i in doc], [plain[i] for i in doc]))
    gold = [list(s.tags) for s in sents]
    return score(gold, plain), score(gold, cons), speed


def train_neural(corpora: Sequence[str | Path], out_dir: str | Path, *, vectors: str | Path,
                 crf_folder: str | Path, folds: int | None = None, dev: Sequence[str | Path] = (),
                 params: NeuralParams | None = None, doc_size: int = 20) -> dict[str, Any]:
    """Cross-validate (optional) and train the BiLSTM-CRF; write weights and meta to `out_dir`."""
    p = params or NeuralParams()
    out = Path(out_dir)
    sents: list[Sentence] = []
    for c in corpora:
        sents.extend(read_conll(c))
    extractor = build_extractor(Path(crf_folder))
    words, emb = load_vectors(Path(vectors), p.max_words)
    metrics: dict[str, Any] = {"neural_params": asdict(p)}
    if folds:
        plain_all, cons_all, speeds = [], [], []
        for i, test_idx in enumerate(contiguous_folds(len(sents), folds)):
            train = [s for j, s in enumerate(sents) if j not in test_idx]
            test = [sents[j] for j in test_idx]
            enc = build_encoder(extractor, train, words, p)
            weights = train_network(enc, emb, train, p)
            plain, cons, speed = _eval(_tagger(enc, weights), test, doc_size)
            plain_all.append(plain)
            cons_all.append(cons)
            speeds.append(speed)
            log.info("fold %d: F1 %.2f (consistent %.2f), %.0f tok/s", i, plain.overall.f1,
                     cons.overall.f1, speed)
        metrics["neural_cv"] = {"folds": folds, "plain": _merge(plain_all).to_dict(),
                                "consistent": _merge(cons_all).to_dict(),
                                "tokens_per_s": round(min(speeds))}
        log.info("CV plain:\n%s", _merge(plain_all).summary())
        log.info("CV consistent:\n%s", _merge(cons_all).summary())
    enc = build_encoder(extractor, sents, words, p)
    weights = train_network(enc, emb, sents, p)
    out.mkdir(parents=True, exist_ok=True)
    save_weights(weights, out / "neural.npz")
    vocab = {"words": sorted(enc.words, key=enc.words.__getitem__),
             "chars": sorted(enc.chars, key=enc.chars.__getitem__),
             "feats": sorted(enc.feats, key=enc.feats.__getitem__), "tags": list(enc.tags)}
    (out / "neural_vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    meta_path = out / META_FILE
    meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta.update(metrics)
    meta.update({"kind": "neural", "neural_weights": "neural.npz", "neural_vocab": "neural_vocab.json"})
    tagger = NeuralTagger.load(out, extractor, meta)
    for d in dev:
        dsents = read_conll(d)
        plain, cons, speed = _eval(tagger, dsents, doc_size)
        meta.setdefault("neural_dev", {})[Path(d).parent.name + "/" + Path(d).name] = {
            "plain": plain.to_dict(), "consistent": cons.to_dict(), "tokens_per_s": round(speed)}
        log.info("dev %s plain:\n%s\nconsistent:\n%s", d, plain.summary(), cons.summary())
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the marsad BiLSTM-CRF NER tagger.")
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--crf-folder", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--folds", type=int, default=None)
    ap.add_argument("--dev", nargs="*", default=[])
    ap.add_argument("--epochs", type=int, default=NeuralParams.epochs)
    ap.add_argument("--max-folds", type=int, default=None, help="stop CV after this many folds (quick checks)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train_neural(args.train, args.out, vectors=args.vectors, crf_folder=args.crf_folder,
                 folds=args.folds, dev=args.dev, params=NeuralParams(epochs=args.epochs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
