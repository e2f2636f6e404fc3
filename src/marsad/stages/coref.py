"""In-article resolution for the entity stage: one cluster of mentions per referent.

The entity stage (`marsad.stages.entities`) finds mentions and links them to the knowledge
base; this module groups them:

- short forms join the unique fuller name they are part of: a surname ("البغدادي",
  al-baghdādī) the person's full name, a distinctive part ("النصرة", al-nuṣra) the
  organisation's name, a leading part ("الغوطة") the place's;
- definite descriptions ("التنظيم", al-tanẓīm, "the organisation") join the one entity
  of the article that carries them in the KB, or the one organisation whose name starts with
  that head noun ("الحركة" for "حركة أحرار الشام"), once that entity has been named.

It also holds the records and text helpers both modules share. Pure functions only.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from marsad.arabic.normalize import normalize, normalize_view
from marsad.arabic.segment import QUOTE_PAIRS
from marsad.arabic.tokenize import Token


class EntryView(Protocol):
    """What resolution reads of a KB entry."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def descriptions(self) -> tuple[str, ...]: ...
    @property
    def country(self) -> str | None: ...
    @property
    def population(self) -> int | None: ...


EntryLookup = Callable[[str | None], EntryView | None]


# --- lexicons (closed-class words; general Arabic) ---------------------------------------


def keys(*words: str) -> frozenset[str]:
    """The loose normal forms of `words` (what lexicon lookups compare)."""
    return frozenset(normalize(w, loose=True) for w in words)


# Titles and functions written before a person's name: not part of the name, but evidence
# that the name is a person's ("المتحدث باسم", al-mutaḥaddith bi-ism, "the spokesman of").
TITLES = keys(
    "الرئيس", "رئيس", "الوزير", "وزير", "وزيرة", "الوزيرة", "الملك", "الأمير", "الأميرة", "الشيخ",
    "السيد", "السيدة", "اللواء", "العقيد", "العميد", "الجنرال", "المشير", "الفريق", "العماد",
    "المقدم", "الرائد", "النقيب", "الملازم", "الرقيب", "المتحدث", "الناطق", "الزعيم", "القائد",
    "المرشد", "الدكتور", "الدكتورة", "د", "النائب", "السفير", "المبعوث", "المستشار", "الأمين",
    "الإمام", "الداعية", "القاضي", "المحامي", "الصحفي", "الصحافي", "الكاتب", "الناشط",
    "المعارض", "المحلل", "الباحث", "البروفيسور", "الأستاذ", "المهندس", "الحاج", "المطران",
    "البابا", "الكاردينال", "آية", "حجة", "مساعد", "نائب", "المدير", "مدير", "قائد", "زعيم",
    "المفتي", "الحاكم", "حاكم", "العاهل", "ولي", "سمو", "صاحب", "فخامة", "معالي", "السلطان",
    "رئيسة", "الرئيسة", "المرشح", "المرشحة", "الجندي", "الضابط", "المسؤول", "عضو", "العضو",
    "المندوب", "مندوب", "المفوض", "مفوض", "المنسق", "منسق", "الممثل", "ممثل", "المقرر",
    "محامي", "محامية", "المحامية", "الشرطي", "المتحدثة", "الناطقة", "مستشار", "مستشارة",
    "القيادي", "القيادية",
)

# Generic heads of organisation names: alone they are not a name ("تنظيم", tanẓīm).
ORG_HEADS = keys(
    "تنظيم", "حركة", "جماعة", "فصيل", "فصائل", "ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "حزب",
    "جبهة", "هيئة", "جيش", "قوات", "لواء", "كتائب", "كتيبة", "سرايا", "منظمة", "وكالة", "وزارة",
    "مجلس", "جمعية", "اتحاد", "تحالف", "شركة", "مؤسسة", "مركز", "لجنة", "المرصد", "مرصد",
    "صحيفة", "قناة", "شبكة", "جامعة", "محكمة", "البنك", "بنك", "برنامج", "صندوق", "التحالف",
    "الحركة", "الجماعة", "الحزب", "الجبهة", "الهيئة", "التنظيم", "الجيش", "القوات", "المنظمة",
    "الوكالة", "الوزارة", "المجلس", "الاتحاد", "الشركة", "اللجنة", "الفصائل", "الفصيل",
)

# Second parts of compound given names and surnames (see `name_key`); not after an
# organisation's head ("حزب الله", ḥizb allāh, Hezbollah, is two words of a name).
_COMPOUND_ENDS = keys("الله", "الدين")
_NOT_COMPOUND = ORG_HEADS | keys("أنصار", "جند", "ثار")

# Heads of sports teams' names ("نادي لوهافر", the Le Havre club), which no person's name
# opens.
CLUB_HEADS = keys("نادي", "النادي", "منتخب")

# Organisation heads that, made definite, refer back to the one organisation of that head
# named in the article ("الحركة", al-ḥaraka, for "حركة أحرار الشام").
ORG_DESCRIPTION_HEADS = keys(
    "حركة", "جماعة", "حزب", "جبهة", "هيئة", "تنظيم", "منظمة", "وكالة", "مرصد", "ميليشيا",
    "مليشيا", "فصيل", "تحالف",
)

# Words naming the class of a place, written before its name ("مدينة سنجار", madīnat sinjār).
PLACE_CLASS = keys(
    "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "منطقة", "إقليم", "مخيم", "حي", "ناحية",
    "قضاء", "مديرية", "مقاطعة", "جزيرة", "العاصمة", "عاصمة", "ريف", "مدينتي",
)

QUOTE_CHARS = frozenset(QUOTE_PAIRS) | frozenset(QUOTE_PAIRS.values())


# --- records and helpers ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate mention: span, type, source ("ner", "kb", "desc", "meto") and KB ids."""

    start: int
    end: int
    type: str
    source: str
    kb_ids: tuple[str, ...] = ()
    reason: str | None = None
    country: str | None = None


@dataclass(slots=True)
class Cluster:
    """Mentions of one referent while resolving (mutable, local to one call)."""

    mentions: list[Mention]
    kb_id: str | None

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def loose(s: str) -> str:
    """Loose normalisation (see `marsad.arabic.normalize`, which memoises words)."""
    return normalize(s, loose=True)


def kunya(word: str) -> str:
    """Case forms of the kunya to one key: أبي/أبا محمد (abī/abā muḥammad) = أبو محمد."""
    if word in ("ابي", "ابا"):
        return "ابو"
    if word in ("بنت",):
        return word
    return "ابن" if word == "بن" else word


def _compound(word: str) -> bool:
    """Whether a key word is a compound name `name_key` joined ("عبدالرحمن")."""
    return (word.startswith("عبد") and len(word) > 5) or (
        len(word) > 6 and word.endswith(tuple(_COMPOUND_ENDS)))


def name_key(words: Sequence[str]) -> tuple[str, ...]:
    """The words of a name as one key: kunya case forms folded, and the parts of a
    compound name joined as news writes it either way ("عبد الله" = "عبدالله", ʿabd allāh;
    "نصر الله" = "نصرالله", naṣr allāh)."""
    out: list[str] = []
    for w in words:
        k = kunya(w)
        if out and (out[-1] == "عبد" or (k in _COMPOUND_ENDS and out[-1] not in _NOT_COMPOUND)):
            out[-1] += k
        else:
            out.append(k)
    return tuple(out)


def strip_candidates(word: str) -> list[tuple[int, str]]:
    """(number of normalised characters removed, rest) for each proclitic reading of `word`.

    "وللتنظيم" (wa-li-l-tanẓīm) gives (3, "التنظيم") via و + لل restored to ال.
    """
    out = [(0, word)]
    for conj in ("", "و", "ف"):
        if conj and not word.startswith(conj):
            continue
        rest = word[len(conj):]
        if conj:
            out.append((len(conj), rest))
        for prep in ("ب", "ك", "ل"):
            if rest.startswith(prep):
                stem = rest[1:]
                if prep == "ل" and stem.startswith("ل") and not stem.startswith("ال"):
                    # "لل": li + al-, the alef of the article is not written.
                    out.append((len(conj) + 1, "ا" + stem))
                else:
                    out.append((len(conj) + 1, stem))
    return out


PROCLITIC_SEQS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def with_clitics(words: Iterable[str]) -> frozenset[str]:
    """Every written form of `words` under the proclitics: و/ف, ب/ل/ك and لل for ال
    ("للتنظيم", li-l-tanẓīm); a set lookup then replaces per-token clitic analysis."""
    out: set[str] = set()
    for w in words:
        for p in PROCLITIC_SEQS:
            out.add(p + w)
            if w.startswith("ال") and p.endswith("ل"):
                out.add(p + w[1:])
    return frozenset(out)


def orig_offset(token: Token, norm_chars: int, restored_alef: bool) -> int:
    """Original offset inside `token` after `norm_chars` normalised characters."""
    if norm_chars == 0:
        return token.start
    view = normalize_view(token.text)
    pos = norm_chars - 1 if restored_alef else norm_chars
    if pos >= len(view.text):
        return token.end
    return token.start + view.starts[pos]


_NO_QUOTES = str.maketrans("", "", "\"«»“”„‘’‹›")


def mention_words(text: str, m: Mention) -> list[str]:
    """The loose words of a mention, the article restored after a clitic lam.

    "للحكومة السورية" (li-l-ḥukūma) leaves the mention "لحكومة السورية"; its first word is
    "الحكومة" again.
    """
    # Quotation marks inside a name are no part of it ('مطار "تيفور"' is "مطار تيفور").
    words = [loose(w) for w in text[m.start:m.end].translate(_NO_QUOTES).split()] or [""]
    first = words[0]
    if (m.start > 0 and text[m.start - 1] == "ل" and first.startswith("ل")
            and not first.startswith("ال")):
        words[0] = "ا" + first
    return words


def type_class(t: str) -> str:
    return "PLACE" if t in ("GPE", "LOC", "FAC") else t


def cluster_type(cl: Cluster) -> str:
    return majority_type(cl)


def majority_type(cl: Cluster) -> str:
    kb = [m.type for m in cl.mentions if m.kb_ids]
    if kb:
        # Most clusters agree on one type, which needs no Counter (~45 calls per article).
        if kb.count(kb[0]) == len(kb):
            return kb[0]
        return Counter(kb).most_common(1)[0][0]
    named = [m.type for m in cl.mentions if m.source != "desc"]
    if not named:
        return cl.mentions[0].type
    if named.count(named[0]) == len(named):
        return named[0]
    types = Counter(named)
    # Ties go to the more specific types, PER before ORG before places before MISC.
    rank = {"PER": 0, "ORG": 1, "GPE": 2, "LOC": 3, "FAC": 4, "NORP": 5, "MISC": 6}
    return min(types, key=lambda t: (-types[t], rank.get(t, 9)))


def short_form_of(
    short: set[tuple[str, ...]], stype: str, long: set[tuple[str, ...]], ltype: str,
    loose_type: bool, given_name: bool = False,
) -> bool:
    """Whether some name of `short` is a short form of some name of `long`; with
    `given_name`, whether it is the given name of a person named in two words (a weaker
    reading, tried only where no other fits)."""
    if type_class(stype) != type_class(ltype) and not (loose_type and ltype in ("PER", "ORG")):
        return False
    for s in short:
        for lg in long:
            if len(s) >= len(lg):
                continue
            if ltype == "PER":
                if lg[-len(s):] == s and len(s[-1]) >= 3 and s[-1] not in TITLES and not (
                        len(s) == 1 and len(lg) >= 3 and kunya(lg[-2]) == "ابن"):
                    # (After "بن" the last word is the father's name: "سلمان" of "محمد بن
                    # سلمان" is King Salman, not his son.)
                    return True
                if (len(s) >= 2 or _compound(s[0])) and lg[:len(s)] == s:
                    # "كيم جونغ" in "كيم جونغ أون", "أبو محمد" in "أبو محمد الجولاني",
                    # "عبد الرحمن" (two words, one key) in "عبد الرحمن عثمان"
                    return True
                if len(s) == 2 and len(lg) == 3 and s[0] == lg[0] and s[1] == lg[2] and len(s[1]) >= 3:
                    return True  # "لبنى العليان" of "لبنى سليمان العليان": the father's name left out
                if (given_name and loose_type and len(s) == 1 and len(lg) == 2 and lg[0] == s[0] and len(s[0]) >= 4
                        and s[0] not in TITLES and kunya(s[0]) not in ("ابو", "ام", "ابن")):
                    # A given name the tagger found unlinked, of a person named in two words
                    # ("وأصيبت مارييل", after "مارييل فرانكو", Marielle Franco).
                    return True
            elif ltype == "ORG" and type_class(stype) != "ORG":
                # "لوهافر", which the tagger read as a person, is the club "نادي لوهافر"
                # (a town of that name is not the town's university).
                if stype in ("PER", "MISC") and len(lg) >= 2 and lg[1:] == s and (
                        lg[0] in CLUB_HEADS or lg[0] in ORG_HEADS):
                    return True
            elif type_class(stype) != type_class(ltype):
                continue
            elif ltype == "ORG":
                if not contiguous(s, lg):
                    continue
                if all(w in ORG_HEADS for w in s):
                    continue
                if len(s) >= 2 or (len(s[0]) >= 4 and s[0] not in PLACE_CLASS):
                    return True
            else:
                if lg[:len(s)] == s and len(s[0]) >= 3:
                    return True
                if lg[-len(s):] == s and all(w in PLACE_CLASS for w in lg[:-len(s)]):
                    return True
    return False


def contiguous(s: tuple[str, ...], lg: tuple[str, ...]) -> bool:
    n = len(s)
    return any(lg[i:i + n] == s for i in range(len(lg) - n + 1))


def find_root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:

    k = bisect.bisect_left(spans, (end, -1))
    return any(s < end and start < e for s, e in spans[max(0, k - 8):k])


def is_quoted(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` stands alone inside quotation marks ("الدولة")."""
    return (start > 0 and end < len(text) and text[start - 1] in QUOTE_CHARS
            and text[end] in QUOTE_CHARS)


# --- resolution -------------------------------------------------------------------------


def merge_short_forms(
    text: str, clusters: list[Cluster], entry: EntryLookup
) -> list[Cluster]:
    """Join a shorter name to the unique longer entity it is a form of.

    Persons: a surname (or trailing part) joins the full name ("البغدادي"); a leading
    part of two words or more too ("أبو محمد"). Organisations: a contiguous part of two
    words or more, or one distinctive word ("النصرة" in "جبهة النصرة"). Places: a
    leading part ("الغوطة" in "الغوطة الشرقية") or the name after a class word
    ("سنجار" in "مدينة سنجار").
    """
    forms: list[set[tuple[str, ...]]] = []
    for cl in clusters:
        fs = set()
        for m in cl.mentions:
            if m.source in ("desc", "meto"):
                continue
            fs.add(name_key(mention_words(text, m)))
        forms.append(fs)
    ctype = [cluster_type(cl) for cl in clusters]
    by_alias = [alias_only(text, cl, entry) for cl in clusters]
    parent: list[int] = list(range(len(clusters)))
    most_words = [max((len(f) for f in fs), default=0) for fs in forms]
    fewest_words = [min((len(f) for f in fs), default=0) for fs in forms]
    tclass = [type_class(t) for t in ctype]
    # Longer clusters first: a middle form joins the longest name before the shortest form
    # looks for its candidates, so "الجمعية الوطنية" sees one entity, not both "الجمعية
    # الوطنية الشعبية" and "الجمعية الوطنية الشعبية الصينية" (the same parliament).
    order = sorted(range(len(clusters)), key=lambda i: -most_words[i])
    for i in order:
        if not forms[i] or clusters[i].mentions[0].source == "state":
            # "الجيش السوري" is not a short form of "الجيش السوري الحر" (the FSA).
            continue
        cands: set[int] = set()
        given: set[int] = set()
        loose_type = clusters[i].mentions[0].source == "ner" and clusters[i].kb_id is None
        for j in range(len(clusters)):
            if j == i or not forms[j]:
                continue
            # The tests `short_form_of` fails first, without the call: no name of j is
            # longer than a name of i, or the two types cannot match (most pairs).
            if most_words[j] <= fewest_words[i] or (
                    tclass[j] != tclass[i] and not (loose_type and ctype[j] in ("PER", "ORG"))):
                continue
            a, b = clusters[i].kb_id, clusters[j].kb_id
            if a and b and a != b and not by_alias[i] and ctype[i] != "PER" and not _namesake_town(
                    entry(a), entry(b)):
                # Two KB entries; only a bare alias of one ("حزب العمال", ḥizb al-ʿummāl,
                # an alias of the British party) yields to the fuller name of the other
                # written in the article ("حزب العمال الكردستاني", the PKK), and so does
                # a shorter person's name ("عبد الرحمن" after "رامي عبد الرحمن").
                continue
            if short_form_of(forms[i], ctype[i], forms[j], ctype[j], loose_type):
                cands.add(find_root(parent, j))
            elif short_form_of(forms[i], ctype[i], forms[j], ctype[j], loose_type, given_name=True):
                given.add(find_root(parent, j))
        cands.discard(find_root(parent, i))
        given.discard(find_root(parent, i))
        if not cands:
            # "وأصيبت مارييل" after "مارييل فرانكو": a given name, where no surname fits.
            cands = given
        if len(cands) == 1:
            target = cands.pop()
            parent[find_root(parent, i)] = target
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        groups[find_root(parent, i)].append(i)
    out: list[Cluster] = []
    for members in groups.values():
        if len(members) == 1:
            out.append(clusters[members[0]])
            continue
        longest = max(most_words[i] for i in members)
        linked = sorted((i for i in members if clusters[i].kb_id),
                        key=lambda i: -most_words[i])
        kb_id = clusters[linked[0]].kb_id if linked else None
        head = max(members, key=lambda i: most_words[i])
        head_type = majority_type(clusters[head])
        if kb_id and not clusters[head].kb_id and head_type == "PER" and not _same_given_name(
                forms[head], entry(kb_id)):
            # A surname the KB knows, of someone else: "إسلام سليماني" (Islam Slimani, a
            # footballer) is not the KB's "قاسم سليماني" its later "سليماني" linked to.
            kb_id = None
        merged = Cluster([], kb_id)
        for i in members:
            short = most_words[i] < longest
            for m in clusters[i].mentions:
                relinked = bool(m.kb_ids) and m.kb_ids[0] != kb_id
                reason = ("short-form" if short and (relinked or not m.kb_ids) and kb_id
                          else m.reason)
                ids = (kb_id,) if kb_id else ()
                merged.mentions.append(Mention(m.start, m.end, m.type if kb_id else head_type,
                                                m.source, ids, reason, m.country))
        out.append(merged)
    out.sort(key=lambda c: c.first)
    return out


def _same_given_name(forms: set[tuple[str, ...]], e: EntryView | None) -> bool:
    """Whether a person's fuller name has a given name of the KB entry's names (long
    vowels aside, for transliterations), or the entry has no name of two words."""
    if e is None:
        return True
    # (A kunya's "أبو" is no given name: "أبو بكر البغدادي" is given "بكر" here.)
    names = [_after_particles(loose(n).split()) for n in (e.name, *e.aliases)]
    firsts = {_name_skeleton(n[0]) for n in names if len(n) >= 2}
    if not firsts:
        return True
    return any(_name_skeleton(w) in firsts for f in forms for w in f[:-1] if w not in _NAME_PARTICLES)


_NAME_PARTICLES = keys("أبو", "أبي", "أبا", "أم", "ابن", "بن", "بنت", "عبد", "آل")


def _after_particles(words: list[str]) -> list[str]:
    k = 0
    while k < len(words) - 1 and words[k] in _NAME_PARTICLES:
        k += 1
    return words[k:]


def _name_skeleton(word: str) -> str:
    return word[:1] + word[1:].translate(_LONG_VOWELS_TABLE)


_LONG_VOWELS_TABLE = str.maketrans("", "", "اويى")


# A town this small, of another country than the fuller name's, is a namesake.
_NAMESAKE_POPULATION = 50_000


def _namesake_town(short: EntryView | None, long: EntryView | None) -> bool:
    """Whether a short place name's KB reading is only a small town of another country
    than the fuller name the article gives: "ريو" (riyū) after "ريو دي جانيرو" (riyū dī
    jānīrū) is Rio, not Réo in Burkina Faso."""
    return (short is not None and long is not None and short.country is not None
            and long.country is not None and short.country != long.country
            and short.population is not None and short.population < _NAMESAKE_POPULATION)


def alias_only(text: str, cl: Cluster, entry: EntryLookup) -> bool:
    """Whether a linked cluster is named only by aliases, never its entry's own name."""
    e = entry(cl.kb_id)
    if e is None:
        return False
    name = loose(e.name)
    return all(" ".join(mention_words(text, m)) != name for m in cl.mentions
               if m.source not in ("desc", "meto"))


# Words that end a person's name yet stand alone as common words or particles.
_NOT_SURNAMES = keys("علي", "الى", "إلى", "عن", "بن", "ابن", "عبد", "الله", "الدين", "محمد",
                     "أحمد", "حسن", "حسين", "الثاني", "الأول", "جونيور")
_SURNAME_MIN = 4  # letters: shorter last names ("عيد", a feast) are words too often


def add_surnames(
    text: str, tokens: list[Token], clusters: list[Cluster],
    loose_words: Sequence[str] | None = None,
) -> list[Cluster]:
    """A person named in full is named afterwards by the last word of the name alone
    ("ماثيو مولر" ... "واعتقل مولر", māthyū mūlar ... wa-iʿtuqila mūlar: Matthew Muller ...
    Muller was arrested) where the tagger missed it. Only a last word that belongs to one
    person of the article, and only after the full name.

    `loose_words`, if given, are the loose forms of the word tokens of `tokens`, in order.
    """
    owners: dict[str, set[int]] = defaultdict(set)
    for ci, cl in enumerate(clusters):
        if cluster_type(cl) != "PER":
            continue
        for m in cl.mentions:
            words = mention_words(text, m)
            if len(words) >= 2:
                last = words[-1]
                if (len(last) >= _SURNAME_MIN and last not in _NOT_SURNAMES and last not in TITLES
                        and last not in ORG_HEADS and not (len(words) >= 3 and kunya(words[-2]) == "ابن")):
                    # (After "بن" the last word is the father's name: "سلمان" of "محمد بن
                    # سلمان" is King Salman, not his son; "بن كونابل" is Ben Connable.)
                    owners[last].add(ci)
    names = {w: next(iter(c)) for w, c in owners.items() if len(c) == 1}
    if not names:
        return clusters
    taken = sorted((m.start, m.end) for cl in clusters for m in cl.mentions)
    firsts = with_clitics(names)
    word_tokens = [t for t in tokens if t.is_word]
    if loose_words is None:
        loose_words = [loose(t.norm) for t in word_tokens]
    added: dict[int, list[Mention]] = defaultdict(list)
    # Most words name no one: the few that may are picked in one pass.
    for tok in [word_tokens[k] for k, w in enumerate(loose_words) if w in firsts]:
        for n, stem, restored in stem_readings(tok):
            owner = names.get(stem)
            if owner is None:
                continue
            start = orig_offset(tok, n, restored)
            if overlaps_any(taken, start, tok.end) or clusters[owner].first > start:
                break
            kb_id = clusters[owner].kb_id
            added[owner].append(Mention(start, tok.end, "PER", "desc", (kb_id,) if kb_id else (),
                                        "surname"))
            break
    if not added:
        return clusters
    return [Cluster(sorted(cl.mentions + added[ci], key=lambda m: m.start), cl.kb_id)
            if ci in added else cl for ci, cl in enumerate(clusters)]


def add_descriptions(
    text: str, tokens: list[Token], clusters: list[Cluster], entry: EntryLookup,
    loose_words: Sequence[str] | None = None,
) -> list[Cluster]:
    """Definite descriptions ("التنظيم") that refer to the one entity carrying them; and,
    first, the last names of persons named in full (`add_surnames`).

    `loose_words`, if given, are the loose forms of the word tokens of `tokens`, in order
    (the entities stage has them already).
    """
    clusters = add_surnames(text, tokens, clusters, loose_words)
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for ci, cl in enumerate(clusters):
        e = entry(cl.kb_id)
        if all(m.source == "meto" for m in cl.mentions):
            continue
        if e is not None:
            for desc in e.descriptions:
                owners[tuple(loose(desc).split())].add(ci)
        if cluster_type(cl) == "ORG":
            for m in cl.mentions:
                if m.source in ("desc", "meto"):
                    continue
                first = mention_words(text, m)[0]
                if first in ORG_DESCRIPTION_HEADS:
                    owners[("ال" + first,)].add(ci)
    descs = {d: next(iter(s)) for d, s in owners.items() if len(s) == 1 and d}
    if not descs:
        return clusters
    clusters = _fold_tagged_descriptions(text, clusters, descs)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for d in sorted(descs, key=len, reverse=True):
        by_first[d[0]].append(d)
    taken = sorted((m.start, m.end) for cl in clusters for m in cl.mentions)
    words = [t for t in tokens if t.is_word]
    if loose_words is None:
        loose_words = [loose(t.norm) for t in words]
    added: dict[int, list[Mention]] = defaultdict(list)
    firsts = with_clitics(by_first)
    # Most words start no description: the few that may are picked in one pass.
    for wi in [k for k, w in enumerate(loose_words) if w in firsts]:
        tok = words[wi]
        stems = stem_readings(tok)
        for n, stem, restored in stems:
            cands = by_first.get(stem)
            if not cands:
                continue
            for d in cands:
                span_words = words[wi:wi + len(d)]
                if len(span_words) < len(d):
                    continue
                if any(loose_words[wi + k] != d[k] for k in range(1, len(d))):
                    continue
                start = orig_offset(tok, n, restored)
                end = span_words[-1].end
                if overlaps_any(taken, start, end):
                    break
                ci = descs[d]
                cid = clusters[ci].kb_id
                quoted = is_quoted(text, start, end)
                if not quoted and not description_fits(words, text, wi + len(d)):
                    break
                # A bare head ("التنظيم") is too vague to point ahead; a head with its
                # adjective ("المليشيات الكردية") may, within its sentence.
                if (not quoted and clusters[ci].first > start
                        and not (len(d) > 1 and named_ahead(text, end, clusters[ci].first))):
                    break  # a description refers back to a name already given
                added[ci].append(Mention(start, end, cluster_type(clusters[ci]), "desc",
                                          (cid,) if cid else (), "description"))
                break
            else:
                continue
            break
    if not added:
        return [cl for cl in clusters if cl.mentions]
    out = []
    for ci, cl in enumerate(clusters):
        if ci in added:
            cl = Cluster(sorted(cl.mentions + added[ci], key=lambda m: m.start), cl.kb_id)
        if cl.mentions:
            out.append(cl)
    return out


# What gives the other name a person goes by, right before it (see `add_named_aliases`):
# "وكنيته" (and his kunya), "المعروف باسم" (known as), "الملقب بـ" (nicknamed).
_ALIAS_CUE_RE = re.compile(
    r"(?:(?<!\w)[وف]?(?:كنيته|كنيتها|لقبه|لقبها|شهرته|شهرتها)"
    r"|(?<!\w)و?(?:المعروف|المعروفة|الملقب|الملقبة|المكنى)\s*(?:باسم|بلقب|بكنية|بـ?)?)"
    r"[\s\"«“]*$"
)
# How many characters of apposition may stand between a name and the words giving its
# alias ("جمال جعفر القائد البارز في قوات الحشد الشعبي وكنيته ...").
_ALIAS_REACH = 80


def add_named_aliases(text: str, clusters: list[Cluster]) -> list[Cluster]:
    """Join a person's alias, given as such, to the person: "محمود أبو زيد، المعروف باسم
    شوكان" (maḥmūd abū zayd, al-maʿrūf bi-ism shawkān: Mahmoud Abu Zeid, known as
    Shawkan); "جمال جعفر ... وكنيته أبو مهدي المهندس" (jamāl jaʿfar ... wa-kunyatuhu abū
    mahdī al-muhandis: Jamal Jaafar ..., whose kunya is Abu Mahdi al-Muhandis). The name before is the last
    person named within the sentence; two different KB entries are never joined."""
    owner: dict[tuple[int, int], int] = {}
    persons: list[tuple[int, int, int]] = []  # (start, end, cluster) of person mentions
    for ci, cl in enumerate(clusters):
        for m in cl.mentions:
            owner[(m.start, m.end)] = ci
            if m.type == "PER" and m.source not in ("desc", "meto"):
                persons.append((m.start, m.end, ci))
    persons.sort()
    parent = list(range(len(clusters)))
    joined = False
    for k, (start, _end, ci) in enumerate(persons):
        cue = _ALIAS_CUE_RE.search(text, max(0, start - 30), start)
        if cue is None or cue.end() != start:
            continue
        # The last person named before the cue, in the same sentence.
        before = [(s, e, cj) for s, e, cj in persons[:k]
                  if e <= cue.start() and cue.start() - e <= _ALIAS_REACH
                  and not any(c in _SENTENCE_END for c in text[e:cue.start()])]
        if not before:
            continue
        cj = before[-1][2]
        a, b = find_root(parent, ci), find_root(parent, cj)
        ida, idb = clusters[a].kb_id, clusters[b].kb_id
        if a == b or (ida and idb and ida != idb):
            continue
        parent[a] = b
        joined = True
    if not joined:
        return clusters
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        groups[find_root(parent, i)].append(i)
    out = []
    for members in groups.values():
        kb_id = next((clusters[i].kb_id for i in members if clusters[i].kb_id), None)
        mentions = sorted((m for i in members for m in clusters[i].mentions), key=lambda m: m.start)
        out.append(Cluster(mentions, kb_id))
    return out


# How far ahead in its own sentence a name may come after the description meaning it.
_AHEAD_CHARS = 300
_SENTENCE_END = frozenset(".!?؟\n")


def _fold_tagged_descriptions(text: str, clusters: list[Cluster],
                              descs: dict[tuple[str, ...], int]) -> list[Cluster]:
    """A description the tagger took for a name joins the one entity it describes: "المنظمة
    الدولية" (the international organisation) tagged on its own is the UN named in the
    article. Only clusters with no KB link, every mention of which is that description."""
    into: dict[int, int] = {}
    for ci, cl in enumerate(clusters):
        if cl.kb_id is not None:
            continue
        forms = {tuple(loose(w) for w in mention_words(text, m)) for m in cl.mentions}
        owners = {descs.get(f) for f in forms}
        if len(owners) == 1 and None not in owners:
            owner = owners.pop()
            if owner is not None and owner != ci:
                into[ci] = owner
    if not into:
        return clusters
    # Index positions stay: the folded clusters keep their place, emptied, until the end.
    merged = [Cluster(list(cl.mentions), cl.kb_id) for cl in clusters]
    for ci, owner in into.items():
        kb = merged[owner].kb_id
        merged[owner].mentions.extend(Mention(m.start, m.end, m.type, "desc", (kb,) if kb else (),
                                              "description") for m in clusters[ci].mentions)
        merged[ci].mentions.clear()
    for cl in merged:
        cl.mentions.sort(key=lambda m: m.start)
    return merged


def named_ahead(text: str, end: int, name_start: int) -> bool:
    """Whether the name a description means follows it closely in the same sentence.

    A description usually refers back, yet within one sentence Arabic also names the
    party after describing it: "شن هجمات ضد المليشيات الكردية ... الالتحاق بقوات سوريا
    الديمقراطية" (shann hajamāt ḍidd al-milīshiyāt al-kurdiyya ... bi-quwwāt sūriyā
    al-dīmuqrāṭiyya: attacks on the Kurdish militias ... joining the SDF).
    """
    if name_start - end > _AHEAD_CHARS:
        return False
    return not any(c in _SENTENCE_END for c in text[end:name_start])


def stem_readings(tok: Token) -> list[tuple[int, str, bool]]:
    """(normalised chars removed, loose stem, alef restored) for each clitic reading."""
    norm = tok.norm
    out = []
    for n, rest in strip_candidates(norm):
        restored = rest.startswith("ال") and not norm[n:].startswith("ال")
        out.append((n, loose(rest), restored))
    return out


def description_fits(words: list[Token], text: str, nxt: int) -> bool:
    """A description followed by a definite adjective is another noun phrase.

    "الدولة السورية" (al-dawla al-sūriyya, "the Syrian state") is not "الدولة" (ISIS);
    the KB lists the longer descriptions it means ("التنظيم المتطرف").
    """
    if nxt >= len(words):
        return True
    gap = text[words[nxt - 1].end:words[nxt].start]
    if gap.strip():
        return True  # punctuation or a quotation mark ends the phrase
    return not words[nxt].norm.startswith("ال")


# --- collective actors named by description ------------------------------------------------

# Parties that conflict reporting names by what they are, not by a name: they act and speak
# ("قالت الشرطة", qālat al-shurṭa, "the police said"; "قصفت قوات النظام", the regime's
# forces shelled). Phrase -> (kind, sector, may stand alone). A phrase of a kind joins the one
# entity of the article that claims that kind (`_claims`); one that may stand alone becomes
# an organisation of its own when no entity claims it; the others ("الجيش", the army) only
# ever join one. Kinds: "police", "forces" (a state's armed forces), "government",
# "opposition", "rebels", and "fixed" (joins only a fuller name it starts: "مجلس النواب"
# in "مجلس النواب الأمريكي").
_GENERIC: dict[str, tuple[str, str, bool]] = {
    "الشرطة": ("police", "police", True),
    "الشرطة العلمية": ("fixed", "police", True),
    "الشرطة القضائية": ("fixed", "police", True),
    "الشرطة العسكرية": ("fixed", "police", True),
    "الشرطة الاتحادية": ("fixed", "police", True),
    "الشرطة الفيدرالية": ("fixed", "police", True),
    "الشرطة المحلية": ("fixed", "police", True),
    "شرطة مكافحة الإرهاب": ("fixed", "police", True),
    "وحدة مكافحة الإرهاب": ("fixed", "police", True),
    "قوات مكافحة الإرهاب": ("fixed", "police", True),
    "جهاز مكافحة الإرهاب": ("fixed", "police", True),
    "فرقة مكافحة الإرهاب": ("fixed", "police", True),
    "أمن الدولة": ("fixed", "police", True),
    "حرس الحدود": ("fixed", "police", True),
    "خفر السواحل": ("fixed", "police", True),
    "الدفاع المدني": ("fixed", "other", True),
    "قوات النظام": ("forces", "military", True),
    "جيش النظام": ("forces", "military", True),
    "القوات النظامية": ("forces", "military", True),
    "القوات الحكومية": ("forces", "military", True),
    "قوات الحكومة": ("forces", "military", True),
    "القوات الموالية للنظام": ("forces", "military", True),
    "القوات الموالية للحكومة": ("forces", "military", True),
    "الجيش": ("forces", "military", False),
    "الحكومة": ("government", "government", False),
    "القوات الجوية": ("fixed", "military", True),
    "القوات البحرية": ("fixed", "military", True),
    "القوات البرية": ("fixed", "military", True),
    "القوات الخاصة": ("fixed", "military", True),
    "سلاح الجو": ("fixed", "military", True),
    "قوات المعارضة": ("opposition", "rebel/insurgent", True),
    "مسلحي المعارضة": ("opposition", "rebel/insurgent", True),
    "مسلحو المعارضة": ("opposition", "rebel/insurgent", True),
    "مقاتلي المعارضة": ("opposition", "rebel/insurgent", True),
    "مقاتلو المعارضة": ("opposition", "rebel/insurgent", True),
    "فصائل المعارضة": ("opposition", "rebel/insurgent", True),
    "الفصائل المعارضة": ("opposition", "rebel/insurgent", True),
    "المعارضة المسلحة": ("opposition", "rebel/insurgent", True),
    "المعارضة": ("opposition", "rebel/insurgent", False),
    "الثوار": ("rebels", "rebel/insurgent", True),
    "المتمردين": ("rebels", "rebel/insurgent", True),
    "المتمردون": ("rebels", "rebel/insurgent", True),
    "مجلس النواب": ("fixed", "legislature", True),
    "مجلس الشيوخ": ("fixed", "legislature", True),
    "مجلس الشعب": ("fixed", "legislature", True),
    "مجلس الشورى": ("fixed", "legislature", True),
    "مجلس الأمة": ("fixed", "legislature", True),
    "مجلس العموم": ("fixed", "legislature", True),
    "مجلس اللوردات": ("fixed", "legislature", True),
    "البرلمان": ("fixed", "legislature", True),
    "مجلس الوزراء": ("fixed", "government", True),
    "الأسرة الملكية": ("fixed", "government", True),
    "العائلة المالكة": ("fixed", "government", True),
}
GENERIC_ACTORS: dict[tuple[str, ...], tuple[str, str, bool]] = {
    tuple(loose(w) for w in k.split()): v for k, v in _GENERIC.items()
}
_FORCES_HEADS = keys("الجيش", "جيش", "القوات", "قوات")
_GOVERNMENT_HEADS = keys("الحكومة", "حكومة", "النظام", "نظام")
_OPPOSITION = keys("المعارضة", "المعارضه")
# Streets, squares and stations named after an institution.
_NAMED_AFTER = keys("شارع", "ميدان", "ساحة", "جسر", "محطة", "حي", "طريق", "دوار")
_REGIME = keys("النظام", "للنظام", "الحكومة", "للحكومة", "الحكومية", "النظامية")
# Definite words that may follow a description without being its adjective: days and
# times ("اعتقلت الشرطة الأربعاء", the police arrested on Wednesday) and relative pronouns.
_NOT_ADJECTIVES = keys(
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "اليوم",
    "الليلة", "الماضي", "الماضية", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي",
)


@lru_cache(maxsize=1)
def _generic_index() -> tuple[dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """The phrases of `GENERIC_ACTORS` by first word, longest first, and every written form
    of those first words under the proclitics: built once, on first use."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for d in sorted(GENERIC_ACTORS, key=len, reverse=True):
        by_first[d[0]].append(d)
    return dict(by_first), with_clitics(by_first)


def generic_sector(name: str) -> str | None:
    """The sector of an organisation named by one of `GENERIC_ACTORS` ("الشرطة": police)."""
    hit = GENERIC_ACTORS.get(tuple(loose(name).split()))
    return hit[1] if hit else None


def _bare_first(words: Sequence[str]) -> tuple[str, ...]:
    """Words with the article dropped from the first: "الشرطة" and "شرطة أوستن" compare."""
    if not words:
        return ()
    first = words[0][2:] if words[0].startswith("ال") and len(words[0]) > 3 else words[0]
    return (first, *words[1:])


@dataclass(frozen=True, slots=True)
class _Claimant:
    """What a cluster shows to the descriptions that may refer to it: its named forms (each
    with the article dropped from the first word), first words, words, sector and country."""

    bare_forms: tuple[tuple[str, ...], ...]
    firsts: frozenset[str]
    words: frozenset[str]
    sector: str | None
    country: str | None


def _claimant(text: str, cl: Cluster,
              attrs_of: Callable[[Cluster], tuple[str | None, str | None]]) -> _Claimant | None:
    if cluster_type(cl) != "ORG":
        return None
    named = [mention_words(text, m) for m in cl.mentions if m.source not in ("desc", "meto")]
    sector, country = attrs_of(cl)
    return _Claimant(tuple(_bare_first(w) for w in named), frozenset(w[0] for w in named),
                     frozenset(x for w in named for x in w), sector, country)


def _claims(c: _Claimant, kind: str, phrase: tuple[str, ...], governed: frozenset[str]) -> bool:
    """Whether the entity `c` is what the description `phrase` (of `kind`) refers to.

    `governed`: the countries whose government or regime the article names; the regime's
    forces ("قوات النظام", quwwāt al-niẓām) are then the army of one of those, never another
    state's army the article also names.
    """
    bare = _bare_first(phrase)
    # A fuller name the phrase starts: "مجلس النواب" in "مجلس النواب الأمريكي", "الشرطة"
    # in "شرطة أوستن"; or the phrase itself, standing alone already.
    if any(f[: len(bare)] == bare for f in c.bare_forms):
        return True
    if kind == "forces":
        if c.sector != "military" or not (c.firsts & _FORCES_HEADS):
            return False
        if not (governed and _REGIME & set(phrase)):
            return True
        # The governed country's army, or the regime's forces already standing alone
        # ("قوات النظام", then "القوات الحكومية": one force).
        return c.country in governed or (c.country is None and bool(_REGIME & c.words))
    if kind == "government":
        return c.sector == "government" and bool(c.firsts & _GOVERNMENT_HEADS)
    if kind == "opposition":
        return bool(_OPPOSITION & c.words)
    return False


def add_generic_actors(
    text: str, tokens: list[Token], clusters: list[Cluster],
    attrs_of: Callable[[Cluster], tuple[str | None, str | None]],
    loose_words: Sequence[str] | None = None,
) -> list[Cluster]:
    """Collective actors named by description (`GENERIC_ACTORS`): each joins the one entity
    of the article that claims it ("القوات الحكومية", the government forces, the one
    state army named), or, where none does and the phrase may stand alone, becomes an
    organisation of its own; where several entities claim it, it is left alone.

    `attrs_of` gives a cluster's (sector, country) (from its KB entry, or its head and
    nationality adjective); `loose_words`, if given, are the loose forms of the word tokens
    of `tokens`.
    """
    words = [t for t in tokens if t.is_word]
    if loose_words is None:
        loose_words = [loose(t.norm) for t in words]
    by_first, firsts = _generic_index()
    hits = [k for k, w in enumerate(loose_words) if w in firsts]
    if not hits:
        return clusters
    clusters = list(clusters)
    taken = sorted((m.start, m.end) for cl in clusters for m in cl.mentions)
    # A cluster's claims rest on its named mentions alone, which joining descriptions never
    # change: each is summarised once, and each phrase's owners are found once (then only a
    # new cluster may add to them), so many mentions of one phrase cost linear time.
    claimants = [_claimant(text, cl, attrs_of) for cl in clusters]
    governed = frozenset(c.country for c in claimants
                         if c is not None and c.sector == "government" and c.country)
    if not governed:
        # No government named: the regime is the one of the country the article is about
        # (the most mentioned), so "قوات النظام" in a Syria report is no Russian army.
        counts: Counter[str] = Counter()
        for cl in clusters:
            if cluster_type(cl) == "GPE":
                country = attrs_of(cl)[1]
                if country:
                    counts[country] += len(cl.mentions)
        if counts:
            governed = frozenset({counts.most_common(1)[0][0]})
    owners_of: dict[tuple[str, ...], list[int]] = {}
    added: dict[int, list[Mention]] = defaultdict(list)
    for wi in hits:
        tok = words[wi]
        found = None
        for n, stem, _restored in stem_readings(tok):
            for d in by_first.get(stem, ()):
                if wi + len(d) > len(words) or any(
                        loose_words[wi + k] != d[k] for k in range(1, len(d))):
                    continue
                if any(text[words[wi + k - 1].end:words[wi + k].start].strip()
                       for k in range(1, len(d))):
                    continue  # punctuation inside: two phrases
                # After a clitic lam the article's alef is not written ("للشرطة"): the
                # mention starts at the second lam, and its name gets the article back.
                found = (d, orig_offset(tok, n, False), words[wi + len(d) - 1].end)
                break
            if found:
                break
        if found is None:
            continue
        d, start, end = found
        if overlaps_any(taken, start, end):
            continue
        if wi and loose_words[wi - 1] in _NAMED_AFTER and start == tok.start:
            continue  # "شارع البرلمان" (Parliament Street): a place named after it
        nxt = wi + len(d)
        if not (is_quoted(text, start, end) or description_fits(words, text, nxt)
                or loose_words[nxt] in _NOT_ADJECTIVES):
            continue  # "الشرطة الإيطالية": a longer phrase, another entity's business
        kind, _sector, alone = GENERIC_ACTORS[d]
        owners = owners_of.get(d)
        if owners is None:
            owners = owners_of[d] = [ci for ci, c in enumerate(claimants)
                                     if c is not None and _claims(c, kind, d, governed)]
        if len(owners) == 1:
            ci = owners[0]
            cid = clusters[ci].kb_id
            added[ci].append(Mention(start, end, "ORG", "desc", (cid,) if cid else (), "description"))
        elif not owners and alone:
            cl = Cluster([Mention(start, end, "ORG", "generic")], None)
            clusters.append(cl)
            c = _claimant(text, cl, attrs_of)
            claimants.append(c)
            for other, ids in owners_of.items():
                if c is not None and _claims(c, GENERIC_ACTORS[other][0], other, governed):
                    ids.append(len(clusters) - 1)
        else:
            continue
        bisect.insort(taken, (start, end))
    if not added:
        return clusters
    return [Cluster(sorted(cl.mentions + added[ci], key=lambda m: m.start), cl.kb_id)
            if ci in added else cl for ci, cl in enumerate(clusters)]


# --- titles the article gives a person --------------------------------------------------

# The heads of the titles news puts before a name ("الرئيس الأمريكي دونالد ترامب"), which
# the article may then use alone for that person ("ورحب الرئيس الأمريكي", the US president
# welcomed). The KB gives none of these: who holds an office depends on the date.
TITLE_HEADS = keys(
    "الرئيس", "رئيس", "الرئيسة", "رئيسة", "الوزير", "وزير", "الوزيرة", "وزيرة", "الملك", "العاهل",
    "الأمير", "ولي", "الزعيم", "زعيم", "المرشد", "المتحدث", "الناطق", "المتحدثة", "الناطقة",
    "السفير", "السفيرة", "المبعوث", "الأمين", "المستشار", "المستشارة", "القائد", "قائد", "نائب",
    "المندوب", "المندوبة", "مندوب", "السلطان", "الحاكم", "المفوض", "المفوضة",
)
# Words after a title that make it another office ("الرئيس الأمريكي السابق", the former US
# president) or another person.
_TITLE_OTHER = keys("السابق", "السابقة", "الأسبق", "الأسبقة", "الراحل", "الراحلة", "المقبل",
                    "المقبلة", "المنتخب", "المنتخبة", "الجديد", "الجديدة", "بالوكالة")
# Words before a title that make it someone else's: "نائب الرئيس الإيراني" (the Iranian
# vice-president), "المتحدث باسم الرئيس التركي" (the Turkish president's spokesman).
_TITLE_OWNED = TITLE_HEADS | keys(
    "باسم", "نائب", "مساعد", "مستشار", "مستشارة", "زوجة", "زوج", "نجل", "ابن", "ابنة", "شقيق",
    "شقيقة", "مكتب", "ديوان", "قصر", "حرس", "مبعوث", "موفد", "ممثل", "سكرتير", "أمين", "كبير",
    "كبيرة", "حكومة", "إدارة", "عهد", "نظام", "سلف", "خليفة", "حزب", "أنصار", "معارضو", "خصوم",
)
_TITLE_MAX_WORDS = 5
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يان")


def _title_words(word: str) -> str:
    """A title word without a conjunction glued to it ("والرئيس" -> "الرئيس")."""
    return word[1:] if word[:1] in ("و", "ف") and word[1:] in TITLE_HEADS else word


def add_titles(text: str, tokens: list[Token], clusters: list[Cluster],
               loose_words: Sequence[str] | None = None) -> list[Cluster]:
    """A title the article writes before one person's name refers to that person alone.

    "الرئيس الأمريكي دونالد ترامب ... ورحب الرئيس الأمريكي" (al-raʾīs al-ʾamrīkī, the US
    president): the second is Trump. Only a title of at least two words (a head and its
    nisba or genitive: "رئيس الوزراء الإسرائيلي") given to exactly one person of the
    article; an occurrence right before a name is an apposition, and one that goes on
    ("... السابق", former) is another office.
    """
    words = [t for t in tokens if t.is_word]
    if not words:
        return clusters
    if loose_words is None:
        loose_words = [loose(t.norm) for t in words]
    starts = [t.start for t in words]
    persons = [ci for ci, cl in enumerate(clusters) if cluster_type(cl) == "PER"]
    if not persons:
        return clusters
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for ci in persons:
        for m in clusters[ci].mentions:
            if m.source == "desc":
                continue
            j = bisect.bisect_left(starts, m.start) - 1  # the word before the name
            if j >= 0 and text[words[j].end:m.start].strip() not in ("", "،", ","):
                continue  # a comma may stand between: "الرئيس الأميركي، دونالد ترامب"
            # Back from the name over definite words to the title's head, no punctuation
            # inside: "رئيس الوزراء الإسرائيلي".
            for h in range(j, max(-1, j - _TITLE_MAX_WORDS), -1):
                if _title_words(loose_words[h]) in TITLE_HEADS and h < j:
                    rest = loose_words[h + 1:j + 1]
                    before = loose_words[h - 1] if h > 0 and not text[words[h - 1].end:words[h].start].strip() else ""
                    if not any(w in _TITLE_OTHER for w in rest) and before not in _TITLE_OWNED:
                        owners[(_title_words(loose_words[h]), *rest)].add(ci)
                    break
                if not loose_words[h].startswith(("ال", "لل")) or (
                        h < j and text[words[h].end:words[h + 1].start].strip()):
                    break
    titles = {t: next(iter(s)) for t, s in owners.items() if len(s) == 1}
    if not titles:
        return clusters
    taken = sorted((m.start, m.end) for cl in clusters for m in cl.mentions)
    name_starts = frozenset(m.start for ci in persons for m in clusters[ci].mentions if m.source != "desc")
    by_head: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for t in sorted(titles, key=len, reverse=True):
        by_head[t[0]].append(t)
    added: dict[int, list[Mention]] = defaultdict(list)
    for wi, w in enumerate(loose_words):
        head = _title_words(w)
        for t in by_head.get(head, ()):
            end_i = wi + len(t) - 1
            if end_i >= len(words) or tuple(loose_words[wi + 1:end_i + 1]) != t[1:]:
                continue
            start = words[wi].start + (1 if head != w else 0)
            end = words[end_i].end
            if any(text[words[k].end:words[k + 1].start].strip() for k in range(wi, end_i)):
                break  # punctuation inside: not one phrase
            nxt = end_i + 1
            if nxt < len(words) and (loose_words[nxt] in _TITLE_OTHER or (
                    # a nisba goes on to another office: "وزير الخارجية القطري"
                    not text[end:words[nxt].start].strip() and loose_words[nxt].startswith("ال")
                    and loose_words[nxt].endswith(_NISBA_ENDINGS)) or (
                    not text[end:words[nxt].start].strip(" ،,") and words[nxt].start in name_starts)):
                break  # another office, or an apposition to a name
            if overlaps_any(taken, start, end):
                break
            ci = titles[t]
            cid = clusters[ci].kb_id
            added[ci].append(Mention(start, end, "PER", "desc", (cid,) if cid else (), "title"))
            break
    if not added:
        return clusters
    return [Cluster(sorted(cl.mentions + added[ci], key=lambda m: m.start), cl.kb_id) if ci in added else cl
            for ci, cl in enumerate(clusters)]
