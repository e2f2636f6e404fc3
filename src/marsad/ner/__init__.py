"""marsad.ner: the statistical named-entity tagger behind the entities stage.

    from marsad.ner import load_tagger, load_vocabulary
    tagger = load_tagger()                      # bundled model in marsad/data/ner/
    tagger.tag([["قال", "الرئيس", "دونالد", "ترامب"]])   # qāla al-raʾīs dūnald trāmb
    vocab = load_vocabulary()                   # for tokenize(text, known=vocab.__contains__)

`marsad.ner.conll` reads/writes/scores CoNLL files, `marsad.ner.train` trains and
cross-validates, `marsad.ner.hf.HFTagger` wraps a local Hugging Face model (optional).
"""

from marsad.ner.conll import NerScores, eval_conll, read_conll, score, tag_conll
from marsad.ner.resources import load_clusters, load_vocabulary
from marsad.ner.tagger import CRFTagger, load_tagger

__all__ = [
    "CRFTagger", "NerScores", "eval_conll", "load_clusters", "load_tagger", "load_vocabulary",
    "read_conll", "score", "tag_conll",
]
