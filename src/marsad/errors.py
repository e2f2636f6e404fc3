"""Every error marsad raises, in one small hierarchy.

    MarsadError
    ├── InputError            bad input: missing, empty, binary, undecodable, too large, no body
    ├── PipelineError         a pipeline that cannot be built (missing layer, unknown stage)
    ├── ResourceError         bundled data or a model that cannot be loaded
    └── StoreError            the SQLite store cannot be opened or written

Messages say what went wrong and what to do about it. The library raises; only the CLI
prints them.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every marsad error."""


class InputError(MarsadError):
    """An input the analyser cannot read: the message names the reason."""

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)


class PipelineError(MarsadError):
    """A pipeline whose stages do not fit together."""


class ResourceError(MarsadError):
    """Bundled data or a model is missing or unreadable."""


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""
