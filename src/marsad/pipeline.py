"""The pipeline: named stages that each declare the layers they need and provide.

A stage is any object satisfying `Stage`: a `name`, `requires` and `provides` (layer names
from `marsad.document.LAYER_NAMES`, plus "text" which every document has) and
`__call__(doc) -> Document`. Stages are pure: they hold loaded resources (models, the
knowledge base) but do no I/O and keep no state between documents.

`Pipeline` checks the chain when it is built, so a missing stage is reported before any
document runs, with what is fulfilled and what is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from marsad.document import Document
from marsad.errors import MarsadError, PipelineError

log = logging.getLogger(__name__)


@runtime_checkable
class Stage(Protocol):
    """What every pipeline stage provides."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True, slots=True)
class Failure:
    """A document the pipeline could not analyse, and why."""

    doc_id: str
    stage: str
    reason: str


ErrorHandler = Callable[[Document, str, Exception], None]


def raise_error(doc: Document, stage: str, exc: Exception) -> None:
    raise exc


class Pipeline:
    """An ordered, checked sequence of stages.

    Args:
        stages: the stages in run order.
        available: layers present before the first stage (the ingested document has "text").
    """

    def __init__(self, stages: Sequence[Stage], *, available: Iterable[str] = ("text",)) -> None:
        self.stages: tuple[Stage, ...] = tuple(stages)
        self._check(set(available))

    def _check(self, have: set[str]) -> None:
        names = [s.name for s in self.stages]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise PipelineError(f"stage names must be unique; repeated: {', '.join(sorted(dupes))}")
        for stage in self.stages:
            if not isinstance(stage, Stage):
                raise PipelineError(
                    f"{stage!r} is not a stage: it needs name, requires, provides and __call__"
                )
            missing = set(stage.requires) - have
            if missing:
                raise PipelineError(
                    f"stage '{stage.name}' requires {', '.join(sorted(missing))}, which no "
                    f"earlier stage provides (fulfilled: {', '.join(sorted(have))}). "
                    "Add the providing stage before it."
                )
            have |= set(stage.provides)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            out = stage(doc)
            if not isinstance(out, Document):
                raise PipelineError(
                    f"stage '{stage.name}' returned {type(out).__name__} instead of a Document"
                )
            doc = out
        return doc

    def pipe(
        self, docs: Iterable[Document], *, on_error: Callable[[Failure], None] | None = None
    ) -> Iterator[Document]:
        """Analyse many documents; a failing one is reported to `on_error` and skipped.

        Without `on_error` the first failure is raised.
        """
        for doc in docs:
            stage_name = "?"
            try:
                for stage in self.stages:
                    stage_name = stage.name
                    doc = stage(doc)
            except MarsadError as exc:
                if on_error is None:
                    raise
                on_error(Failure(doc.article.id, stage_name, str(exc)))
                continue
            except Exception as exc:  # a bug in a stage must not stop a batch
                if on_error is None:
                    raise
                log.exception("stage %s failed on %s", stage_name, doc.article.id)
                on_error(Failure(doc.article.id, stage_name, f"{type(exc).__name__}: {exc}"))
                continue
            yield doc
