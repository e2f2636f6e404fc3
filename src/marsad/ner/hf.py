"""An optional tagger backed by a local Hugging Face token-classification model.

For users who have a fine-tuned Arabic BERT NER folder (e.g. CAMeLBERT NER) on disk:
``marsad analyse --ner-model DIR``. The folder is read with ``local_files_only=True``:
nothing is ever downloaded. torch and transformers are imported only when an `HFTagger` is
built, so they stay optional dependencies.

Word pieces are aligned to our tokens by the fast tokenizer's ``word_ids``: each token takes
the label of its first piece. Labels are mapped to PER/LOC/ORG/MISC with
`marsad.ner.conll.coarse_tag` (so ``B-PERS``, ``B-GPE`` or ``B-MIS1`` all work).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.arabic.tokenize import Token
from marsad.errors import ResourceError
from marsad.ner.conll import coarse_tag, to_iob2

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HFTagger:
    """`tag` / `tag_tokens` over a local transformers token-classification model."""

    path: Path
    tokenizer: Any
    model: Any
    labels: dict[int, str]
    max_pieces: int = 510
    batch_size: int = 16

    def __init__(self, path: str | Path, *, max_pieces: int = 510, batch_size: int = 16) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise ResourceError(f"--ner-model {folder}: not a folder")
        try:
            import torch  # noqa: F401  (checked here so the message names what is missing)
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:
            raise ResourceError(
                "a Hugging Face NER model needs torch and transformers: "
                "pip install torch transformers"
            ) from exc
        try:
            tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True, use_fast=True)
            model = AutoModelForTokenClassification.from_pretrained(str(folder), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ResourceError(f"cannot load a token-classification model from {folder}: {exc}") from exc
        if not getattr(tok, "is_fast", False):
            raise ResourceError(f"{folder}: a fast tokenizer (tokenizer.json) is needed to align words")
        model.eval()
        id2label = {int(k): str(v) for k, v in model.config.id2label.items()}
        object.__setattr__(self, "path", folder)
        object.__setattr__(self, "tokenizer", tok)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "labels", id2label)
        object.__setattr__(self, "max_pieces", min(max_pieces, int(getattr(tok, "model_max_length", 512)) - 2))
        object.__setattr__(self, "batch_size", batch_size)

    def _chunks(self, words: list[str]) -> list[tuple[int, int]]:
        """Split a long sentence into word ranges whose pieces fit the model."""
        counts = [max(1, len(self.tokenizer.tokenize(w))) for w in words]
        out: list[tuple[int, int]] = []
        start, used = 0, 0
        for i, c in enumerate(counts):
            if used + c > self.max_pieces and i > start:
                out.append((start, i))
                start, used = i, 0
            used += c
        out.append((start, len(words)))
        return out

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags (coarse types) for each token of each sentence."""
        import torch

        pieces: list[tuple[int, int, int]] = []  # (sentence, start word, end word)
        for si, sent in enumerate(sentences):
            if sent:
                pieces.extend((si, s, e) for s, e in self._chunks(sent))
        result: list[list[str]] = [["O"] * len(s) for s in sentences]
        for b in range(0, len(pieces), self.batch_size):
            batch = pieces[b : b + self.batch_size]
            words = [sentences[si][s:e] for si, s, e in batch]
            enc = self.tokenizer(words, is_split_into_words=True, truncation=True,
                                 padding=True, return_tensors="pt")
            with torch.no_grad():
                logits = self.model(**enc).logits
            best = logits.argmax(-1).tolist()
            for k, (si, s, _e) in enumerate(batch):
                seen: set[int] = set()
                for pos, wid in enumerate(enc.word_ids(k)):
                    if wid is None or wid in seen:
                        continue
                    seen.add(wid)
                    result[si][s + wid] = coarse_tag(self.labels.get(best[k][pos], "O"))
        return [to_iob2(r) for r in result]

    def tag_tokens(self, sentences: list[list[Token]]) -> list[list[str]]:
        """The same, from `marsad.arabic.Token` lists."""
        return self.tag([[t.text for t in s] for s in sentences])
