"""marsad (مرصد, "observatory"): Arabic news into structured, sourced records.

    >>> import marsad
    >>> doc = marsad.analyze("قال المتحدث ...", published="2019-03-19")
    >>> doc.to_dict()["schema"]
    'marsad.analysis/1'
"""

from __future__ import annotations

import logging

from marsad.api.python import analyze, analyze_many, load_pipeline
from marsad.document import Document
from marsad.errors import InputError, MarsadError, PipelineError, ResourceError, StoreError

__version__ = "0.1.0"

__all__ = [
    "Document",
    "InputError",
    "MarsadError",
    "PipelineError",
    "ResourceError",
    "StoreError",
    "__version__",
    "analyze",
    "analyze_many",
    "load_pipeline",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
