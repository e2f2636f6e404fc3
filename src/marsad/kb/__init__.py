"""The knowledge base: actors and places with Arabic names, and a fast text matcher.

    from marsad.kb import KnowledgeBase
    kb = KnowledgeBase.load()
    kb.lookup("تنظيم الدولة")      # tanẓīm al-dawla: entries with that name, best first
    kb.matcher().find(text)        # every name occurrence in text, clitics allowed

Build the bundled data with `python -m marsad.kb.build --shared ../shared --out src/marsad/data/kb`.
"""

from marsad.kb.base import KnowledgeBase, haversine_km
from marsad.kb.matcher import Matcher, match_key
from marsad.kb.model import MENA_COUNTRIES, PLACE_KINDS, PLACE_TYPES, SECTORS, KBEntry, KBMatch

__all__ = [
    "MENA_COUNTRIES", "PLACE_KINDS", "PLACE_TYPES", "SECTORS", "KBEntry", "KBMatch", "KnowledgeBase", "Matcher",
    "haversine_km", "match_key",
]
