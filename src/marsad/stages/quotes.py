"""Quote stage: who said what, to whom, on whose behalf.

Fills the `quotes` layer with three kinds of reported speech (see docs/contract.md and the
gold guidelines):

- direct: whole sentences in quotation marks, or verbatim speech after a colon,
  "وأضاف: لقد انتصرنا" (wa-ʾaḍāfa: laqad intaṣarnā, he added: we have won);
- partial: a quoted fragment inside the reporter's sentence,
  دعا إلى "شن هجمات" (daʿā ʾilā "šann hajamāt", he called for "launching attacks");
- indirect: a reporting cue and its clause, قال إن ... (qāla ʾinna, he said that),
  بحسب المصادر (bi-ḥasab al-maṣādir, according to the sources).

The stage works sentence by sentence on the paragraph- and quote-aware sentences of the
`sentences` layer. For every reporting cue of `marsad.stages.cues` it finds the complement
that makes it speech (إن/أن, a colon, a quotation mark, or the preposition its frame takes),
reads the speaker from the words between cue and complement (verb–subject order) or before
the cue (subject–verb order), and takes the reported text up to the end of the clause, or up
to the next cue that continues the report ("، مضيفا أن" muḍīfan ʾanna, adding that).
Quotation marks that no cue claims (names, titles, slogans, scare quotes) are not quotes,
except a whole quoted sentence that continues the previous speaker's words.

Speakers are linked to `doc.entities` by mention overlap, and by the appositions the article
itself makes ("الرئيس الأميركي، دونالد ترامب" al-raʾīs al-ʾamīrkī, Dōnald Trāmb: later "the
US president" is Trump). Without entities every speaker is still given as its span.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from marsad.arabic.normalize import normalize
from marsad.arabic.segment import QUOTE_PAIRS
from marsad.arabic.segment import sentences as split_sentences
from marsad.document import Document, Entity, Quote, Ref, SpeakerRef
from marsad.stages.cues import (
    AN,
    BI,
    COLON,
    ILA,
    MIN,
    NP,
    OBJ,
    QUOTE,
    SOURCE_PAIRS,
    STATEMENT_NOUNS,
    THAT,
    THAT_WORDS,
    Cue,
    build_lexicon,
)
from marsad.stages.cues import ALA as ALA_FRAME

log = logging.getLogger(__name__)

_LETTERS = (
    "0-9A-Za-z_#\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f"
    "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d"
)
_TOKEN_RE = re.compile(rf"[{_LETTERS}]+|[^\s{_LETTERS}]")
_OPEN_MARKS = frozenset(QUOTE_PAIRS)
_ALL_MARKS = frozenset("«»“”„‘’\"‹›")
_TRIM = " \t\n\r،,.:؛;!؟?…-–—" + "".join(_ALL_MARKS)

# Words that end a speaker's noun phrase: prepositions, relatives, adverbs of time and
# manner that sit between a verb's subject and its complement (normalised).
_STOP_WORDS = frozenset({
    "في", "خلال", "امام", "عبر", "قبل", "بعد", "عقب", "حيث", "الذي", "التي", "الذين", "والذي",
    "والتي", "والذين", "وهو", "وهي", "عن", "قد", "ضمن", "علي", "منذ", "مع", "الي", "الى", "اي",
    "ايضا", "كذلك", "امس", "اليوم", "يوم", "مساء", "صباح", "ظهر", "فجر", "ليل", "ليلة", "الاحد",
    "الاثنين", "الإثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "اول", "امس",
    "له", "لها", "لهم", "لنا", "لي", "لك", "لكم", "من", "بدوره", "بدورها", "بدورهم", "حينها",
    "بينما", "فيما", "ان", "إن", "انه", "كما", "لكن", "لاحقا", "سابقا", "مجددا", "اخيرا",
    "مؤخرا", "الجمعه", "صباحا", "مساء", "تعليقا", "ردا", "وذلك", "نفسه", "نفسها", "بعدما",
})
_WEEKDAYS = frozenset({"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت"})
# Leading particles before a subject in subject–verb order.
_LEAD = frozenset({
    "و", "ف", "لكن", "ولكن", "كما", "ثم", "قد", "وقد", "كان", "كانت", "وكان", "وكانت", "فيما",
    "بينما", "حيث", "غير", "الا", "ان", "إلا", "وهو", "هذا", "وهذا", "هذ", "لقد", "بل",
})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "والذي", "والتي", "والذين", "اللذين", "اللتين"})
# Titles and functions that precede a name in apposition (normalised, with and without ال).
_TITLES = frozenset({
    "رئيس", "الرئيس", "وزير", "الوزير", "وزيرة", "المتحدث", "متحدث", "المتحدثة", "متحدثة",
    "الناطق", "ناطق", "الناطقة", "ناطقة", "مدير", "المدير", "مديرة", "السفير", "سفير", "السفيرة",
    "الامين", "امين", "زعيم", "الزعيم", "قائد", "القائد", "المبعوث", "مبعوث", "ممثل", "الممثل",
    "مسؤول", "المسؤول", "الشيخ", "الملك", "الامير", "نائب", "عضو", "الخبير", "خبير", "الناشط",
    "ناشط", "الكاتب", "المحلل", "محلل", "الباحث", "باحث", "القيادي", "قيادي", "المستشار", "مستشار",
    "العميد", "اللواء", "العقيد", "الجنرال", "المرشد", "شريف", "الشريف", "رئيسة", "الرئيسة",
    "المفوض", "المفوضة", "محافظ", "المحافظ", "قاضي", "القاضي", "المدعي", "النائب", "السيناتور",
    "الدكتور", "د", "الصحفي", "المراسل", "الضابط", "ضابط", "المنسق", "منسق", "الامينة", "المقرر",
    "سكرتير", "السكرتير", "مساعد", "المساعد", "العقيدة",
})
# Nouns for a message whose author is named after them: "نقل المهاجر وصية البغدادي" (naqala
# al-muhājir waṣiyyat al-baghdādī: al-Muhajir conveyed al-Baghdadi's will).
_MESSAGE_NOUNS = frozenset({
    "وصية", "رسالة", "كلمة", "كلام", "تصريحات", "تصريح", "دعوة", "تهديد", "تحذير", "قول", "اقوال",
    "حديث", "بيان", "وصيه",
})
_PRONOUN_SPEAKERS = frozenset({"قوله", "قولها", "تعبيره", "تعبيرها", "رايه", "رايها", "قولهم", "تعبيرهم"})
# Address: "مخاطبا" (muḫāṭiban, addressing), "موجها حديثه إلى" (muwajjihan ḥadīṯahu ʾilā).
_ADDRESS_VERBS = frozenset({"مخاطبا", "مخاطبة", "موجها", "موجهة"})
_NOT_BI = frozenset({"باسم", "بين", "بعد", "بيان", "بيانا", "بلاده", "بلادها", "بلد", "برس", "بي"})


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    norm: str  # normalised
    core: str  # normalised without the conjunction و/ف
    word: bool


@dataclass(slots=True)
class _Draft:
    """A quote under construction (mutable while the sentence is read)."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    speaker: SpeakerRef | None
    cue_index: int
    addressee: Ref | None = None
    relayed_by: Ref | None = None
    strict: bool = False  # a quotation-mark span: its end is fixed


@dataclass(slots=True)
class _State:
    """Per-document memory: the last speaker and descriptions seen in apposition."""

    last: SpeakerRef | None = None
    aliases: dict[str, SpeakerRef] = field(default_factory=dict)


class QuoteStage:
    """Direct, partial and indirect quotes with speaker, addressee and relay.

    Patterns and the cue lexicon are built once per stage object; `__call__` is pure.
    """

    name = "quotes"
    requires = frozenset({"sentences", "entities"})
    provides = frozenset({"quotes"})

    def __init__(self) -> None:
        self._lex: dict[str, Cue] = build_lexicon()

    # --- entry point --------------------------------------------------------------------

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        sents = [(s.start, s.end) for s in doc.sentences] or split_sentences(text)
        marks = _quote_spans(text)
        mentions = _mention_index(doc.entities)
        state = _State()
        drafts: list[_Draft] = []
        for s, e in sents:
            drafts.extend(self._sentence(text, s, e, marks, mentions, state, drafts))
        quotes = []
        for n, d in enumerate(sorted(drafts, key=lambda d: d.start), 1):
            cue = doc.span(*d.cue) if d.cue else None
            quotes.append(Quote(f"q{n}", d.kind, d.start, d.end, text[d.start:d.end], cue,
                                d.speaker, d.addressee, d.relayed_by))
        return doc.with_layers(quotes=tuple(quotes))

    # --- one sentence -------------------------------------------------------------------

    def _sentence(self, text: str, s: int, e: int, marks: list[tuple[int, int, int, int]],
                  mentions: _Mentions, state: _State, previous: list[_Draft]) -> list[_Draft]:
        toks = _tokenize(text, s, e)
        out: list[_Draft] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            pair = tok.word and (tok.core, _core_at(toks, i + 1)) in SOURCE_PAIRS
            cue = Cue(tok.core, "source", frozenset()) if pair else self._cue(tok) if tok.word else None
            if cue is None or _inside_marks(marks, tok.start):
                i += 1
                continue
            owner = next((d for d in out if d.start <= tok.start < d.end), None)
            if owner is not None and not self._continues(toks, i, cue, owner):
                i += 1
                continue
            if cue.kind == "source":
                draft = self._source(text, toks, i, s, e, marks, mentions, state, out)
            else:
                draft = self._report(text, toks, i, cue, s, e, marks, mentions, state, out)
            if draft is not None:
                if owner is not None:
                    _cut(text, owner, toks, i)
                out = [d for d in out if d.end > d.start]
                out.append(draft)
                if draft.speaker is not None:
                    state.last = draft.speaker
            i += 1
        out.extend(self._bare_quotes(text, toks, s, e, marks, state, out, previous))
        return [d for d in out if _content_ok(text, d)]

    def _cue(self, tok: _Tok) -> Cue | None:
        cue = self._lex.get(tok.norm)
        if cue is None and tok.core != tok.norm:
            cue = self._lex.get(tok.core)
        if cue is None and tok.core[:1] in ("و", "ف") and tok.core[1:2] == "ب":
            cue = self._lex.get(tok.core[1:])  # "وبحسب" (wa-bi-ḥasab)
        return cue

    def _continues(self, toks: list[_Tok], i: int, cue: Cue, owner: _Draft) -> bool:
        """Whether a cue inside an open report starts a new one (", مضيفا أن", "، وأكد أن")."""
        if owner.strict:
            return False
        if cue.kind in ("circ", "masdar"):
            return True
        prev = toks[i - 1].text if i > 0 else ""
        conj = toks[i].norm[:1] in ("و", "ف") and toks[i].norm != toks[i].core
        if cue.kind == "source":
            return prev in ("،", ",", "(")
        return conj and prev in ("،", ",", "؛", ";", ".", "(") or prev in ("كما", "وكما")

    # --- reporting verbs, participles, verbal nouns -------------------------------------

    def _report(self, text: str, toks: list[_Tok], i: int, cue: Cue, s: int, e: int,
                marks: list[tuple[int, int, int, int]], mentions: _Mentions, state: _State,
                out: list[_Draft]) -> _Draft | None:
        opener = _find_opener(toks, i, cue, marks, self._lex)
        tok = toks[i]
        cue_span = (tok.start + (len(tok.text) - len(tok.text.lstrip("وف")) if tok.norm != tok.core else 0),
                    tok.end)
        if opener is None:
            return self._backward(text, toks, i, cue, cue_span, s, e, marks, mentions, state)
        frame, j, content_at = opener
        region = toks[i + 1:j]
        relay: Ref | None = None
        speaker: SpeakerRef | None = None
        addressee = _addressee(text, toks, i + 1, j, mentions)
        if cue.relay:
            speaker, relay = self._relay(text, region, mentions, state)
        if speaker is None and cue.kind in ("circ", "masdar"):
            speaker = _sentence_speaker(out, state)
        if speaker is None:
            speaker = _speaker_from(text, region, mentions, state)
        if speaker is None:
            speaker = _left_subject(text, toks, i, mentions, state, out) or state.last
        start, end, kind, strict = _content(text, toks, frame, content_at, e, marks)
        if end <= start:
            return None
        return _Draft(kind, start, end, cue_span, speaker, i, addressee, relay, strict)

    def _relay(self, text: str, region: list[_Tok], mentions: _Mentions,
               state: _State) -> tuple[SpeakerRef | None, Ref | None]:
        """"نقلت X عن Y" (naqalat X ʿan Y) and "نقل X وصية Y": speaker Y, relayed by X."""
        for k, t in enumerate(region):
            if t.norm == "عن" or t.core in _MESSAGE_NOUNS:
                before, after = region[:k], region[k + 1:]
                who = _speaker_from(text, after, mentions, state)
                if who is None:
                    continue
                by = _speaker_from(text, before, mentions, state) if before else state.last
                return who, (Ref(by.entity, by.text) if by else None)
        return None, None

    def _backward(self, text: str, toks: list[_Tok], i: int, cue: Cue, cue_span: tuple[int, int],
                  s: int, e: int, marks: list[tuple[int, int, int, int]], mentions: _Mentions,
                  state: _State) -> _Draft | None:
        """A quotation closed just before the cue: '"...", قال X' or '".. هكذا يرى X'."""
        if cue.kind not in ("verb",):
            return None
        k = i - 1
        while k >= 0 and (toks[k].text in ("،", ",", ".", "..", ":", "-") or toks[k].core in ("هكذا", "كما")):
            k -= 1
        if k < 0 or toks[k].text not in _ALL_MARKS:
            return None
        span = next((m for m in marks if m[3] == toks[k].end), None)
        if span is None or span[1] >= span[2]:
            return None
        j = i + 1
        while j < len(toks) and toks[j].word and len(toks[j:]) and toks[j].core not in _STOP_WORDS:
            j += 1
        speaker = _speaker_from(text, toks[i + 1:j], mentions, state) or state.last
        start, end = _trim(text, span[1], span[2])
        return _Draft("direct", start, end, cue_span, speaker, i, strict=True)

    # --- according to: بحسب، وفق، نقلا عن، على لسان ------------------------------------

    def _source(self, text: str, toks: list[_Tok], i: int, s: int, e: int,
                marks: list[tuple[int, int, int, int]], mentions: _Mentions, state: _State,
                out: list[_Draft]) -> _Draft | None:
        tok = toks[i]
        j = i + 1
        if (tok.core, _core_at(toks, j)) in SOURCE_PAIRS:
            j += 1
        cue_span = (toks[i].start, toks[j - 1].end)
        # "وفقا لما ذكرته الشرطة" (wifqan li-mā ḏakarathu al-šurṭa): skip "لما"/"ما" + verb.
        if j < len(toks) and toks[j].core in ("لما", "ما", "ل"):
            j += 1
            if j < len(toks) and toks[j].word and toks[j].core not in _STOP_WORDS:
                cue_span = (toks[i].start, toks[j].end)
                j += 1
        k = j
        while k < len(toks) and toks[k].text not in ("،", ",", ".", "؛", ";", ":") and not (
                toks[k].text in _ALL_MARKS and k > j + 3):
            k += 1
        region = toks[j:k]
        if region and region[0].core in _PRONOUN_SPEAKERS:
            speaker = state.last  # "حسب قوله" (ḥasab qawlihi, as he put it)
        else:
            speaker = _speaker_from(text, region, mentions, state, keep_lam=False)
        same = [d for d in out if d.start < tok.start and d.cue is not None]
        if same:
            # A source after a report of the same sentence says who relayed it.
            if speaker is not None and speaker != same[-1].speaker and same[-1].relayed_by is None:
                same[-1].relayed_by = Ref(speaker.entity, speaker.text)
            return None
        first_word = next((t for t in toks if t.word), None)
        sent_start = s
        lead = 0
        while lead < len(toks) and (toks[lead].core in ("وقد", "قد", "كما", "و") or toks[lead].norm == "و"):
            lead += 1
        if lead < len(toks):
            sent_start = toks[lead].start
        if first_word is not None and first_word is tok:
            # "ووفقا للمرصد، قتل ..." (wa-wifqan li-l-marṣad, qutila): the report follows.
            start, end = _trim(text, toks[k].end if k < len(toks) else e, e)
        else:
            before = _trim(text, sent_start, tok.start)
            after = _trim(text, toks[k].end, e) if k < len(toks) - 1 else (e, e)
            start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        if end - start < 8:
            return None
        if speaker is None:
            return None
        return _Draft("indirect", start, end, cue_span, speaker, i)

    # --- quotation marks no cue claimed -------------------------------------------------

    def _bare_quotes(self, text: str, toks: list[_Tok], s: int, e: int,
                     marks: list[tuple[int, int, int, int]], state: _State, out: list[_Draft],
                     previous: list[_Draft]) -> list[_Draft]:
        """A whole quoted sentence continuing the last speaker's words."""
        if out or state.last is None or not previous:
            return []
        last = previous[-1]
        if s - last.end > 400 or last.kind == "indirect" and not last.strict:
            return []
        inner = [m for m in marks if s <= m[0] and m[3] <= e + 1]
        cand: tuple[int, int] | None = None
        for m in inner:
            if _trim(text, s, m[0]) == (m[0], m[0]) or not text[s:m[0]].strip("و "):
                if not text[m[3]:e].strip(_TRIM):
                    cand = (m[1], m[2])
        if cand is None:
            # A paragraph that only closes a quotation opened before it.
            body = text[s:e].rstrip(" .،")
            if body.endswith(tuple(_ALL_MARKS)) and not any(c in _OPEN_MARKS for c in body[:-1]):
                cand = (s, s + len(body) - 1)
        if cand is None:
            return []
        start, end = _trim(text, *cand)
        if len(text[start:end].split()) < 4:
            return []
        return [_Draft("direct", start, end, None, state.last, -1, strict=True)]


# --- helpers: tokens ------------------------------------------------------------------

def _tokenize(text: str, s: int, e: int) -> list[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(text, s, e):
        t = m.group()
        word = t[0].isalnum() or t[0] in "#_"
        norm = normalize(t).replace("#", "").replace("_", " ") if word else t
        core = norm[1:] if word and len(norm) > 3 and norm[0] in ("و", "ف") else norm
        out.append(_Tok(m.start(), m.end(), t, norm, core, word))
    return out


def _core_at(toks: list[_Tok], k: int) -> str:
    return toks[k].core if 0 <= k < len(toks) else ""


# --- helpers: quotation marks ---------------------------------------------------------

def _quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, inner_start, inner_end, close_end) of every quotation, per paragraph.

    A mark left open runs to its paragraph end, never further.
    """
    out: list[tuple[int, int, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        i = ls
        while i < le:
            ch = text[i]
            if ch in _OPEN_MARKS and (ch not in "”“" or i + 1 < le and not text[i + 1].isspace()):
                close = QUOTE_PAIRS[ch]
                alt = {"”": "“", "“": "”"}.get(close, close)
                j = i + 1
                while j < le and text[j] != close and not (ch in "“”" and text[j] == alt):
                    j += 1
                if j < le:
                    out.append((i, i + 1, j, j + 1))
                    i = j + 1
                    continue
                out.append((i, i + 1, le, le))
                break
            i += 1
    return out


def _inside_marks(marks: list[tuple[int, int, int, int]], pos: int) -> bool:
    k = bisect.bisect_right(marks, (pos, 10**12)) - 1
    return k >= 0 and marks[k][1] <= pos < marks[k][2]


def _mark_at(marks: list[tuple[int, int, int, int]], pos: int) -> tuple[int, int, int, int] | None:
    k = bisect.bisect_left(marks, (pos, -1))
    return marks[k] if k < len(marks) and marks[k][0] == pos else None


# --- helpers: complements and content -------------------------------------------------

def _find_opener(toks: list[_Tok], i: int, cue: Cue, marks: list[tuple[int, int, int, int]],
                 lex: dict[str, Cue]) -> tuple[str, int, int] | None:
    """(frame, index of the opener token, char offset where the content starts)."""
    frames = cue.frames
    limit = min(len(toks), i + 30)
    first_comma = None
    for j in range(i + 1, limit):
        t = toks[j]
        if t.word and j > i + 1 and t.core in lex and lex[t.core].kind == "verb" and t.core not in (
                "قال", "قالت") and toks[j - 1].text in ("،", ","):
            break
        if t.text in (".", "؛", ";", "؟", "?", "!"):
            break
        if t.text in ("،", ",") and first_comma is None:
            first_comma = j
        if THAT in frames and t.word and t.norm in THAT_WORDS | {"إن"}:
            start = t.end if t.norm in ("ان", "بان", "لان") else t.end
            nxt = j + 1
            # The clause starts after "أن"; "إنه" keeps its pronoun in the clause.
            if t.norm in ("ان", "بان", "لان"):
                start = toks[nxt].start if nxt < len(toks) else t.end
            else:
                start = t.start + (1 if t.norm.startswith("ب") else 0)
                start = toks[nxt].start if nxt < len(toks) else t.end
            return THAT, j, start
        if QUOTE in frames and t.text == ":":
            return COLON, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if QUOTE in frames and t.text in _OPEN_MARKS and _mark_at(marks, t.start):
            m = _mark_at(marks, t.start)
            assert m is not None
            inner = toks[j + 1:]
            # A quoted name right after the verb ("قال "أبو الحسن"") is the speaker, not speech.
            words = sum(1 for x in inner if x.word and x.start < m[2])
            if words >= 3 or m[3] >= toks[-1].end - 2:
                return QUOTE, j, t.start
        if t.word and t.core in ("الي", "علي", "من") and j + 1 < limit and toks[j + 1].norm in THAT_WORDS:
            continue  # "أشار إلى أن": the opener is the next word
        if ILA in frames and t.word and t.norm in ("الي",) and j > i:
            return ILA, j, toks[j + 1].start if j + 1 < len(toks) else t.end
    # Prepositional frames: the complement after the speaker phrase.
    for j in range(i + 2, limit):
        t = toks[j]
        if t.text in (".", "؛", ";"):
            break
        if not t.word:
            continue
        if ALA_FRAME in frames and t.norm == "علي":
            return ALA_FRAME, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if AN in frames and t.norm == "عن" and cue.lemma in ("كشف", "أعلن", "اعلان"):
            return AN, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if MIN in frames and t.norm == "من" and cue.lemma == "حذر":
            return MIN, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if (BI in frames or OBJ in frames) and (t.norm == "ب" or t.norm.startswith("ب") and len(t.norm) > 3
                                                and t.norm not in _NOT_BI and j > i + 2):
            return BI, j, t.start
    return None


def _content(text: str, toks: list[_Tok], frame: str, at: int, e: int,
             marks: list[tuple[int, int, int, int]]) -> tuple[int, int, str, bool]:
    """(start, end, kind, strict) of the reported content starting at `at`."""
    end = e
    # A trailing source ("، وفق ..." / "، بحسب ...") is not part of the content.
    q = _mark_at(marks, at) if at < len(text) and text[at] in _OPEN_MARKS else None
    if q is None:
        k = at
        while k < e and text[k].isspace():
            k += 1
        q = _mark_at(marks, k) if k < e and text[k] in _OPEN_MARKS else None
    if q is not None:
        rest = text[q[3]:e].strip(_TRIM)
        if not rest or _only_tail(rest):
            start, stop = _trim(text, q[1], q[2])
            kind = "partial" if frame in (ILA, BI, ALA_FRAME, AN, MIN, OBJ, NP) else "direct"
            return start, stop, kind, True
    if frame == COLON:
        start, stop = _trim(text, at, end)
        return start, stop, "direct", False
    start, stop = _trim(text, at, end)
    return start, stop, "indirect", False


_TAIL_RE = re.compile(r"^(?:(?:يوم|مساء|صباح)\s+)?\S{0,12}$")


def _only_tail(rest: str) -> bool:
    """Whether what follows a closing mark is only a short time tag ("يوم الأربعاء")."""
    return len(rest.split()) <= 2 and not any(c in rest for c in "«\"“")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _cut(text: str, owner: _Draft, toks: list[_Tok], i: int) -> None:
    """End an open report before the cue at toks[i] (and its joining "،" or "و")."""
    pos = toks[i].start
    owner.end = _trim(text, owner.start, pos)[1]
    # Keep a quoted tail whole: reopen to the closing mark if the cut fell inside it.
    if owner.end <= owner.start:
        owner.end = owner.start


def _content_ok(text: str, d: _Draft) -> bool:
    body = text[d.start:d.end]
    return d.end > d.start and sum(1 for c in body if c.isalpha()) >= 3


# --- helpers: speakers ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Mentions:
    starts: tuple[int, ...]
    items: tuple[tuple[int, int, str, str], ...]  # start, end, entity id, type
    names: dict[str, str]  # loose-normalised surface form -> entity id


def _mention_index(entities: tuple[Entity, ...]) -> _Mentions:
    items = sorted((m.start, m.end, ent.id, ent.type) for ent in entities for m in ent.mentions)
    names: dict[str, str] = {}
    for ent in entities:
        for form in (ent.name, *(m.text for m in ent.mentions)):
            names.setdefault(normalize(form, loose=True), ent.id)
    return _Mentions(tuple(s for s, *_ in items), tuple(items), names)


def _mentions_in(mx: _Mentions, s: int, e: int) -> list[tuple[int, int, str, str]]:
    k = bisect.bisect_left(mx.starts, s - 2)
    out = []
    while k < len(mx.items) and mx.items[k][0] < e:
        m = mx.items[k]
        if m[1] > s and m[0] < e:
            out.append(m)
        k += 1
    return out


def _segments(region: list[_Tok]) -> list[list[_Tok]]:
    segs: list[list[_Tok]] = [[]]
    for t in region:
        if t.text in ("،", ","):
            segs.append([])
        else:
            segs[-1].append(t)
    return [sg for sg in segs if sg]


def _head(seg: list[_Tok], keep_lam: bool = True) -> list[_Tok]:
    """The speaker phrase at the start of a segment, cut before adverbials."""
    out: list[_Tok] = []
    for k, t in enumerate(seg):
        if not t.word:
            if t.text in _ALL_MARKS or t.text in ("(", ")", "-", "/"):
                continue
            break
        n = t.norm
        if k > 0 and (n in _STOP_WORDS or t.core in _STOP_WORDS or n.startswith("لل") and len(n) > 4
                      or n.startswith("بال") or n == "ب" or n.startswith("ل") and n.endswith(("ه", "ها", "هم"))
                      and len(n) > 4 or t.core in STATEMENT_NOUNS and k > 0 and out and n != "بيان"):
            break
        if k == 0 and (n in _STOP_WORDS and n not in _WEEKDAYS or n in _WEEKDAYS):
            return []
        out.append(t)
        if len(out) >= 9:
            break
    return out


def _span_of(text: str, toks: list[_Tok], strip_lam: bool) -> tuple[int, int]:
    s, e = toks[0].start, toks[-1].end
    first = toks[0].norm
    if strip_lam and first.startswith("لل") and len(first) > 4:
        s += 1  # "للمرصد" (li-l-marṣad): the speaker is "المرصد"
    elif strip_lam and first.startswith("ل") and len(first) > 4 and not first.startswith("لا"):
        s += 1
    return _trim(text, s, e)


def _speaker_from(text: str, region: list[_Tok], mentions: _Mentions, state: _State,
                  keep_lam: bool = True) -> SpeakerRef | None:
    """The speaker named in `region` (the words between cue and complement)."""
    segs = _segments(region)
    if not segs:
        return None
    heads = [_head(sg) for sg in segs]
    first = heads[0]
    if not first:
        return None
    chosen = first
    described: list[_Tok] | None = None
    if len(heads) > 1 and heads[1] and _is_description(first) and not _is_description(heads[1]):
        chosen, described = heads[1], first
    s, e = _span_of(text, chosen, strip_lam=not keep_lam)
    if e <= s:
        return None
    ref = _link(text, s, e, mentions, state)
    if described is not None:
        ds, de = _span_of(text, described, False)
        state.aliases[normalize(text[ds:de], loose=True)] = ref
    return ref


def _is_description(seg: list[_Tok]) -> bool:
    """A title or common-noun phrase (not a proper name) such as "الرئيس الأميركي"."""
    w = seg[0].norm.lstrip("#")
    return w in _TITLES or w.startswith("ال") and w not in ("الخاطر",) and len(seg) <= 8


def _link(text: str, s: int, e: int, mentions: _Mentions, state: _State) -> SpeakerRef:
    """SpeakerRef for text[s:e], with its entity when a mention names it."""
    hits = _mentions_in(mentions, s, e)
    key = normalize(text[s:e], loose=True)
    per = [m for m in hits if m[3] == "PER" and m[1] >= e - 1 and m[0] >= s]
    if per:
        m = per[-1]
        # "المتحدث باسم X": X is not the speaker; only a name that ends the phrase is.
        before = normalize(text[s:m[0]]).split()
        if not before or before[-1] not in ("باسم", "عن"):
            ms, me = max(m[0], s), min(m[1], e)
            return SpeakerRef(m[2], ms, me, text[ms:me])
    head = [m for m in hits if m[0] <= s + 2 and m[1] > s]
    if head:
        return SpeakerRef(head[0][2], s, e, text[s:e])
    if key in state.aliases:
        return SpeakerRef(state.aliases[key].entity, s, e, text[s:e])
    ent = mentions.names.get(key)
    if ent is None and key.startswith("ال"):
        ent = mentions.names.get(key[2:])
    return SpeakerRef(ent, s, e, text[s:e])


def _sentence_speaker(out: list[_Draft], state: _State) -> SpeakerRef | None:
    for d in reversed(out):
        if d.speaker is not None:
            return d.speaker
    return None


def _left_subject(text: str, toks: list[_Tok], i: int, mentions: _Mentions, state: _State,
                  out: list[_Draft]) -> SpeakerRef | None:
    """Subject–verb order: "لكن ترامب قال إنه" (lākinna Trāmb qāla ʾinnahu)."""
    if out:
        return _sentence_speaker(out, state)
    k = i - 1
    if k < 0:
        return None
    left = toks[:i]
    # A relative clause: the antecedent precedes "الذي/التي".
    if left and left[-1].norm in _RELATIVES:
        j = len(left) - 1
        words: list[_Tok] = []
        while j > 0 and len(words) < 5:
            t = left[j - 1]
            if not t.word or t.core in _RELATIVES or t.norm in _STOP_WORDS:
                break
            words.insert(0, t)
            j -= 1
        if words:
            s, e = _span_of(text, words, False)
            return _link(text, s, e, mentions, state)
        return None
    # Strip leading particles ("وكانت"، "لكن") and take the first phrase.
    j = 0
    while j < len(left) and (left[j].norm in _LEAD or left[j].core in _LEAD or not left[j].word
                             and left[j].text not in _ALL_MARKS):
        j += 1
    rest = left[j:]
    if not rest or len(rest) > 14 or any(t.text in (":",) for t in rest):
        return None
    if rest[0].core in _STOP_WORDS or rest[0].norm in _STOP_WORDS:
        return None
    return _speaker_from(text, rest, mentions, state)


def _addressee(text: str, toks: list[_Tok], a: int, b: int, mentions: _Mentions) -> Ref | None:
    """"للصحفيين" (li-l-ṣaḥafiyyīn, to journalists), "في رسالة للتحالف", "مخاطبا X"."""
    for k in range(a, min(b, len(toks))):
        t = toks[k]
        if not t.word:
            continue
        start = None
        if t.norm.startswith("لل") and len(t.norm) > 4:
            start = t.start + 1
        elif t.norm in _ADDRESS_VERBS and k + 1 < b:
            nxt = k + 1
            if toks[nxt].core in ("حديثه", "حديثها", "كلامه", "كلامها", "رسالته", "رسالتها") and nxt + 1 < b:
                nxt += 2 if toks[nxt + 1].norm in ("الي", "ل") else 1
            start = toks[nxt].start if nxt < b else None
        elif t.norm in ("مع", "امام") and k > a and (toks[k - 1].core in STATEMENT_NOUNS or toks[k - 1].norm in (
                "هاتفية", "لها", "له")):
            start = toks[k + 1].start if k + 1 < b else None
        if start is None:
            continue
        stop = k + 1
        while stop < b and toks[stop].word and toks[stop].norm.startswith("ال") and toks[stop].norm not in _STOP_WORDS:
            stop += 1
        end = toks[stop - 1].end if stop - 1 > k else t.end
        if t.norm in _ADDRESS_VERBS:
            end = toks[min(stop, b) - 1].end
        s, e = _trim(text, start, end)
        if e <= s:
            continue
        hits = _mentions_in(mentions, s, e)
        return Ref(hits[0][2] if hits else None, text[s:e])
    return None
