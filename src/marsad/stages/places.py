"""Places stage: every mention of a place that can be put on a map, geocoded from the KB.

Sources of mentions, in order of trust:

1. Entities of type GPE, LOC or FAC from the entities stage; the KB match inside each
   mention gives the name without proclitics ("بالباغوز", bi-l-bāghūz -> "الباغوز").
2. Knowledge-base matches of place names that no entity covers, so the stage also works when
   `doc.entities` is empty. A match inside a non-place entity (an organisation such as
   "جامعة ويتشيتا", jāmiʿat wītshītā, or "هيئة تحرير الشام") is not a place; the matcher's
   longest-match rule already keeps "هيئة تحرير الشام" whole when the KB knows it.

Each mention is resolved among the KB entries sharing its name by the article's context:
the countries it names and the places it names unambiguously (الرقة, al-raqqa, in Syria,
not a namesake elsewhere), then the KB's prior order (curated, country, province, capital,
population). A small GeoNames village, or a curated name that is also a common word
("الباب", al-bāb, "the door", the town of al-Bab), needs such context or a place noun
before it ("مدينة الباب"), else it is dropped.

Metonymy is not a place: a country or capital that is the subject of a political or speech
verb ("أعلنت واشنطن", aʿlanat wāshinṭun, "Washington announced"), the leader of something
("التحالف الذي تقوده واشنطن", the coalition Washington leads), or governed by a word for a
state organ ("حكومة", "سفير") stands for the state, not a point on the map.

Not places either: a country name used as its adjective ("فصائل سورية", Syrian factions),
a common word agreeing with the noun before it ("الأجل القصير", the short term), a name
inside an institution's ("جامعة حلب"), a dateline.

Direction words before a country or province make a region of it ("شمال سوريا", shamāl
sūriyā, Northern Syria) with its country and no coordinates; before a town they stay
relative to the town ("شرق صنعاء", east of Sanaa, is geocoded to Sanaa). Entities the KB
cannot place still become places, so analysts see them: with the article's dominant country
and no coordinates, except a facility, which takes the coordinates of the nearest town
named in its paragraph ("السفارة الفرنسية في واغادوغو", the French embassy in Ouagadougou).
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from marsad.arabic.normalize import normalize
from marsad.document import Document, Entity, Place, Span
from marsad.document.model import KB_MATCHES_VIEW
from marsad.kb import MENA_COUNTRIES, KBEntry, KBMatch, KnowledgeBase, haversine_km

log = logging.getLogger(__name__)

PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC"})


def _wordset(words: str) -> frozenset[str]:
    """A set of loose-normalised words (the form `_prev_word` and `_next_word` return)."""
    return frozenset(normalize(w, loose=True) for w in words.split())


# Words (matched with or without a leading و/ف) that, right before a country or capital,
# make it an actor: verbs of statement and policy (VSO order, feminine and masculine),
# "led by" forms, and nouns of state organs.
_ACTOR_BEFORE = _wordset("""
اعلنت قالت اكدت اتهمت هددت طالبت دعت رفضت نفت ادانت قررت فرضت ارسلت وافقت وقعت استخدمت
خالفت نددت حذرت اعتبرت رحبت ردت سارعت عرضت اقترحت طلبت استدعت طردت علقت اوقفت منعت سمحت
هاجمت ضغطت تعهدت ابلغت اعربت كشفت اجرت عززت تبنت قدمت اعادت اغلقت انتقدت توعدت اشترطت
اعترفت تدخلت شنت نفذت قصفت ارادت حاولت سعت دفعت تعتزم اعتزمت بررت زعمت ادعت اتخذت
تتهم تطالب تدعو ترفض تنفي تهدد تحذر تعتبر تري تريد تسعي تحاول تدعم تعلن تؤكد تواصل ستواصل
تستخدم تضغط تتعهد ترحب تدين تقدم تتبني تنتقد تتوعد تشترط تعترف تصر تمارس تتحمل تدرس تعمل
ستعمل ستقدم ستفرض تفرض تقود تقوده تقودها قادت قادته قادتها يقوده يقودها تتزعمه تتزعمها
تخشي تشن تشنه تشنها تدعمه تدعمها تعتبره تعتبرها تستهدفه تستهدفها تجهزها تتهمها نفته نفتها
اعلنتها اعلنته قطعته قطعتها فرضتها به بها
بقياده تحالف
اعلن قال اكد اتهم هدد طالب دعا رفض نفي ادان قرر ارسل وافق حذر اعتبر رحب سارع استدعي طرد
انتقد توعد اشترط اعترف شن نفذ قصف يتهم يطالب يدعو يرفض ينفي يهدد يحذر يعتبر يري يريد يسعي
يحاول يعلن يؤكد يواصل يقود قاد
حكومه رئيس لرئيس وزير وزاره وزراء سفير سفاره مبعوث مندوب ممثل ممثلي جيش قوات نظام سلطات
خارجيه دبلوماسيه موقف سياسه ترسانه قياده رئاسه برلمان حكام حاكم زعيم ملك امير مسؤولو مسؤولي
اداره وفد حلفاء حليف حليفه خصوم استراتيجيه اتهامات مطالب تهديدات دعم علاقات حصار سيطره
ملف التزام عملاء لدي الموالية الموالي الموالين المواليه الموالون المدعومه المدعوم الداعمه
التابعه التابع مواليه موال موالين موالون مدعومه مدعوم داعمه تابعه تابع
ان بان لان
رد اعلان سياسات وعود مطالبات قرار قرارات تصريحات مواقف جهود مساعي استخدام اتبعت تركت
""")
# Words right after a country or capital that make it the subject of a statement (SVO).
_ACTOR_AFTER = _wordset("""
قد لن لم ستواصل تعمل تتهم تطالب تدعو ترفض تنفي تهدد تحذر تعتبر تري تريد تسعي تحاول تدعم
تقود تعلن تؤكد تواصل تستخدم تملك تمتلك تتبني تقدم تضغط تتعهد ترحب تدين تنتقد تتوعد تشترط
تعترف تصر تمارس تتحمل تدرس تخشي ستعمل ستقدم ستفرض تفرض تقف تقابل تود
اعلنت قالت اكدت اتهمت هددت طالبت دعت رفضت نفت ادانت قررت فرضت ارسلت وافقت استخدمت خالفت
حذرت اعتبرت رحبت ردت دخلت تدخلت انتقدت توعدت اشترطت اعترفت سعت حاولت ارادت شنت نفذت
يتهم يطالب يدعو يرفض ينفي يهدد يحذر يعتبر يري يريد يسعي يحاول يدعم يعلن يؤكد يواصل
""")
_PREPOSITIONS = _wordset("""
في من الي علي عن مع ضد نحو حول داخل خارج لدي عبر بين تجاه قرب عند منذ حتي
""")
_LOCATIVE_PREPS = _wordset("في الي من قرب نحو داخل عند حتي بين")
# Before "من" (from), words that make what follows the backer, not a place of origin.
_SUPPORTED = _wordset("""
المدعوم المدعومه المدعومين المدعومون مدعوم مدعومه مدعومين مدعومون الدعم دعم دعما بدعم تمويل
تمويلا الممول المموله ممول ممولة
""")
# Words before a country that make it where something happens or goes: travel and entry,
# borders, territory ("زار تركيا", zāra turkiyā, visited Turkey; "حدود لبنان").
_TRAVEL = _wordset("""
زار يزور زيارة زياره وصل يصل وصول غادر يغادر مغادرة مغادره دخل يدخل دخول عاد يعود عودة عوده
توجه يتوجه سافر يسافر اجتاح غزو غزا حدود اراضي اراض عبر خارج انحاء ارجاء اجواء سواحل شواطئ
مدن ولايات محافظات اقاليم مناطق ربوع شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي لدي
دخلوا دخلت يدخلون وصلوا وصلت زاروا زارت غادروا غادرت عادوا عادت توجهوا توجهت مقره مقرها
""")
_PLURAL_NOUNS = _wordset("""
فصائل قوات جماعات مصادر اراض مدن عناصر اطراف وسائل شركات جهات سلطات مليشيات ميليشيات
""")
# A dateline opening a story ("دبي، الإمارات العربية المتحدة (CNN)--"): not body text.
_DATELINE_RE = re.compile(
    r"^[ \t]*[^\n()]{2,60}?\((?:CNN|سي ?إن ?إن|رويترز|ا ?ف ?ب|أ ?ف ?ب|AFP|Reuters|AP)\)",
    re.MULTILINE,
)
# Place nouns that announce a toponym ("مدينة الباب", madīnat al-bāb, the town of al-Bab).
_PLACE_CUES = frozenset(["مدينه", "بلده", "قريه", "محافظه", "منطقه", "ريف", "ناحيه", "قضاء", "مديريه", "مخيم", "حي", "ولايه", "اقليم", "عاصمه", "مدن", "قري", "بلدات", "مناطق", "جبل", "جبال", "وادي", "سهل", "نهر", "بحيره", "جزيره", "ميناء", "مطار", "قاعده", "معبر", "سجن"])
# Nouns of institutions and streets named after a place ("جامعة حلب", jāmiʿat ḥalab, the
# University of Aleppo; "لواء القدس", the Quds Brigade): the place name inside is not a place.
_NAMED_AFTER = _wordset("""
شارع جامعه مدرسه فندق بنك مصرف شركه نادي مستشفي ملعب صحيفه جريده وكاله اذاعه تلفزيون
معهد كليه مجلس حزب حركه لواء كتيبه كتائب فيلق منظمه مؤسسه هيئه اتحاد جيش
""")
# Direction words before a place: (loose form -> English); the adjective forms (شمالي)
# mean the same in news usage.
_DIRECTIONS: dict[str, str] = {
    "شمال": "Northern", "جنوب": "Southern", "شرق": "Eastern", "غرب": "Western",
    "وسط": "Central", "شمال شرق": "Northeastern", "شمال غرب": "Northwestern",
    "جنوب شرق": "Southeastern", "جنوب غرب": "Southwestern",
}
_DIRECTION_RE = re.compile(
    r"(?:^|(?<=[\s(«\"“]))(?:[وف]?(?:ب|ل|لل|في\s+|الي\s+|من\s+)?)??"
    r"((?:ال)?(?:شمال|جنوب|شرق|غرب|وسط)ي?(?:\s+(?:ال)?(?:شرق|غرب)ي?)?)\s+$"
)
_WORD_RE = re.compile(r"(?:[^\W_]|[\u064b-\u065f\u0670\u0640])+")
# A GeoNames place below this population needs context (its country named in the article).
_SMALL = 50_000
# Below this an actor sharing the name (a person, a group) is the likelier reading.
_ACTOR_OVER_PLACE = 1_000_000


# The kind an unresolved place's class word gives it ("إقليم ننكرهار", the province of
# Nangarhar, is an admin1, not a village).
_CLASS_KINDS: dict[str, str] = {
    **dict.fromkeys(_wordset("محافظه ولايه اقليم مقاطعه محافظتي"), "admin1"),
    **dict.fromkeys(_wordset("مدينه العاصمه عاصمه مدينتي"), "city"),
    **dict.fromkeys(_wordset("قريه بلده مخيم قريتي بلدتي"), "village"),
    **dict.fromkeys(_wordset("منطقه ريف مديريه ناحيه قضاء حي وادي جبل سهل صحراء"), "region"),
    **dict.fromkeys(_wordset("بحر نهر بحيره خليج"), "water"),
}


_METROPOLIS = 3_000_000
# Words between a town and the country that holds it ("بو في جنوب غرب فرنسا").
_WHERE_WORDS = frozenset(normalize(w, loose=True) for w in (
    "في", "ب", "،", ",", "جنوب", "شمال", "شرق", "غرب", "وسط", "جنوبي", "شمالي", "شرقي", "غربي",
    "بجنوب", "بشمال", "بشرق", "بغرب", "بوسط", "الجنوبية", "الشمالية"))


def _class_kind(prev: str, surface: str) -> str | None:
    """The kind the class word before a place or heading its name gives it."""
    head = _loose(surface.split()[0]) if surface.split() else ""
    for w in (head, prev):
        for stem in (w, w[1:] if w[:1] in ("و", "ف", "ب", "ل") else w):
            if stem in _CLASS_KINDS:
                return _CLASS_KINDS[stem]
    return None


def _loose(s: str) -> str:
    return normalize(s, loose=True)


def _forms(w: str) -> tuple[str, ...]:
    """The word, and without a leading و/ف when it may be the conjunction ("فصائل" stays)."""
    return (w, w[1:]) if len(w) > 3 and w[0] in "وف" else (w,)


def _member(w: str, words: frozenset[str]) -> bool:
    return any(f in words for f in _forms(w))


def _definite(w: str) -> bool:
    return any(f.startswith("ال") and len(f) > 3 for f in _forms(w))


@dataclass(slots=True)
class _Cand:
    """A place mention being resolved (mutable, local to one document)."""

    start: int          # stem start (the name without proclitics)
    end: int
    word_start: int     # start of the written word, proclitics included
    ids: list[str]      # candidate KB place entries, best prior first
    entity: str | None = None
    entity_type: str | None = None
    chosen: KBEntry | None = None
    fallback_country: str | None = None
    container: KBEntry | None = None
    region: tuple[int, str] | None = None   # (start, English prefix) of a direction word
    drop: bool = False
    detached: bool = False  # filed under an entity whose referent it is not
    spelled: bool = False  # found by another spelling (`KnowledgeBase.lookup_spelling`)


class PlaceStage:
    """Geocoded places with their mentions (see the module docstring).

    Args:
        kb: the loaded knowledge base (`marsad.kb.KnowledgeBase.load()`).
    """

    name = "places"
    requires = frozenset({"entities"})
    provides = frozenset({"places"})

    def __init__(self, kb: KnowledgeBase, *, vocabulary: Collection[str] | None = None) -> None:
        self.kb = kb
        self._matcher = kb.matcher()
        # Frequent word forms (`marsad.ner.load_vocabulary()`): a town abroad read from
        # one of them ("هوية", identity, as Huế; "ميدان", a square, as Medan) needs the
        # entities stage to have taken it as a name.
        self._vocab: frozenset[str] = frozenset(vocabulary or ())

    # -- helpers ---------------------------------------------------------------------------

    def _places(self, ids: Iterable[str]) -> list[str]:
        out = []
        for i in ids:
            e = self.kb.get(i)
            if e is not None and e.is_place:
                out.append(i)
        return out

    def _lookup_places(self, surface: str) -> list[str]:
        return self._places(e.id for e in self.kb.lookup(surface))

    @staticmethod
    def _prev_word(text: str, pos: int) -> str:
        lo = max(0, pos - 40)
        end = pos
        # A hashtag's mark is no word: "تجاه #كوريا_الشمالية" (towards #North_Korea) reads
        # the word before it.
        while end > lo and text[end - 1] in " #\u200f\u200e":
            end -= 1
        # Usually the word runs from the last space on: one check instead of a match
        # object for every word of the window (~28 calls per article).
        start = max(lo, text.rfind(" ", lo, end) + 1)
        if start < end and _WORD_RE.fullmatch(text, start, end):
            return _loose(text[start:end])
        words = list(_WORD_RE.finditer(text, lo, pos))
        if not words or text[words[-1].end():pos].strip(" #\u200f\u200e"):
            return ""
        return _loose(words[-1].group())

    @staticmethod
    def _next_word(text: str, pos: int) -> str:
        m = _WORD_RE.search(text, pos, min(len(text), pos + 40))
        if m is None or text[pos:m.start()].strip(" \u200f\u200e") != "":
            return ""
        return _loose(m.group())

    def _is_actor_use(self, text: str, c: _Cand, e: KBEntry) -> bool:
        """Metonymy: a country or capital standing for its government (module docstring)."""
        tops = [x for x in (self.kb.get(i) for i in c.ids[:3]) if x is not None]
        if not any(x.kind == "country" or x.role == "capital" for x in [e, *tops]):
            return False
        glued = _loose(text[c.word_start:c.start])
        if glued.endswith("ب") or glued.endswith("لل") or (glued == "ل" and e.kind == "country"):
            return False  # "بدمشق" (bi-dimashq, in Damascus), "لسوريا": a place
        prev = self._prev_word(text, c.word_start)
        if _member(prev, _ACTOR_BEFORE):
            return True
        if _member(prev, _LOCATIVE_PREPS):
            return False  # "الدول الخمس في ليبيا تدعم": in Libya, whatever follows
        if glued.startswith("و") and any(x.kind == "country" or x.role == "capital"
                                         for x in self.kb.lookup(prev)):
            # "وتتهم دمشق وموسكو" (and Damascus and Moscow accuse): the second of two
            # parties after a verb of statement is a party too.
            two = text[max(0, c.word_start - 80):c.word_start].split()
            if len(two) >= 2 and _member(_loose(two[-2]), _ACTOR_BEFORE):
                return True
        return _member(self._next_word(text, c.end), _ACTOR_AFTER)

    @staticmethod
    def _is_misread(text: str, c: _Cand, e: KBEntry) -> bool:
        """A word the loose match mistakes for the name.

        Loose matching writes ة as ه, so "جده" (jadduhu, "his grandfather") meets "جدة"
        (Jeddah): a name never written with final ه is not read from a word ending in ه.
        And a small foreign town is not read out of a word with proclitics ("بوستر",
        būstar, "poster", is not bi- + Worcester): Arabic news glues clitics to foreign
        names only when they are well known.
        """
        surface = normalize(text[c.start:c.end])
        if surface.endswith("ه") and not any(normalize(n).endswith("ه") for n in e.names):
            return True
        if c.word_start == c.start or e.curated or e.country in MENA_COUNTRIES:
            return False
        if len(_loose(surface)) <= 3:
            return True  # "وكريم" (wa-karīm) is not wa-ka- + "ريم"
        return e.kind not in ("country", "admin1") and (e.population or 0) < 1_000_000

    @staticmethod
    def _in_dateline(text: str, c: _Cand) -> bool:
        line_start = text.rfind("\n", 0, c.start) + 1
        m = _DATELINE_RE.match(text, line_start)
        return m is not None and c.end <= m.end()

    def _is_nisba(self, text: str, c: _Cand, e: KBEntry) -> bool:
        """A country name that is also its feminine adjective, used as the adjective.

        "فصائل سورية" (faṣāʾil sūriyya, Syrian factions) and "الحكومة السعودية" (the Saudi
        government) hold adjectives; "في سورية" (in Syria) holds the country.
        """
        if e.kind != "country" or c.word_start != c.start:
            return False
        surface = _loose(text[c.start:c.end])
        if not surface.endswith("يه") or " " in surface:
            return False
        prev = self._prev_word(text, c.word_start)
        if not prev or _member(prev, _PREPOSITIONS) or _member(prev, _PLACE_CUES):
            return False
        if surface.startswith("ال"):
            return _definite(prev)
        return _member(prev, _PLURAL_NOUNS) or prev.endswith(("ات", "ين", "ون", "ه"))

    def _is_adjective(self, text: str, c: _Cand) -> bool:
        """A definite word after a definite noun agrees with it as an adjective.

        "في الأجل القصير" (fī al-ajal al-qaṣīr, "in the short term") and "الخوذ البيضاء"
        (the White Helmets) hold the common words, not the towns al-Qusayr and al-Bayda.
        """
        if c.word_start != c.start or not _loose(text[c.start:c.end]).startswith("ال"):
            return False
        prev = self._prev_word(text, c.word_start)
        return _definite(prev) and not _member(prev, _PLACE_CUES)

    def _is_argument(self, text: str, c: _Cand, e: KBEntry) -> bool:
        """A country named without a word of place is a party, not a location.

        GUIDELINES: places are mentions used as locations. A country is one after a
        preposition of place, a place noun or a verb of travel ("في روسيا", in Russia; "زار
        تركيا", visited Turkey), or as a later item of a list that starts so ("في سوريا
        والعراق"); as a subject, object or possessor ("مواجهة روسيا", confronting Russia;
        "رد روسيا", Russia's response) it stands for its state.
        """
        if e.kind != "country":
            return False
        pos, clitics = c.word_start, _loose(text[c.word_start:c.start])
        if text[pos - 1:pos] == "#":
            # Proclitics written before a hashtag's mark ("سوريا و#العراق", Syria and #Iraq).
            k = pos - 1
            while k > 0 and k > pos - 4 and text[k - 1] in "وفبلك":
                k -= 1
            if k < pos - 1 and (k == 0 or not text[k - 1].isalnum()):
                pos, clitics = k, _loose(text[k:pos - 1]) + clitics
        for _ in range(8):  # back along a list of countries: "في سوريا والعراق"
            if clitics.lstrip("وف").startswith("ب") or clitics.endswith("لل"):
                return False  # "بسوريا" (bi-sūriyā, in Syria)
            prev = self._prev_word(text, pos)
            if not prev:
                return False  # a heading, a quotation mark, a parenthesis: no evidence
            if prev == "من":
                two = text[max(0, pos - 60):pos].split()
                if len(two) >= 2 and _member(_loose(two[-2]), _SUPPORTED):
                    return True  # "المدعومة من إيران" (backed by Iran): the backer
            if (_member(prev, _LOCATIVE_PREPS) or _member(prev, _PLACE_CUES)
                    or _member(prev.removeprefix("ال"), _PLACE_CUES) or _member(prev, _TRAVEL)):
                return False
            # The item before, if this one is joined to it by و or a comma.
            before = text[:pos].rstrip(" \u200f\u200e")
            comma = before.endswith(("،", ","))
            if not (comma or clitics.startswith("و")):
                return True
            before = before.rstrip("،, \u200f\u200e")
            start = max(before.rfind(" "), before.rfind("\n")) + 1
            if before.startswith("#", start):
                start += 1  # "في #سوريا والعراق": the list's first item is a hashtag
            word = _loose(before[start:])
            found = None
            for k in range(min(3, len(word) - 2)):
                if any(x.kind == "country" for x in self.kb.lookup(word[k:])):
                    found = k
                    break
            if found is None:
                return True
            pos, clitics = start, word[:found]
        return True

    def _is_locative(self, text: str, c: _Cand) -> bool:
        if _loose(text[c.word_start:c.start]).endswith("ب"):
            return True
        prev = self._prev_word(text, c.word_start)
        return _member(prev, _PLACE_CUES) or _member(prev, _LOCATIVE_PREPS)

    def _has_cue(self, text: str, c: _Cand) -> bool:
        return _member(self._prev_word(text, c.word_start), _PLACE_CUES)

    # -- the stage -------------------------------------------------------------------------

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        matcher = self._matcher
        # The entities stage has usually matched this text already: share its matches.
        matches = list(doc.derived(KB_MATCHES_VIEW, matcher, lambda: tuple(matcher.find(text))))
        cands, blocked = self._from_entities(doc, matches)
        self._add_kb_matches(text, matches, cands, blocked)
        if not cands:
            return doc.with_layers(places=())
        self._resolve(text, cands, self._actor_countries(doc, matches))
        self._regions(text, cands)
        self._harmonize(cands)
        return doc.with_layers(places=tuple(self._group(doc, cands)))

    def _from_entities(
        self, doc: Document, matches: Sequence[KBMatch]
    ) -> tuple[list[_Cand], list[tuple[int, int]]]:
        text = doc.text
        cands: list[_Cand] = []
        blocked: list[tuple[int, int]] = []
        for ent in doc.entities:
            if ent.type not in PLACE_ENTITY_TYPES:
                blocked.extend((m.start, m.end) for m in ent.mentions)
                continue
            # Metonymy is judged here for every mention (the entities stage files a
            # capital used as an actor under its state, but "يقصفون دمشق", shelling
            # Damascus, is a place).
            for m in ent.mentions:
                cand = self._entity_mention(text, ent, m, matches)
                if cand is None:
                    blocked.append((m.start, m.end))
                else:
                    cands.append(cand)
        return cands, blocked

    def _entity_mention(
        self, text: str, ent: Entity, m: Span, matches: Sequence[KBMatch]
    ) -> _Cand | None:
        # The KB match inside the mention gives the clitic-free name ("ببيروت" -> "بيروت").
        best: KBMatch | None = None
        i = bisect.bisect_left(matches, m.start - 40, key=lambda k: k.start)
        # Indexed, not `matches[i:]`: copying the tail for every mention is quadratic.
        for j in range(i, len(matches)):
            km = matches[j]
            if km.start >= m.end:
                break
            if km.stem_start < m.end and m.start < km.end and (
                    best is None or km.end - km.stem_start > best.end - best.stem_start):
                best = km
        if best is not None and best.end < m.end and _loose(text[best.stem_start:best.end]) in _PLACE_CUES:
            # "وادي القعيف" (the Qaif valley): a class word the KB knows as a town ("الوادي",
            # El Oued) heading a longer name is that name's head, not the town.
            best = None
        spelled = False
        if best is not None:
            ids = self._places(best.entry_ids)
            if not ids:
                return None  # the words name an actor in the KB
            start, end, word_start = best.stem_start, best.end, best.start
        else:
            ids = self._lookup_places(m.text)
            if not ids and ent.type in ("GPE", "LOC"):
                # "بينسيلفانيا" (Pennsylvania, "بنسلفانيا" in the KB): another spelling of
                # a well-known place, if the article's countries agree (see `_resolve`).
                ids = self._places(e.id for e in self.kb.lookup_spelling(m.text))
                spelled = bool(ids)
            start, end = m.start, m.end
            word_start = start
            while word_start > 0 and text[word_start - 1].isalpha() and start - word_start < 3:
                word_start -= 1
        if ids and _member(self._prev_word(text, word_start), _NAMED_AFTER):
            return None
        cand = _Cand(start, end, word_start, ids, ent.id, ent.type)
        cand.spelled = spelled
        linked = self.kb.get(ent.kb_id) if ent.kb_id else None
        if linked is not None and linked.is_place:
            if linked.id in ids:
                # The entities stage resolved the referent over the whole article ("غزة"
                # as the short form of "قطاع غزة"): its link decides.
                cand.ids = [linked.id]
            elif ids:
                cand.detached = True
        return cand

    def _add_kb_matches(
        self, text: str, matches: Sequence[KBMatch], cands: list[_Cand],
        blocked: list[tuple[int, int]],
    ) -> None:
        # Characters already claimed by a candidate or blocked: one pass over the spans,
        # then each match is checked in time proportional to its own length.
        covered = bytearray(len(text) + 1)
        for s0, e0 in [(c.start, c.end) for c in cands] + blocked:
            covered[s0:e0] = b"\x01" * max(0, e0 - s0)
        for km in matches:
            if any(covered[km.stem_start:km.end]):
                continue
            ids = self._places(km.entry_ids)
            if not ids:
                continue
            best = self.kb.get(ids[0])
            assert best is not None
            if (len(ids) < len(km.entry_ids) and not best.curated
                    and best.kind not in ("country", "admin1") and best.role != "capital"
                    and (best.population or 0) < _ACTOR_OVER_PLACE):
                continue  # "الأسد" (al-asad), "بولتون": the person, not a namesake town
            if _member(self._prev_word(text, km.start), _NAMED_AFTER):
                continue
            cands.append(_Cand(km.stem_start, km.end, km.start, ids))
        cands.sort(key=lambda c: c.start)

    def _actor_countries(self, doc: Document, matches: Sequence[KBMatch]) -> Counter[str]:
        """Countries of the actors the article names ("الحوثي", the Houthis: Yemen)."""
        out: Counter[str] = Counter()
        for km in matches:
            e = self.kb.get(km.entry_ids[0])
            if e is not None and not e.is_place and e.country:
                out[e.country] += 1
        for ent in doc.entities:
            if ent.type not in PLACE_ENTITY_TYPES and ent.country:
                out[ent.country] += 1
        return out

    def _context(
        self, cands: Sequence[_Cand], final: bool, actors: Counter[str]
    ) -> list[tuple[Counter[str], list[tuple[float, float]]]]:
        """Per mention: the countries and points named by the article's other mentions,
        plus the countries of its actors. Mentions with the same candidates share one
        (read-only) context.

        Mentions of the same name do not count for each other. Before resolution only the
        unambiguous ones count (one candidate, a country, a curated place); in the final
        pass every resolved mention does.
        """
        per: list[tuple[str, KBEntry]] = []
        for c in cands:
            if c.drop:
                continue
            if final and c.chosen is not None:
                per.append((c.ids[0] if c.ids else "", c.chosen))
                continue
            if not c.ids:
                continue
            top = self.kb.get(c.ids[0])
            assert top is not None
            if len(c.ids) == 1 or top.kind in ("country",) or top.curated:
                per.append((c.ids[0], top))
        out = []
        # Mentions with the same candidates have the same context: compute it once per set,
        # so an article naming one place thousands of times stays linear.
        memo: dict[frozenset[str], tuple[Counter[str], list[tuple[float, float]]]] = {}
        for c in cands:
            own = frozenset(c.ids)
            if own not in memo:
                countries: Counter[str] = Counter()
                points: list[tuple[float, float]] = []
                for key, e in per:
                    if key in own:
                        continue
                    if e.country:
                        countries[e.country] += 1
                    if e.lat is not None and e.lon is not None and e.kind != "country":
                        points.append((e.lat, e.lon))
                countries.update(actors)
                # Repeated mentions of one place are one anchor.
                memo[own] = (countries, list(dict.fromkeys(points)))
            out.append(memo[own])
        return out

    def _score(self, e: KBEntry, rank: int, countries: Counter[str],
               points: list[tuple[float, float]]) -> float:
        """Prior (KB order, curation, size) plus context (the article's countries, places).

        Size weighs in so that a namesake village in a country the story names does not
        beat the famous city ("جنيف", Geneva, in a story that also names the United States).
        """
        s = -0.6 * rank + 0.5 * math.log10((e.population or 0) + 1)
        if e.curated or e.kind in ("country", "admin1"):
            s += 1.5
        if e.role == "capital":
            s += 0.5
        if e.country and countries[e.country]:
            s += 2.0 + 0.2 * min(countries[e.country], 5)
        # A degree of latitude is ~111 km: farther than 1.36° north or south is past 150 km
        # whatever the longitude, so most pairs need no great-circle distance.
        if e.lat is not None and e.lon is not None and any(
            abs(e.lat - la) < 1.36 and haversine_km(e.lat, e.lon, la, lo) < 150
            for la, lo in points[:30]
        ):
            s += 2.0
        return s

    def _resolve(self, text: str, cands: list[_Cand], actors: Counter[str]) -> None:
        for final in (False, True):
            ctx = self._context(cands, final, actors)
            # Countries vouched for by what the entities stage recognised (places and actors):
            # a bare KB hit the entities stage did not take needs one of these or a cue, so
            # two misread common words cannot vouch for each other ("مشهد القتل", the scene
            # of the killing, and "مسجدين", two mosques, both read as Iranian towns).
            vouched = Counter(c.chosen.country for c in cands
                              if c.entity is not None and c.chosen is not None and c.chosen.country)
            vouched.update(actors)
            # Without entities (KB-only use of the stage) there is nothing to vouch with.
            with_entities = any(c.entity is not None for c in cands)
            for c, (countries, points) in zip(cands, ctx, strict=True):
                if c.drop or not c.ids:
                    continue
                scored = []
                for rank, i in enumerate(c.ids[:25]):
                    e = self.kb.get(i)
                    assert e is not None
                    scored.append((self._score(e, rank, countries, points), -rank, e))
                scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
                e = scored[0][2]
                c.chosen = e
                if not final:
                    continue
                supported = bool(e.country and countries[e.country]) or self._has_cue(text, c)
                if c.spelled and not (e.country and (actors[e.country] or any(
                        o is not c and not o.spelled and o.chosen is not None
                        and o.chosen.country == e.country for o in cands))):
                    # Another spelling must be of a place of a country the article names:
                    # "ولاية برونو" in a Nigerian story is Borno, not Brno.
                    c.ids, c.chosen, c.spelled = [], None, False
                    continue
                if (not e.curated and e.country not in MENA_COUNTRIES and c.entity is None
                        and (e.population or 0) < _SMALL and e.kind not in ("country", "admin1")):
                    # A small town abroad is named as a place ("في ليهي", in Lehi), not
                    # merely in a story about its country (Lehi is also a surname).
                    supported = self._is_locative(text, c)
                if (with_entities and c.entity is None and e.kind in ("city", "village", "facility")
                        and not (e.country and vouched[e.country])
                        and not self._is_locative(text, c) and not self._has_cue(text, c)):
                    c.drop = True
                    continue
                if (c.entity is None and not e.curated and e.country not in MENA_COUNTRIES
                        and e.kind not in ("country", "admin1") and e.role != "capital"
                        and (e.population or 0) < _METROPOLIS
                        and normalize(text[c.start:c.end]) in self._vocab):
                    # The entities stage read the word as a common one ("مايو", May, is no
                    # Mayo; "أمسك", hold, no Omsk) and took no name; a capital or a city of
                    # millions ("باريس", "تيانجين") is still itself.
                    c.drop = True
                    continue
                surface = text[c.start:c.end]
                small = (not e.curated and e.kind not in ("country", "admin1")
                         and (e.population or 0) < _SMALL and c.entity is None)
                ambiguous = self.kb.is_ambiguous(e.id, surface)
                c.drop = (
                    ((ambiguous or small) and not supported)
                    or (ambiguous and self._is_adjective(text, c))
                    or self._is_actor_use(text, c, e)
                    or self._is_argument(text, c, e)
                    or self._is_misread(text, c, e)
                    or self._is_nisba(text, c, e)
                    or self._in_dateline(text, c)
                )
        self._placed_elsewhere(text, cands)
        # Entities the KB cannot place: the article's dominant country, no coordinates.
        countries = Counter(c.chosen.country for c in cands
                            if c.chosen is not None and not c.drop and c.chosen.country)
        dominant = countries.most_common(1)[0][0] if countries else None
        towns = [c for c in cands if not c.drop and c.chosen is not None
                 and c.chosen.kind in ("city", "village") and c.chosen.lat is not None]
        for c in cands:
            if not c.ids and c.entity is not None and c.fallback_country is None:
                c.fallback_country = dominant
                if c.entity_type == "FAC":
                    c.container = self._container(text, c, towns)

    @staticmethod
    def _placed_elsewhere(text: str, cands: list[_Cand]) -> None:
        """A town abroad the text places in another country right after its name ("مدينة بو
        في جنوب غرب فرنسا", the town of Pau in south-western France, is no Bo in Sierra
        Leone): the KB does not hold the town meant, so it keeps no coordinates."""
        elsewhere: dict[tuple[str | None, str], str] = {}
        for i, c in enumerate(cands):
            e = c.chosen
            if (c.drop or e is None or e.curated or e.country in MENA_COUNTRIES
                    or e.kind not in ("city", "village")):
                continue
            for o in cands[i + 1 : i + 3]:
                oe = o.chosen
                if o.drop or oe is None or oe.kind not in ("country", "region", "admin1") \
                        or not oe.country or oe.country == e.country or o.start - c.end > 40:
                    continue
                between = [_loose(w) for w in text[c.end:o.word_start].split()]
                if between and all(w in _WHERE_WORDS for w in between):
                    elsewhere[(c.entity, e.id)] = oe.country
                break
        for c in cands:
            # Every mention of that town: the text said where it is once.
            country = elsewhere.get((c.entity, c.chosen.id)) if c.chosen is not None else None
            if country is not None:
                c.ids, c.chosen, c.fallback_country = [], None, country

    @staticmethod
    def _container(text: str, c: _Cand, towns: Sequence[_Cand]) -> KBEntry | None:
        """The town an unknown facility is in: the nearest town named in its paragraph.

        "السفارة الفرنسية في واغادوغو" (the French embassy in Ouagadougou) is located at
        the town; without one in the paragraph the facility keeps no coordinates.
        """
        para_start = text.rfind("\n", 0, c.start) + 1
        para_end = text.find("\n", c.end)
        para_end = len(text) if para_end < 0 else para_end
        near = [(abs(t.start - c.start), t) for t in towns if para_start <= t.start < para_end]
        if not near:
            return None
        return min(near, key=lambda x: x[0])[1].chosen

    def _regions(self, text: str, cands: list[_Cand]) -> None:
        for c in cands:
            e = c.chosen
            # Only countries and provinces: "شرق صنعاء" (east of Sanaa) still points at the
            # city, while "شمال سوريا" is a region of its own.
            if c.drop or e is None or e.kind not in ("country", "admin1"):
                continue
            before = text[max(0, c.word_start - 30):c.word_start]
            if c.word_start != c.start:
                continue  # "بشمال" glued to the direction word, not to the name
            lb = _loose(before)
            m = _DIRECTION_RE.search(lb)
            if m:
                word = re.sub(r"^ال|ي$", "", m.group(1).split()[0])
                words = [re.sub(r"^ال|ي$", "", w) for w in m.group(1).split()]
                key = " ".join(words)
                label = _DIRECTIONS.get(key) or _DIRECTIONS.get(word)
                if label:
                    start = c.word_start - (len(lb) - m.start(1))
                    c.region = (start, label)

    def _harmonize(self, cands: list[_Cand]) -> None:
        """One place per entity: its mentions take the entity's most frequent reading.

        A mention whose candidates do not include it (a capital the entities stage filed
        under its state, "دمشق" in the entity of سوريا) is detached from the entity: its
        place is not the entity's place.
        """
        by_entity: dict[str, list[_Cand]] = {}
        for c in cands:
            if c.entity is not None and not c.drop and not c.detached:
                by_entity.setdefault(c.entity, []).append(c)
        for group in by_entity.values():
            votes = Counter(c.chosen.id for c in group if c.chosen is not None and c.region is None)
            if not votes:
                continue
            top_id = votes.most_common(1)[0][0]
            top = self.kb.get(top_id)
            for c in group:
                if c.region is not None or (c.chosen is not None and c.chosen.id == top_id):
                    continue
                if not c.ids or top_id in c.ids:
                    c.chosen = top  # an unplaced alias of a placed entity, or a namesake
                else:
                    c.detached = True

    def _group(self, doc: Document, cands: list[_Cand]) -> list[Place]:
        text = doc.text
        spans_of = {e.id: [(m.start, m.end) for m in e.mentions] for e in doc.entities}
        groups: dict[tuple[str, ...], _Group] = {}
        for c in cands:
            if c.drop:
                continue
            e = c.chosen
            entity = None if c.detached else c.entity
            if c.region is not None and e is not None:
                start, label = c.region
                # The region is the entity's place only if the entity's mention holds the
                # direction word ("شمال سوريا" as one entity), not just the country.
                if entity is not None and not any(
                        s <= start and c.end <= t for s, t in spans_of.get(entity, ())):
                    entity = None
                key: tuple[str, ...] = ("region", e.id, label, entity or "")
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _Group(
                        "region", f"{label} {e.name_en or e.name}", e.country,
                        e.admin1 if e.kind != "country" else None, entity=entity)
                g.mentions.append(Span(start, c.end, text[start:c.end]))
                continue
            if e is None:
                box = c.container
                key = ("unresolved", entity or f"@{c.start}")
                g = groups.get(key)
                if g is None:
                    kind = _class_kind(self._prev_word(text, c.word_start), text[c.start:c.end]) or {
                        "LOC": "region", "FAC": "facility"}.get(c.entity_type or "", "village")
                    g = groups[key] = _Group(
                        kind, None, box.country if box is not None else c.fallback_country,
                        box.admin1 if box is not None else None,
                        box.lat if box is not None else None,
                        box.lon if box is not None else None, entity=entity)
            else:
                key = (e.id, entity or "")
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _Group(
                        e.kind or "city", e.name_en, e.country, e.admin1, e.lat, e.lon,
                        e.geonames_id, e.id, entity)
            g.mentions.append(Span(c.start, c.end, text[c.start:c.end]))
        return [g.place() for g in groups.values()]


@dataclass(slots=True)
class _Group:
    """The mentions of one place while grouping (mutable, local to one document)."""

    kind: str
    name_en: str | None
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    kb_id: str | None = None
    entity: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def place(self) -> Place:
        spans = tuple(sorted({(m.start, m.end): m for m in self.mentions}.values(),
                             key=lambda m: m.start))
        return Place(
            entity=self.entity, kind=self.kind, mentions=spans, name_en=self.name_en,
            geonames_id=self.geonames_id,
            lat=None if self.lat is None else round(self.lat, 5),
            lon=None if self.lon is None else round(self.lon, 5),
            country=self.country, admin1=self.admin1, kb_id=self.kb_id,
        )
