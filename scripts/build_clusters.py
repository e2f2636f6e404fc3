"""Build the NER word clusters and the frequent-word vocabulary from unlabelled news.

Reads ../shared/data/unlabeled-ant (one article body per line, gzip), tokenises with
`marsad.arabic.tokenize.TOKEN_RE`, normalises every token (`marsad.arabic.normalize`,
Latin lower-cased), trains word2vec (gensim, one worker, fixed seed: deterministic) and
clusters the vectors with seeded k-means at several granularities. Writes, into
src/marsad/data/ner/ (or --out):

- ``clusters.tsv.gz``: ``word<TAB>c64<TAB>c256<TAB>c1024`` for the normalised vocabulary;
- ``vocab.txt.gz``: frequent normalised word forms, most frequent first (for clitic
  splitting: a stem counts as a word when it is in this list);
- optionally (``--vectors``) ``vectors.npz``: float16 word vectors for the same words, used
  only to initialise a neural tagger at training time (not needed at run time).

The corpus text itself is never written out: only statistics learnt from it.

    PYTHONPATH=src .venv/bin/python scripts/build_clusters.py \\
        --corpus ../shared/data/unlabeled-ant/ant-2018-bodies.txt.gz
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from marsad.arabic.normalize import normalize
from marsad.arabic.tokenize import TOKEN_RE

log = logging.getLogger("build_clusters")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / ".." / "shared" / "data" / "unlabeled-ant" / "ant-2018-bodies.txt.gz"
DEFAULT_OUT = ROOT / "src" / "marsad" / "data" / "ner"
GRANULARITIES = (64, 256, 1024)


def norm_token(tok: str) -> str:
    """The form clusters are keyed on: `normalize` plus Latin lower-casing."""
    return normalize(tok).lower()


def read_sentences(path: Path) -> Iterator[list[str]]:
    """Normalised token lists, one per article body (word2vec windows do not need sentences)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            toks = [norm_token(m.group()) for m in TOKEN_RE.finditer(line)]
            if toks:
                yield toks


def kmeans(x: np.ndarray, k: int, *, seed: int, iters: int = 25) -> np.ndarray:
    """Seeded spherical k-means (cosine) on the rows of `x`; returns a label per row.

    Spherical because word2vec similarity is cosine; initial centres are a seeded sample of
    rows, so the result depends only on the data and the seed.
    """
    rng = np.random.default_rng(seed)
    xn = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-8)
    centres = xn[rng.choice(len(xn), size=k, replace=False)].copy()
    labels = np.zeros(len(xn), dtype=np.int64)
    for it in range(iters):
        # Chunked argmax keeps memory bounded for large vocabularies.
        new = np.empty(len(xn), dtype=np.int64)
        for s in range(0, len(xn), 20000):
            new[s : s + 20000] = np.argmax(xn[s : s + 20000] @ centres.T, axis=1)
        changed = int((new != labels).sum()) if it else len(xn)
        labels = new
        for c in range(k):
            members = xn[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / max(float(np.linalg.norm(v)), 1e-8)
            else:  # re-seed an empty cluster on a random point
                centres[c] = xn[rng.integers(len(xn))]
        log.info("k=%d iter %d: %d labels changed", k, it, changed)
        if changed == 0:
            break
    return labels


def _write_clusters(path: Path, words: list[str], vecs: np.ndarray, sizes: tuple[int, ...],
                    seed: int) -> int:
    log.info("clustering %d words at %s", len(words), sizes)
    labels = [kmeans(vecs, k, seed=seed + i) for i, k in enumerate(sizes)]
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: identical input gives identical bytes.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for i, w in enumerate(words):
            gz.write((w + "\t" + "\t".join(str(int(lab[i])) for lab in labels) + "\n").encode())
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5, help="min frequency for a clustered word")
    ap.add_argument("--max-words", type=int, default=120_000, help="cap on clustered words")
    ap.add_argument("--vocab-min-count", type=int, default=10, help="min frequency for vocab.txt.gz")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--vectors", type=Path, default=None, help="also save float16 vectors here (.npz)")
    ap.add_argument("--from-vectors", type=Path, default=None,
                    help="skip word2vec: cluster the words of a saved vectors.npz")
    ap.add_argument("--granularities", default=",".join(map(str, GRANULARITIES)),
                    help="comma-separated k-means sizes, coarse to fine")
    ap.add_argument("--clusters-name", default="clusters.tsv.gz")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    if os.environ.get("PYTHONHASHSEED") != "0":
        # gensim hashes words to seed their initial vectors; a fixed hash seed keeps runs identical.
        log.warning("set PYTHONHASHSEED=0 for a byte-identical rebuild")
    sizes = tuple(int(k) for k in args.granularities.split(","))
    if args.from_vectors:
        saved = np.load(args.from_vectors)
        return _write_clusters(args.out / args.clusters_name, [str(w) for w in saved["words"]],
                               saved["vectors"].astype(np.float32), sizes, args.seed)
    from gensim.models import Word2Vec  # build-time only dependency

    if not args.corpus.exists():
        log.error("corpus not found: %s", args.corpus)
        return 1
    sentences = list(read_sentences(args.corpus))
    counts: Counter[str] = Counter()
    for s in sentences:
        counts.update(s)
    log.info("%d articles, %d tokens, %d types", len(sentences), counts.total(), len(counts))

    model = Word2Vec(
        sentences=sentences, vector_size=args.dim, window=args.window, min_count=args.min_count,
        workers=1, seed=args.seed, epochs=args.epochs, sg=0, max_final_vocab=args.max_words,
    )
    words = [w for w in model.wv.index_to_key if w[:1].isalpha()]
    # Ties in frequency are broken by the word itself, so the order is deterministic.
    words.sort(key=lambda w: (-counts[w], w))
    vecs = np.stack([model.wv[w] for w in words]).astype(np.float32)
    _write_clusters(args.out / args.clusters_name, words, vecs, sizes, args.seed)
    vocab = sorted((w for w, c in counts.items() if c >= args.vocab_min_count and w[:1].isalpha()),
                   key=lambda w: (-counts[w], w))
    with open(args.out / "vocab.txt.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(vocab) + "\n").encode())
    log.info("wrote %d cluster rows and %d vocabulary words to %s", len(words), len(vocab), args.out)
    if args.vectors:
        args.vectors.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.vectors, words=np.array(words), vectors=vecs.astype(np.float16))
        log.info("wrote vectors to %s", args.vectors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
