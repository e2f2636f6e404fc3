"""The built-in stages by versioned name, and the default pipeline.

Stage order comes from `DEFAULT_STAGES` (or the caller's list), never from import order.
Factories receive shared `Resources` so that the knowledge base and the NER model load once
per pipeline, whatever the number of stages using them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from marsad.errors import PipelineError, ResourceError
from marsad.pipeline import Pipeline, Stage

NER_KINDS = ("crf", "ensemble")


@dataclass
class Resources:
    """Loaded-once resources shared by the stages of one pipeline."""

    ner_model: str | None = None
    # The bundled tagger to use: "crf" (fast, the default) or "ensemble" (the CRF mixed with
    # the BiLSTM-CRF: more accurate, several times slower). Ignored with `ner_model`.
    ner: str = "crf"
    _cache: dict[str, Any] = field(default_factory=dict)

    def kb(self) -> Any:
        if "kb" not in self._cache:
            from marsad.kb import KnowledgeBase

            self._cache["kb"] = KnowledgeBase.load()
        return self._cache["kb"]

    def tagger(self) -> Any:
        if "tagger" not in self._cache:
            if self.ner_model:
                from marsad.ner.hf import HFTagger

                try:
                    self._cache["tagger"] = HFTagger(self.ner_model)
                except ResourceError:
                    raise
                except Exception as exc:  # transformers raises many kinds of errors on bad folders
                    raise ResourceError(
                        f"cannot load the NER model in {self.ner_model} ({type(exc).__name__}: {exc}); "
                        "give a local Hugging Face token-classification folder"
                    ) from exc
            else:
                from marsad.ner import load_tagger
                from marsad.ner.resources import KBGazetteer

                # The bundled model reads knowledge-base membership features: given this
                # pipeline's KB, the tagger does not load a second copy of it and build a
                # second matcher (measured: 1.3 s CPU of cold start and ~60 MB).
                if self.ner not in NER_KINDS:
                    raise ResourceError(f"unknown NER tagger {self.ner!r}; choose one of {', '.join(NER_KINDS)}")
                self._cache["tagger"] = load_tagger(kind=self.ner, gazetteers={"kb": KBGazetteer(self.kb())})
        return self._cache["tagger"]

    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.word_ranks())

    def word_ranks(self) -> Mapping[str, int]:
        if "vocab" not in self._cache:
            from marsad.ner.resources import load_word_ranks

            self._cache["vocab"] = MappingProxyType(load_word_ranks())
        ranks: Mapping[str, int] = self._cache["vocab"]
        return ranks

    def given_names(self) -> frozenset[str]:
        """Loosely normalised given names of the bundled name lists ("فيصل", "وائل")."""
        if "given" not in self._cache:
            from marsad.ner.resources import Gazetteer

            entries = Gazetteer.load().entries
            self._cache["given"] = frozenset(k for k, v in entries.items() if "GIVEN" in v and " " not in k)
        return frozenset(self._cache["given"])


StageFactory = Callable[[Resources], Stage]


def _sentences(res: Resources) -> Stage:
    from marsad.stages.sentences import SentenceStage

    return SentenceStage()


def _entities(res: Resources) -> Stage:
    from marsad.stages.entities import EntityStage

    return EntityStage(res.kb(), res.tagger(), given_names=res.given_names(), word_ranks=res.word_ranks())


def _quotes(res: Resources) -> Stage:
    from marsad.stages.quotes import QuoteStage

    return QuoteStage()


def _times(res: Resources) -> Stage:
    from marsad.stages.times import TimeStage

    return TimeStage()


def _places(res: Resources) -> Stage:
    from marsad.stages.places import PlaceStage

    return PlaceStage(res.kb(), vocabulary=res.vocabulary())


def _events(res: Resources) -> Stage:
    from marsad.stages.events import EventStage

    return EventStage()


STAGES: dict[str, StageFactory] = {
    "sentences.v1": _sentences,
    "entities.v1": _entities,
    "quotes.v1": _quotes,
    "times.v1": _times,
    "places.v1": _places,
    "events.v1": _events,
}

DEFAULT_STAGES: tuple[str, ...] = (
    "sentences.v1", "entities.v1", "quotes.v1", "times.v1", "places.v1", "events.v1",
)


def build_pipeline(names: Sequence[str] | None = None, *, ner_model: str | None = None,
                   ner: str = "crf") -> Pipeline:
    """Build a checked pipeline from stage names (default: the full analysis).

    `ner_model`: a local Hugging Face token-classification folder; `ner`: which bundled
    tagger, ``crf`` or ``ensemble`` (see `Resources`)."""
    res = Resources(ner_model=ner_model, ner=ner)
    stages = []
    # Loading builds a few hundred thousand long-lived objects (KB entries, the matcher's
    # tables, the tagger's clusters and gazetteer) and no garbage cycles: with the cyclic
    # collector on, each of its full passes re-walks everything built so far (measured:
    # 2.2-2.7 s CPU of loading with it, 1.4-1.6 s without).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for name in names or DEFAULT_STAGES:
            try:
                factory = STAGES[name]
            except KeyError:
                known = ", ".join(sorted(STAGES))
                raise PipelineError(f"unknown stage {name!r}; known stages: {known}") from None
            stages.append(factory(res))
    finally:
        if was_enabled:
            gc.enable()
    return Pipeline(stages)
