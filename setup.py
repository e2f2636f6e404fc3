"""Build hook for the compiled release build (everything else is in pyproject.toml).

A plain `pip install` or `pip install -e .` builds the pure-Python package. With
`MARSAD_COMPILE=1` (`make wheel`), the modules every article passes through are compiled
to C extensions with mypyc, as black ships its wheels: the same code, the same output,
about a fifth less CPU per article (docs/performance.md). The compiled build is meant
for wheels, never for an editable checkout: an extension module built beside its `.py`
source is imported instead of it, so later edits of the source would silently not run.
"""

from __future__ import annotations

import os

from setuptools import setup

# The per-article hot path: tokenisation and normalisation, the NER tagger, the KB
# matcher and every stage. Modules that run once (loading, the CLI,
# the store, training) gain nothing from compiling.
COMPILED = [
    "src/marsad/arabic/keys.py",
    "src/marsad/arabic/normalize.py",
    "src/marsad/arabic/segment.py",
    "src/marsad/arabic/tokenize.py",
    "src/marsad/kb/matcher.py",
    "src/marsad/ner/conll.py",
    "src/marsad/ner/features.py",
    "src/marsad/ner/resources.py",
    "src/marsad/ner/tagger.py",
    "src/marsad/stages/coref.py",
    "src/marsad/stages/cues.py",
    "src/marsad/stages/entities.py",
    "src/marsad/stages/event_lexicon.py",
    "src/marsad/stages/events.py",
    "src/marsad/stages/places.py",
    "src/marsad/stages/quotes.py",
    "src/marsad/stages/sentences.py",
    "src/marsad/stages/times.py",
]


def _ext_modules() -> list[object]:
    if os.environ.get("MARSAD_COMPILE", "").lower() not in ("1", "true", "yes"):
        return []
    from mypyc.build import mypycify  # only the compiled build needs mypy

    return list(mypycify(COMPILED, opt_level="3", debug_level="0"))


setup(ext_modules=_ext_modules())
