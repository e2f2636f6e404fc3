"""The optional Hugging Face adapter, with a tiny random BERT built by the test itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import ResourceError

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

LABELS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC"]


def _tiny_model(folder: Path, favour: str) -> Path:
    words = ["قال", "الرئيس", "في", "بغداد", "ترامب", "##ه", "##ا"]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words, *"ابتثجحخدذرزسشصضطظعغفقكلمنهوي"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False,
                                         strip_accents=False, tokenize_chinese_chars=False)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=64,
        id2label=dict(enumerate(LABELS)), label2id={lab: i for i, lab in enumerate(LABELS)})
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():  # make one label win everywhere, so the output is predictable
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        model.classifier.bias[LABELS.index(favour)] = 5.0
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def test_hf_tagger_aligns_pieces_and_maps_labels(tmp_path: Path) -> None:
    from marsad.ner.hf import HFTagger

    tagger = HFTagger(_tiny_model(tmp_path, "I-PERS"))
    # "قال الرئيس ترامبه في بغداد" splits ترامبه into pieces: one tag per word all the same.
    sents = [["قال", "الرئيس", "ترامبه", "في", "بغداد"], [], ["بغداد"]]
    tags = tagger.tag(sents)
    assert [len(t) for t in tags] == [5, 0, 1]
    assert tags[0] == ["B-PER", "I-PER", "I-PER", "I-PER", "I-PER"]  # IOB2-repaired
    assert tags[2] == ["B-PER"]


def test_hf_tagger_chunks_long_sentences(tmp_path: Path) -> None:
    from marsad.ner.hf import HFTagger

    tagger = HFTagger(_tiny_model(tmp_path, "B-LOC"), max_pieces=8)
    sent = ["بغداد", "قال"] * 30  # far more pieces than fit at once
    assert tagger.tag([sent]) == [["B-LOC"] * 60]


def test_hf_tagger_missing_folder(tmp_path: Path) -> None:
    from marsad.ner.hf import HFTagger

    with pytest.raises(ResourceError):
        HFTagger(tmp_path / "nope")
    with pytest.raises(ResourceError):
        HFTagger(tmp_path)  # empty folder: nothing to load, and nothing is downloaded
