"""The Arabic text layer: normalisation with offset maps, segmentation, tokenisation."""

from marsad.arabic.normalize import NormalizedText, normalize, normalize_view, strip_diacritics
from marsad.arabic.segment import paragraphs, sentences
from marsad.arabic.tokenize import Token, split_clitics, tokenize

__all__ = [
    "NormalizedText", "Token", "normalize", "normalize_view", "paragraphs", "sentences",
    "split_clitics", "strip_diacritics", "tokenize",
]
