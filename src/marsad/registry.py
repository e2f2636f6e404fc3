"""The built-in stages by versioned name, and the default pipeline.

Stage order comes from `DEFAULT_STAGES` (or the caller's list), never from import order.
Factories load their resources (models, knowledge base) when called, once per pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from marsad.errors import PipelineError
from marsad.pipeline import Pipeline, Stage

StageFactory = Callable[..., Stage]


def _sentences(**_: Any) -> Stage:
    from marsad.stages.sentences import SentenceStage

    return SentenceStage()


STAGES: dict[str, StageFactory] = {
    "sentences.v1": _sentences,
}

DEFAULT_STAGES: tuple[str, ...] = ("sentences.v1",)


def build_pipeline(names: Sequence[str] | None = None, **options: Any) -> Pipeline:
    """Build a checked pipeline from stage names (default: the full analysis)."""
    stages = []
    for name in names or DEFAULT_STAGES:
        try:
            factory = STAGES[name]
        except KeyError:
            known = ", ".join(sorted(STAGES))
            raise PipelineError(f"unknown stage {name!r}; known stages: {known}") from None
        stages.append(factory(**options))
    return Pipeline(stages)
