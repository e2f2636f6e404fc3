"""Events stage: PLOVER events with actors, targets, places, dates and evidence.

For each sentence the trigger lexicon (`marsad.stages.event_lexicon`) finds the words that
express an event ("قصفت" qaṣafat, shelled; "دعا إلى" daʿā ilā, called for; "اعتقال"
iʿtiqāl, arrest). Around each trigger the clause is read for its participants among the
entity mentions of the sentence:

- verbs: the subject is the entity right after the verb (Arabic verb-subject-object order:
  "قصفت القوات التركية عفرين" qaṣafat al-quwwāt at-turkiyya ʿafrīn) or, failing that, the
  nearest one before it ("الجيش اعتقل ..."); the object is the next bare entity or one
  after ضد/على/مع/إلى/لـ; passives ("اغتيل" ughtīla, was assassinated) take their subject
  as target; relative clauses ("قوات سوريا الديمقراطية التي تدعمها الولايات المتحدة",
  the SDF, which the United States supports) give the head noun the role of the suffix;
- verbal nouns: the genitive that follows fills the role the lexicon says ("اغتيال الحريري"
  -> target, "هجوم داعش" -> actor), لـ/ضد/على/من قبل phrases fill the others, and a
  light verb before the noun ("شنت ... هجوما" shannat hujūman, launched an attack)
  contributes its subject;
- speech acts take their speaker from the quotes layer when the trigger is a quote's cue
  or sits inside a quote, and absorb the events of their complement ("دعا إلى شن هجمات",
  called for attacks: one REQUEST whose context names the means, not an ASSAULT).

Places come from the places layer (mentions in the sentence, locative ones first), dates
from the times layer, each with `EventDate.reason`: "time" (a date in the sentence),
"statement" (for speech, the date the statements were made), "context" (the day the story
is telling, from the sentences just before) or "published" (the publication date). Status is read from negation,
conditional and future markers before the trigger. Repeated reports of one event
(headline, lead and body) merge into one, whose confidence grows with its evidence: a
relative clause on an attack noun ("القصف الذي يستهدف المدينة"), a death toll told with
the attack ("قتل 14 شخصا بتفجير سيارة مفخخة") and deaths it caused ("أدى إلى مقتل") are
that attack; attacks by one side that name no victim and are told apart in the body are
separate attacks. A merged event is anchored at its first mention.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from marsad.arabic.normalize import normalize
from marsad.arabic.segment import sentences as split_sentences
from marsad.document import Document, Entity, Event, EventDate, Place, Quote, Ref, Span, Time
from marsad.document.model import TOKENS_VIEW
from marsad.stages.cues import MEDIA_HEADS
from marsad.stages.event_lexicon import (
    LIGHT_VERBS,
    SPEECH_TYPES,
    Frame,
    Sense,
    TriggerLexicon,
    TriggerMatch,
    Word,
    candidate_stems,
    words,
)

log = logging.getLogger(__name__)

# Words that end a clause for role search (strong boundaries: a new predication starts).
_STRONG_BOUNDARY = frozenset({
    "؛", ";", ".", "فيما", "وفيما", "بينما", "وبينما", "حيث", "وحيث", "لكن", "ولكن", "لكنه",
    "لكنها", "بعد", "وبعد", "عقب", "اثر", "رغم", "ورغم", "بسبب", "قبل", "وقبل", "كما",
    "وذلك", "ليتم", "اذ", "وسط",
})
_RELATIVE = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})
_CLAUSE_OPENERS = frozenset({
    "كما", "ثم", "قد", "وقد", "فقد", "لقد", "كذلك", "ايضا", "حين", "عندما", "وعندما", "بعدما",
    "بعد", "ان", "انه", "انها", "انهم", "اذ",
})
_TARGET_PREPS = frozenset({"ضد", "علي", "بحق", "تجاه", "نحو", "باتجاه", "لصالح", "مع", "الي"})
# Normalised ("على يد", ʿalā yad, is written علي يد), so a pair of words is tested as is.
_AGENT_PREPS = ("من قبل", "علي يد", "بيد")
# "قتل ... بنيران الجيش" (killed by the army's fire): the name after the means acts.
_AGENT_MEANS = frozenset({"بنيران", "برصاص", "بنار", "بقذائف", "بصواريخ", "بغارات", "بغارة"})
_LOCATIVE = frozenset({
    "في", "قرب", "داخل", "شرقي", "غربي", "شمالي", "جنوبي", "شرق", "غرب", "شمال", "جنوب",
    "وسط", "بمدينة", "ببلدة", "بقرية", "بمحافظة", "بمنطقة", "بريف", "عند", "حول", "بالقرب",
    "ضواحي", "اطراف", "خارج", "عبر", "من", "الى",
})
_PLACE_WORDS = frozenset({
    "مدينة", "المدينة", "بلدة", "قرية", "محافظة", "منطقة", "ناحية", "حي", "مخيم", "ريف",
    "العاصمة", "جزيرة", "ولاية", "اقليم", "مطار", "ميناء",
})
# Group nouns between a preposition and a name ("ضد مسلحي داعش", against ISIS fighters).
_HEAD_WORDS = frozenset({
    "مسلحي", "مسلحو", "عناصر", "مقاتلي", "مقاتلو", "قوات", "ميليشيات", "مليشيات", "ميليشيا",
    "مليشيا", "جماعة", "تنظيم", "حركة", "قادة", "زعيم", "انصار", "مواقع", "مقرات", "معاقل",
    "جنود", "عناصرها", "فصائل", "مسلحين", "مقاتلين", "حكومة", "نظام", "طائرات", "طائرة",
    "مروحية", "مروحيات", "مقاتلات", "سفن", "دبابات", "مدفعية",
})
_SYMMETRIC = frozenset({"CONSULT"})
_FROM_AGENT = frozenset({"AID", "SUPPORT", "THREATEN", "REQUEST", "ACCUSE", "REJECT"})
_NEGATION = frozenset({"لم", "لن", "لا", "ليس", "ليست", "عدم", "دون", "بدون", "ولم", "ولن",
                       "ولا", "فلم", "فلن", "وليس", "غير"})
_FUTURE = frozenset({"سوف", "وسوف", "يعتزم", "تعتزم", "ينوي", "تنوي", "يعتزمون", "ستقوم",
                     "سيقوم", "سيتم", "يخطط", "تخطط", "بصدد", "ستعمل", "سيعمل", "مستعد",
                     "مستعدة", "ستبدأ", "سيبدأ"})
# In the clause before a trigger: "إذا" / "لو" (if), "في حال" (in case).
_CONDITIONAL = frozenset({"اذا", "واذا", "لو", "ولو", "حال"})
_HYPO_AFTER = frozenset({"محتمل", "محتملة", "المحتمل", "المحتملة", "مزعوم", "المزعوم"})
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Content types of a request -> PLOVER's REQUEST mode (what is asked).
_REQUEST_MODE = {
    "RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AGREE": "meet",
    "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
}
# A speech act whose complement is violent threatens or demands violence.
_VIOLENT = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
_ABSORBING = frozenset({"THREATEN", "REQUEST", "REJECT", "ACCUSE", "AGREE"})
# Words that introduce what a speech act states ("دعا إلى شن", called for launching;
# "هدد بـ", threatened with; "اتهم ... بأنه", accused of).
_CONTENT_INTRO = frozenset({"الي", "ان", "بان", "علي", "ب", "بعدم", "عدم", "لعدم"})
# What may stand between a name and its alias in brackets or quotes.
_ALIAS_OPENERS = frozenset({"(", "[", '"', "«", "“", "- (", "،", "، (", ', "'})
_ACTOR_SECTOR_CONTEXT = {
    # Insurgents fighting is armed conflict; only groups the knowledge base files as
    # terrorist make it terrorism.
    "terrorist": "terrorism", "rebel/insurgent": "military", "militia": "military",
    "military": "military", "police": "legal", "judiciary": "legal",
}


@dataclass(frozen=True, slots=True)
class _Unit:
    """An entity mention in a sentence, with the tokens it covers and what governs it."""

    first: int
    last: int
    start: int
    end: int
    entity: str | None
    text: str
    prep: str  # governing preposition (normalised), "" when bare
    place: Place | None
    etype: str = ""
    source: bool = False  # named as the source of a report ("قال المرصد", the Observatory said)

    @property
    def site(self) -> bool:
        """A mention that cannot be a party: a place that cannot act (a town, a region, a
        building, unlike a country) or a MISC name (an operation such as "سيناء 2018" (sīnāʾ 2018),
        a venue's brand, a law), which PLOVER never codes as actor or target."""
        if self.etype in ("LOC", "FAC", "MISC"):
            return True
        return self.place is not None and self.place.kind != "country"


@dataclass(slots=True)
class _Draft:
    """An event being built (mutable while the document is analysed)."""

    sense: Sense
    trigger: Span
    sentence: int
    actor: list[Ref] = field(default_factory=list)
    target: list[Ref] = field(default_factory=list)
    place: Ref | None = None
    date: EventDate | None = None
    quote: str | None = None
    status: str = "asserted"
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    evidence: int = 1
    absorbed: bool = False
    complement_end: int = -1
    consequence: bool = False  # deaths an earlier event caused ("أدى إلى مقتل", led to the death of)
    toll: bool = False  # a count of the dead ("قتل 14 شخصا", 14 people were killed)
    # Deaths "in the attack" ("في الهجوم"), an attack told earlier: that noun, else "".
    told_before: str = ""
    # A means in a list after "مع" ("مع قوات برية وضربات جوية", with ground forces and air
    # strikes): how an attack told just before is waged.
    means: bool = False
    # The name the sentence gives before a trigger whose clause names nobody: its actor if
    # the event stays on its own after merging (see `_fallback_participant`).
    fallback: list[Ref] = field(default_factory=list)
    fallback_target: bool = False
    fallback_near: bool = False  # that name is at most four words before the trigger
    named: bool = False  # part of a name ("التحالف العربي لدعم الشرعية"): never an event


class EventStage:
    """PLOVER event coding from Arabic triggers (see module docstring).

    Args:
        lexicon: the compiled trigger lexicon (default: the built-in one).
    """

    name = "events"
    requires = frozenset({"sentences", "entities", "quotes", "times", "places"})
    provides = frozenset({"events"})

    def __init__(self, lexicon: TriggerLexicon | None = None) -> None:
        self.lexicon = lexicon or TriggerLexicon.default()

    # -- entry point --------------------------------------------------------------------

    def __call__(self, doc: Document) -> Document:
        return doc.with_layers(events=tuple(self.extract(doc)))

    def extract(self, doc: Document) -> list[Event]:
        text = doc.text
        sents = [(s.start, s.end) for s in doc.sentences] or split_sentences(text)
        tokens = _words_of(doc)
        tok_starts = [t.start for t in tokens]
        ctx = _DocContext.build(doc)
        drafts: list[_Draft] = []
        last_actor: list[Ref] = []  # the subject carried into a clause that drops it
        for si, (ss, se) in enumerate(sents):
            lo = bisect.bisect_left(tok_starts, ss)
            hi = bisect.bisect_left(tok_starts, se)
            stoks = tokens[lo:hi]
            if stoks:
                drafts.extend(self._sentence(doc, ctx, si, ss, se, stoks, last_actor))
        for d in drafts:
            # An ambiguous trigger counts with a participant: the name just before it
            # is one ("أعلن الجيش المصري القضاء على 13 مسلحا").
            if d.sense.weak and not d.actor and not d.target and d.fallback_near:
                if d.fallback_target:
                    d.target = d.fallback
                else:
                    d.actor = d.fallback
        sports = _sports_report(tokens)
        if sports:
            # A match report's "هجوم" (attack), "ضربة" (strike) and "سيطرة" (control) are
            # football: an act of force there needs a word of violence in its sentence.
            drafts = [d for d in drafts if d.sense.type not in ("ASSAULT", "COERCE")
                      or _violent_sentence(tokens, tok_starts, sents[d.sentence])]
        # "لقاء الإياب" (the return leg), "قمة الدوري" (the league's top match), "يلتقي
        # الأهلي مع الزمالك": a match, not a meeting.
        drafts = [d for d in drafts if not (
            d.sense.type == "CONSULT" and _match_word(d.trigger.text) and (
                sports or any(ctx.sector(r.entity) == "sports" for r in (*d.actor, *d.target))
                or _sporting_sentence(tokens, tok_starts, sents[d.sentence])))]
        # Referring accusations go before merging: a new accusation folded into one
        # would go with it.
        events = _merge(_drop_referred_accusations(_fold_consequences(_fold_coordinated(drafts))),
                        {e.id: e.type for e in doc.entities}, ctx.entity_place)
        for d in events:
            if not d.actor and not d.target:
                if d.fallback_target:
                    d.target = d.fallback
                else:
                    d.actor = d.fallback
        log.debug("%s: %d triggers, %d events", doc.article.id, len(drafts), len(events))
        return [self._finish(doc, ctx, d, i + 1) for i, d in enumerate(events)]

    # -- one sentence ---------------------------------------------------------------------

    def _sentence(
        self, doc: Document, ctx: _DocContext, si: int, ss: int, se: int, toks: Sequence[Word],
        last_actor: list[Ref],
    ) -> list[_Draft]:
        matches = [_conviction(toks, m) for m in self.lexicon.find(toks)
                   if not ctx.inside_entity(m.start, m.end) and _needs_met(toks, m)
                   and not _danger(toks, m) and not _figurative_blow(toks, m)
                   and not _searching(toks, m)] if not _question(toks) else []
        if not matches:
            last_actor.clear()
            return []
        matches = _without_subject_nouns(toks, matches)
        units = ctx.units(doc.text, toks, ss, se)
        out: list[_Draft] = []
        carried = list(last_actor)
        said_here = False  # `carried` names a subject of this sentence
        for m in matches:
            host = _relative_head(toks, m, out, matches)
            d = self._draft(doc, ctx, si, toks, units, m, event_head=host is not None)
            # Arabic drops a repeated subject: "التقى X مع ترامب ... وحثه على ..." (met
            # Trump ... and urged him): a verb joined by و/ف without its own subject
            # continues the previous one.
            # A definite verbal noun ("والقضاء على", and the eradication of) is no verb.
            joined = (d.sense.frame == "verb" and "ال" not in m.prefix and m.prefix[:1] in ("و", "ف")
                      and not m.form.startswith("ال"))
            if joined and carried and (not d.actor or (said_here and _only_before(d.actor, units, m))):
                # A name before the joined verb closes the clause before it ("أدان X
                # مبعوث سوريا لدى الأمم المتحدة استخدام ... ورفض", X, envoy to the UN,
                # condemned ... and rejected): the subject goes on.
                d.actor = [r for r in carried if not any(_same(r, t) for t in d.target)]
            elif (_possessive(toks, m) and not (d.actor if m.sense.gen == "actor" else d.target)
                    and d.sense.frame != "verb"):
                # "رفضه دعم المقاطعة" (his refusal to back the boycott): the pronoun is
                # the last one named acting, or the nearest name before.
                # Not the subject of a verb judging it ("ووصف الرئيس ... مقتلها", the
                # president described her killing: hers is not his).
                before = [u for u in units if u.last < m.first and not u.site and not u.source
                          and not _is_locative(u)]
                judging = [u for u in before if _judging_subject(toks, u, m)]
                ref = [r for r in carried if not any(_same(r, _ref(u)) for u in judging)] or (
                    [_ref(u) for u in before][-1:] if before and before[-1] not in judging else [])
                if m.sense.gen == "actor":
                    d.actor = [r for r in ref if not any(_same(r, t) for t in d.target)]
                else:
                    d.target = [r for r in ref if not any(_same(r, a) for a in d.actor)]
            elif (d.sense.type in _VIOLENT and not d.target and m.sense.gen == "target"
                  and _owned_personnel(toks, m)):
                # "أعلن الجيش التركي مقتل أحد جنوده" (the Turkish army announced the death
                # of one of its soldiers): the owner of "جنوده" is who was hit.
                owner = [u for u in units if u.last < m.first and u.prep == "" and not u.site
                         and not _is_locative(u)][-1:]
                d.target = [_ref(u) for u in owner] or list(carried)
                d.actor = [r for r in d.actor if not any(_same(r, t) for t in d.target)]
            elif m.first != m.last and not d.target and _object_pronoun(toks, m):
                # "ثم أطلق سراحه" (then released him): the pronoun is whoever was named
                # last before.
                d.target = [_ref(u) for u in units if u.last < m.first and not u.site
                            and not u.source and not any(_same(_ref(u), a) for a in d.actor)][-1:]
            elif (not d.target and d.sense.type in _VIOLENT
                  and m.first > 0 and toks[m.first - 1].norm in _PRONOUN_SUBJECT):
                # "لكنه اعتقل لاحقا" (but he was arrested later): the pronoun is the one
                # named last before, who underwent it; a name before the particle belongs
                # to the clause before, so it is no actor of this one.
                d.target = [_ref(u) for u in units if u.last < m.first and not u.site
                            and not u.source][-1:] or list(carried)
                d.actor = []
            elif _circumstantial(toks, m) and d.quote is None:
                # "..., متوعدا بـ" (mutawaʿʿidan, vowing): the participle's subject is the
                # sentence's speaker, not the name before it.
                spk = ctx.speaker_before(m.start, ss)
                subj = [spk] if spk is not None else carried
                if subj:
                    d.actor = list(subj)
                    d.target = [r for r in d.target if not any(_same(r, a) for a in subj)]
            if d.sense.type in ("AID", "SUPPORT") and not d.target and _received(toks, m):
                # "وتحظى المعارك بدعم جوي من التحالف" (the fighting enjoys air support from
                # the coalition): the receiver is the subject, or those doing what it names.
                start = _left_limit(toks, m.first)
                subj = [_ref(u) for u in units if start <= u.first and u.last < m.first
                        and u.prep == "" and not u.site and not u.source][-1:]
                clause_start = toks[start].start
                earlier = [o for o in out if o.actor]
                named = [o for o in earlier if o.trigger.start >= clause_start]
                rec = subj or (named[-1].actor if named else earlier[-1].actor if earlier else [])
                d.target = [r for r in rec if not any(_same(r, a) for a in d.actor)]
            if d.actor:
                carried = list(d.actor)
                said_here = True
            if host is not None:
                # "القصف التركي الذي يستهدف المدينة": one shelling, told by its noun and
                # then by the relative clause that describes it.
                _fold(host, d)
                d.absorbed = True
            out.append(d)
        # Speech acts absorb the events of their complement (what is threatened or asked).
        for d, m in zip(out, matches, strict=True):
            if d.sense.type not in _ABSORBING or d.absorbed:
                continue
            for d2, m2 in zip(out, matches, strict=True):
                if d2 is d or d2.absorbed or m2.start <= m.start:
                    continue
                # A purpose ("لتهديد حياة", to threaten lives) does not speak for the rest
                # of the reported words.
                purpose = m.prefix in ("ل", "ول", "فل") and not m.verbal
                # Nor past a new report ("وفقا لما نقله الكرملين الذي أضاف", as the Kremlin
                # reported, adding): what follows is someone's account, not these words.
                reported = any(t.norm in _REPORTING for t in toks[m.last + 1 : m2.first])
                in_quote = (d.quote is not None and not purpose and not reported
                            and ctx.quote_contains(d.quote, m2.start)) or (
                    d.sense.type in ("REQUEST", "THREATEN")
                    and ctx.quote_opened_in(m.end, toks[d.complement_end].end, m2.start))
                inside = in_quote or (
                    m2.first <= d.complement_end and _governed(toks, m, m2)
                ) or (d.sense.describes and m2.sense.evaluates and _judged(toks, m, m2))
                if not inside or (d2.sense.type in ("REQUEST", "THREATEN") and d2.quote != d.quote):
                    continue
                if d2.sense.evaluates and not d.sense.describes:
                    # "الاتهامات البريطانية استفزاز" (the British accusations are a
                    # provocation): the judgement is about the act, not part of it.
                    continue
                if not m2.verbal and _described_by_relative(toks, m2):
                    # "رفضه دعم المقاطعة التي تقودها الإمارات" (his refusal to back the
                    # boycott the UAE leads): a relative clause tells the event as a fact,
                    # whatever is said about it.
                    continue
                if d.sense.negates:
                    if d2.status == "asserted":
                        d2.status = "negated"  # "نفى أن يكون قصف ..." (denied shelling)
                    continue
                d2.absorbed = True
                _absorb(d, d2)
        # A suspicion describing a noun is no accusation, yet what is suspected stays
        # swallowed ("أشخاصا يشتبه في دعمهم للإرهاب": no support event either).
        kept = [d for d, m in zip(out, matches, strict=True)
                if not d.absorbed and not _descriptive(toks, m) and not _standing(toks, m)
                and not _office(toks, m) and not _withheld(toks, m)
                and not _no_attack(toks, m) and not _aim_only(toks, m, units)]
        for d, m in zip(out, matches, strict=True):
            if d.sense.type not in SPEECH_TYPES:
                d.actor = [r for r in d.actor if not _document_ref(r)]
                d.target = [r for r in d.target if not _document_ref(r)]
            if not d.target and not d.absorbed and d.sense.type in _AGAINST:
                desc = ctx.description_against(toks, m)
                if desc is not None and not any(_same(desc, a) for a in d.actor):
                    d.target = [desc]
        bare = [(d, m) for d, m in zip(out, matches, strict=True)
                if not d.absorbed and not d.actor and not d.target and not d.named]
        if bare:
            # Unnamed parties described by the text count here only: as the units of
            # role finding they would keep apart what merging should join. Named and
            # described parties alike: the nearest is the likelier referent.
            tiers = (sorted([*units, *_group_units(doc.text, toks, units)],
                            key=lambda u: (u.first, -u.end)),)
            for d, m in bare:
                _fallback_participant(ctx, d, m, toks, tiers, carried)
        # The same verb repeated with و in one sentence is one act told in parts ("يمنعون
        # وصول المساعدات ويمنعون السكان من المغادرة", they block aid and block residents
        # from leaving): one event.
        seen: dict[tuple[str, str], _Draft] = {}
        for d, m in zip(out, matches, strict=True):
            if d.absorbed or d not in kept:
                continue
            key = (d.sense.type, m.form)
            first = seen.get(key)
            if first is not None and m.verbal and m.prefix[:1] in ("و", "ف") and not d.target:
                _fold(first, d)
                kept.remove(d)
                continue
            seen.setdefault(key, d)
        # Who tells ("وفقا لبوابة ...", according to the portal) is never the dropped
        # subject of the next sentence.
        sources = [_ref(u) for u in units if u.source]
        last_actor[:] = [r for r in next((d.actor for d in reversed(kept) if d.actor), carried)
                         if not any(_same(r, x) for x in sources)]
        return kept

    def _draft(
        self,
        doc: Document,
        ctx: _DocContext,
        si: int,
        toks: Sequence[Word],
        units: list[_Unit],
        m: TriggerMatch,
        *,
        event_head: bool = False,
    ) -> _Draft:
        m = _resolve_frame(toks, m, units)
        sense = m.sense
        trig = doc.span(m.start, m.end)
        d = _Draft(sense, trig, si, mode=sense.mode, context=list(sense.context))
        near = toks[m.last + 1 : m.last + 3]
        if any(t.norm.startswith(("ارهاب", "الارهاب")) for t in near):
            d.context.append("terrorism")  # "هجوم إرهابي" (a terrorist attack)
        left_stop = _left_limit(toks, m.first)
        right_stop = _right_limit(toks, m.last, m)
        d.complement_end = _complement_end(toks, m) if sense.type in _ABSORBING else right_stop
        left = [u for u in units if left_stop <= u.first and u.last < m.first]
        right = [u for u in units if m.last < u.first <= right_stop]
        inq = ctx.quote_around(m.start, m.end)
        if inq is not None:
            # Inside reported words the participants are named inside them too ("قال
            # ليبرمان على تويتر إنه سيطلب ...": Twitter does not ask); else the speaker.
            left = [u for u in left if u.start >= inq.start]
            right = [u for u in right if u.end <= inq.end]
        actor, target = _roles(toks, m, left, right, units, event_head=event_head)
        if sense.type == "ASSAULT" and actor and not target and _survived(toks, m):
            actor, target = [], actor  # "نجا الوزير من محاولة اغتيال": he was its target
        if sense.type == "THREATEN" and ("ندم" in m.form or "دفع الثمن" in m.form or (
                m.first > 0 and toks[m.first - 1].norm in _DESERVE)):
            # "سوف يجعل بريطانيا تندم" (will make Britain regret), "ستدفع الثمن" (will pay
            # the price), "بريطانيا تستحق ردا صارما" (Britain deserves a harsh response):
            # who regrets, pays or deserves is the one threatened; the speaker threatens.
            actor, target = [], [*actor, *target]
        if (sense.frame in ("noun", "participle") or "ال" in m.prefix) and not _counted_victims(toks, m):
            # An adjective of nationality right after the noun is its actor (not after a
            # count of the killed: "قتل أربعة فلسطينيين", four Palestinians were killed).
            adj = ctx.adjective_actor(toks, m.last + 1)
            if adj is not None and sense.gen == "target" and m.last + 1 < len(toks) \
                    and adj.text == toks[m.last + 1].text and normalize(adj.text) in ctx.names_of(adj.entity):
                # "ضرب سوريا" (striking Syria): the name itself, a genitive, is no adjective.
                adj = None
            if adj is not None and (sense.mode == "expel" or toks[m.first].norm[len(m.prefix):].startswith(
                    _SUFFERING_NOUNS)):
                # "بطرد 23 دبلوماسيا روسيا" (expelling 23 Russian diplomats): the adjective
                # is of those expelled.
                # "مقتل فلسطيني" (the death of a Palestinian): whom it befell, no attacker.
                if not any(_same(adj, t) for t in target):
                    target = [adj, *target]
                actor = [a for a in actor if not _same(a, adj)]
            elif adj is not None and not any(_same(adj, a) for a in actor):
                if actor and not target and sense.type in ("ASSAULT", "COERCE"):
                    target = actor
                actor = [adj]
                target = [t for t in target if not _same(t, adj)]
        # Speech: the quotes layer knows who spoke.
        q = ctx.quote_for(m.start, m.end)
        if q is not None and q.speaker is not None and q.speaker.start <= m.start < q.speaker.end:
            # "مصادر مطلعة على التحقيقات" (sources familiar with the investigation): the
            # trigger describes the speaker; it is not what the speaker says.
            q = None
        if q is not None:
            d.quote = q.id
            if sense.type in SPEECH_TYPES or ctx.is_cue(q, m.start):
                spk = _speaker_ref(q)
                if spk is not None and ctx.is_cue(q, m.start):
                    if (actor and actor[0].entity != spk.entity and not target
                            and not _circumstantial(toks, m)):
                        # "طالب العشائر بمنع ..." (asked the tribes to prevent ...): with
                        # the speaker known, the name after the verb is the addressee.
                        target = actor
                    actor = [spk]
                elif (spk is not None and sense.type in _ABSORBING and not _source_cue(q)
                      and sense.mode != "investigate"):
                    # A threat or a demand in reported words is the speaker's; whom the
                    # words name as acting (the speaker's government) stays beside them.
                    # Not an investigation: who tells of it is not who runs it.
                    actor = [spk, *[a for a in actor if not _same(a, spk)]]
                elif spk is not None and not actor and not _source_cue(q):
                    # (A source only relays: "وحسب رويترز، رفضت المحكمة الاستئناف", according
                    # to Reuters, the court rejected the appeal; Reuters rejected nothing.)
                    actor = [spk]
                if q.addressee is not None and not target and not (
                        q.addressee.entity and ctx.sector(q.addressee.entity) == "media") and (
                        ctx.is_cue(q, m.start) or not _source_cue(q)):
                    # Whom the words were told to, unless a source only relays them
                    # ("وفق ما ذكرت الوكالة", as the agency reported): the agency is no target.
                    target = [Ref(q.addressee.entity, q.addressee.text)]
        if sense.evaluates:
            # A judgement is its speaker's; the party named in it is the one judged
            # ("قالت الخبيرة إن إجراءات الوزارة خطوة سليمة", the expert said the ministry's
            # measures are a sound step: the expert approves of the ministry).
            spk = (_speaker_ref(q) if q is not None else None) or ctx.speaker_before(m.start, toks[0].start)
            if spk is not None and spk.text in trig.text:
                spk = None  # "وتحدث مسؤولون عن ..." (officials spoke of): the speaker itself
            if spk is not None:
                named = [r for r in [*actor, *target] if not _same(r, spk)]
                # Names outside the reported words stand beside the speaker (a speaker
                # named by office and organisation: "ناطق باسم الفيلق").
                inside = [r for r in named if q is None or r.text in q.text]
                actor = [spk, *[r for r in named if r not in inside]]
                target = inside
            else:
                # Nobody says it: a description ("تحدث مسؤولون عن", officials spoke of),
                # not a judgement. A describing verb before it may still take it.
                actor, target = [], []
                d.named = True
        if not actor and sense.type not in SPEECH_TYPES and _impersonal(toks, m):
            # "ذكر الجيش أنه تم إلقاء القبض على ..." (the army said arrests were made): an
            # impersonal passive in an authority's report is the reporter's own action.
            src = _speaker_ref(inq) if inq is not None else None
            if src is None:
                src = next((_ref(u) for u in reversed(units) if u.source and u.last < m.first), None)
            if src is not None and (ctx.sector(src.entity) == "media" if src.entity else not any(
                    normalize(w) in _AUTHORITY_WORDS for w in src.text.split())):
                # Bare sources and the media only tell of it ("وقالت المصادر إنه تم
                # استهداف", the sources said ... was targeted); a government or security
                # source speaks for the authority that acts ("المصدر الحكومي").
                src = None
            if src is not None and not any(_same(src, t) for t in target):
                actor = [src]
        target = [r for r in target if not any(_same(r, a) for a in actor)]
        d.actor, d.target = actor, target
        d.status = _status(toks, m, left_stop)
        if sense.type == "REQUEST" and not m.verbal and any(
                t.norm in _ACCEPTING for t in toks[max(0, m.first - 2) : m.first]):
            # "سيقبل الدعوة" (will accept the invitation): the acceptance is the event.
            d.sense = replace(d.sense, type="AGREE")
        if sense.type == "COERCE" and m.first > 0 and toks[m.first - 1].norm in ("قيد", "رهن"):
            # "ووضع كروز قيد الاعتقال" (and Cruz was placed under arrest): the name
            # before is the one held.
            d.target = [*d.target, *[a for a in d.actor if not any(_same(a, t) for t in d.target)]]
            d.actor = []
        if sense.type == "AID" and not m.verbal and any(
                t.norm in _SEEKING for t in toks[max(0, m.first - 2) : m.first]):
            # "سعت إلى الحصول على تمويل من قطر" (sought to obtain funding from Qatar):
            # aid sought is a request to whom it is sought from.
            d.sense = replace(d.sense, type="REQUEST")
            d.mode = "aid"
            source = [u for u in right if u.prep == "من" and u.first <= m.last + 2 and not u.site]
            if source:
                d.target = [_ref(source[0])]
                d.actor = [r for r in d.actor if not _same(r, d.target[0])]
        left_org = next((u for u in right if u.prep == "من" and u.etype == "ORG"
                         and u.first <= m.last + 6), None) if sense.type == "RETREAT" else None
        if sense.mode == "withdraw" and left_org is not None:
            # "انسحبت الحركة من الهيئة" (the movement withdrew from the Committee): leaving
            # an organisation or alliance is a sanction on it, not a military withdrawal.
            d.sense = replace(d.sense, type="SANCTION", context=("diplomatic",))
            d.context = ["diplomatic"]
            quit_ref = _ref(left_org)
            d.actor = [r for r in d.actor if not _same(r, quit_ref)]
            d.target = [quit_ref, *[t for t in d.target if not _same(t, quit_ref)]]
        if sense.type == "SANCTION" and not m.verbal and any(
                t.norm in _KEPT for t in toks[m.last + 1 : m.last + 4]):
            # "العقوبات تظل قائمة" (the sanctions stay in force): refusing to lift them.
            d.sense = replace(d.sense, type="REJECT")
        if sense.type == "ASSAULT" and m.verbal and "هاجم" in m.form and _verbal_attack(
                toks, m, d.actor, d.target, ctx.types):
            # "وهاجم أردوغان نتنياهو واصفا إياه بأنه محتل" (Erdoğan attacked Netanyahu,
            # calling him an occupier): an attack in words is an accusation.
            d.sense = replace(d.sense, type="ACCUSE", context=())
            d.context = []
        if sense.type == "MOBILIZE" and (d.status == "negated" or any(
                t.norm in ("لن", "لا", "ولن", "ولا") for t in toks[max(0, m.first - 3) : m.first])):
            # "لن تكون هناك تجارب صاروخية" (there will be no missile tests): a concession.
            d.sense = replace(d.sense, type="CONCEDE")
            d.status = "asserted"
        if sense.type == "AGREE" and d.status == "negated" and sense.mode != "pledge":
            # "قرار بعدم قبول الاستسلام" (a decision not to accept surrender): a refusal.
            d.sense = replace(d.sense, type="REJECT")
            d.status = "asserted"
        envoy = _expelled_envoy(toks, m) if sense.type == "ASSAULT" and sense.weak and "طرد" in m.form else None
        if envoy is not None:
            # "طرد 23 دبلوماسيا" (expelling 23 diplomats), "وطردت الولايات المتحدة أكبر عدد
            # من الدبلوماسيين الروس": a diplomatic sanction, on the envoys' state.
            d.sense = replace(sense, type="SANCTION", mode="expel", context=("diplomatic",))
            d.mode, d.context = "expel", ["diplomatic"]
            adj = ctx.adjective_actor(toks, envoy + 1)
            if adj is not None and not d.target and not any(_same(adj, a) for a in d.actor):
                d.target = [adj]
        if m.prefix in ("ل", "لل") and _named_purpose(ctx, toks, m):
            # "التحالف العربي لدعم الشرعية" (the Arab Coalition to Support Legitimacy): the
            # purpose is part of the organisation's name, not an event.
            d.sense = replace(d.sense, weak=True)
            d.actor, d.target = [], []
            d.named = True
        elif m.prefix in ("ل", "ول", "فل") and not m.verbal and sense.frame != "verb" and _undergoing_before(toks, m):
            # "أعلن عن تعرض إحدى ناقلات النفط السعودية لهجوم" (announced that a Saudi tanker
            # came under attack): li- completes the verb of undergoing; the attack happened,
            # and who underwent it (the tanker's state, read as its actor) is its target.
            after = [t.norm for t in toks[m.last + 1 : m.last + 5]]
            agent_named = any(w in _CARRYING_OUT_IT for w in after) or any(
                (a, b) in (("من", "قبل"), ("علي", "يد")) for a, b in itertools.pairwise(after))
            if d.actor and not d.target and not agent_named:
                # (Not when the attacker is named after it: "لهجوم كيماوي نفذه النظام".)
                d.actor, d.target = [], d.actor
        elif m.prefix in ("ل", "ول", "فل") and not m.verbal and sense.frame != "verb":
            # li- + verbal noun is a purpose ("لبحث" li-baḥth, to discuss): intended, and
            # only worth an event when someone is named.
            d.status = "future" if d.status == "asserted" else d.status
            d.sense = replace(d.sense, weak=True)
        elif (sense.type in ("AGREE", "CONSULT", "COOPERATE") and not m.verbal
              and _aimed_at(toks, m)):
            # "سيلتقيان من أجل التوصل إلى اتفاق" (will meet in order to reach a deal): the
            # deal is the aim of the meeting, not an agreement made.
            d.absorbed = True
        d.place = _place(ctx, toks, m, right, units, actor + target)
        if d.place is None:
            site = next((u for u in right if u.site and u.place is not None), None)
            if site is not None and site.place is not None:
                d.place = Ref(site.place.entity or site.entity, site.text)
        d.date = ctx.date_for(doc.text, m.start, si, speech=q is not None or sense.type in SPEECH_TYPES)
        d.consequence = sense.type == "ASSAULT" and not d.actor and any(
            t.norm in _CAUSED for t in toks[max(0, m.first - 3) : m.first])
        d.toll = sense.type == "ASSAULT" and not d.actor and (
            _counts_dead(toks, m) or _dies_in_attack(toks, m))
        if sense.type == "ASSAULT" and not d.actor:
            d.told_before = _in_told_attack(toks, m)
        if sense.type == "ASSAULT" and not m.verbal and any(
                t.norm.lstrip("وف") in _PERCEIVING for t in toks[max(0, m.first - 5) : m.first]):
            # "سمعوا ما يبدو أنه إطلاق نار" (they heard what seemed to be gunfire): the
            # attack the story tells, as witnesses perceived it.
            d.told_before = "perceived"
        d.means = sense.type == "ASSAULT" and not m.verbal and "و" in m.prefix and any(
            t.norm == "مع" for t in toks[max(0, m.first - 4) : m.first])
        return d

    def _finish(self, doc: Document, ctx: _DocContext, d: _Draft, n: int) -> Event:
        context = list(dict.fromkeys(d.context))
        for r in d.actor:
            sector = ctx.sector(r.entity)
            extra = _ACTOR_SECTOR_CONTEXT.get(sector or "")
            if extra and d.sense.type in ("ASSAULT", "THREATEN", "REQUEST", "COERCE", "MOBILIZE"):
                context.append(extra)
        actor, target = ctx.with_states(d.actor), ctx.with_states(d.target)
        # One entity is not both sides of an event: two of its mentions ("القمة بينه وبين
        # ... #كيم_جونغ_أون", the title and the name of one man) were read as both.
        mine = {r.entity for r in actor if r.entity}
        target = [r for r in target if not (r.entity and r.entity in mine)]
        conf = d.sense.weight + (0.1 if d.actor else 0.0) + (0.1 if d.target else 0.0)
        conf += 0.05 * min(d.evidence - 1, 3) + (0.05 if d.quote else 0.0)
        return Event(
            id=f"v{n}", type=d.sense.type, trigger=d.trigger, mode=d.mode,
            context=tuple(dict.fromkeys(context)), actor=tuple(actor), target=tuple(target),
            place=d.place, date=d.date, quote=d.quote, status=d.status,
            confidence=round(min(conf, 0.97), 3),
        )


def _words_of(doc: Document) -> Sequence[Word]:
    """The words of the text, shared with the stages that tokenised it before.

    The entities stage leaves its tokens in the document's `TOKENS_VIEW`, keyed by its own
    vocabulary predicate. Only the clitic split depends on that predicate, and this stage
    reads offsets and normalised forms, which do not, so whichever tokenisation is cached
    serves; without one (the stage run on its own) the text is split here.
    """
    hit = doc._cache.get(TOKENS_VIEW)
    if hit is not None:
        shared: Sequence[Word] = hit[1]
        return shared
    return words(doc.text)


# --- document context ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    """Sorted positions of the quotes, cues, times and places of a document, so that each
    event looks up its neighbours by bisection instead of scanning every quote and time
    (which made very long articles quadratic)."""

    sorted_quotes: bool  # the quotes layer is in text order (the quotes stage writes it so)
    quote_starts: list[int]
    quote_max_end: list[int]  # running maximum of the quotes' ends, in text order
    quotes_by_id: dict[str, list[Quote]]
    cues: list[tuple[int, int, int]]  # (start, end, quote index), by start
    cue_starts: list[int]
    longest_cue: int
    time_starts: list[int]
    time_quotes: list[list[tuple[int, int]]]  # per time: the quotes whose words hold it
    place_starts: list[int]
    place_max_end: list[int]

    @classmethod
    def build(cls, quotes: list[Quote], times: list[Time],
              places: list[tuple[int, int, Place]]) -> _Index:
        starts = [q.start for q in quotes]
        max_end: list[int] = []
        for q in quotes:
            max_end.append(max(q.end, max_end[-1]) if max_end else q.end)
        by_id: dict[str, list[Quote]] = {}
        for q in quotes:
            by_id.setdefault(q.id, []).append(q)
        cues = sorted(((q.cue.start, q.cue.end, k) for k, q in enumerate(quotes) if q.cue is not None),
                      key=lambda c: c[0])
        spans = sorted((q.start, q.end) for q in quotes)
        span_starts = [a for a, _ in spans]
        time_quotes: list[list[tuple[int, int]]] = []
        for t in times:
            # Quotes starting by the time's position; each one checked (a long quote may
            # hold a time far after its start), once per time and not once per event.
            k = bisect.bisect_right(span_starts, t.start)
            time_quotes.append([(a, b) for a, b in spans[:k] if t.start < b])
        place_max: list[int] = []
        for _ps, pe, _p in places:
            place_max.append(max(pe, place_max[-1]) if place_max else pe)
        return cls(starts == sorted(starts), starts, max_end, by_id, cues, [c[0] for c in cues],
                   max((ce - cs for cs, ce, _ in cues), default=0), [t.start for t in times],
                   time_quotes, [p[0] for p in places], place_max)


@dataclass(frozen=True)
class _DocContext:
    """Per-document lookups over the other layers (built once per document)."""

    mentions: list[tuple[int, int, Entity]]
    mention_starts: list[int]
    place_by_span: dict[tuple[int, int], Place]
    place_spans: list[tuple[int, int, Place]]
    quotes: list[Quote]
    times: list[Time]
    published: str | None
    statement_date: EventDate | None
    sectors: dict[str, str | None]
    sent_bounds: list[tuple[int, int]]
    nisba: dict[str, Ref]
    entity_place: dict[str, Place]
    types: dict[str, str]
    index: _Index

    @classmethod
    def build(cls, doc: Document) -> _DocContext:
        mentions = sorted(
            ((m.start, m.end, e) for e in doc.entities for m in e.mentions), key=lambda x: x[0]
        )
        place_by_span: dict[tuple[int, int], Place] = {}
        spans = []
        for p in doc.places:
            for m in p.mentions:
                place_by_span[(m.start, m.end)] = p
                spans.append((m.start, m.end, p))
        spans.sort(key=lambda x: x[0])
        published = _published(doc.article.published)
        times = sorted((t for t in doc.times if t.value and t.type in ("DATE", "TIME")),
                       key=lambda t: t.start)
        sents = [(s.start, s.end) for s in doc.sentences] or split_sentences(doc.text)
        stmt = _statement_date(doc, times, sents, published)
        nisba: dict[str, Ref] = {}
        for e in doc.entities:
            if e.type not in ("GPE", "NORP"):
                continue
            for form in (e.name, *(m.text for m in e.mentions)):
                # The canonical name counts too: "أنقرة" (Ankara) is تركيا (Turkey).
                base = _name_base(normalize(form))
                if len(base) >= 3:
                    nisba.setdefault(base, Ref(e.id, form))
        for e in doc.entities:
            # Without the state named, a force named by its adjective stands for it
            # ("عملية عسكرية فرنسية", a French military operation, in a story naming "الجيش
            # الفرنسي", the French army).
            words = normalize(e.name).split()
            if e.type == "ORG" and len(words) >= 2:
                base = _adjective_base(words[-1])
                if len(base) >= 3:
                    nisba.setdefault(base, Ref(e.id, e.name))
        return cls(
            mentions, [m[0] for m in mentions], place_by_span, spans, list(doc.quotes), times,
            published, stmt, {e.id: e.sector for e in doc.entities}, sents, nisba,
            {p.entity: p for p in doc.places if p.entity}, {e.id: e.type for e in doc.entities},
            _Index.build(list(doc.quotes), times, spans),
        )

    def names_of(self, entity: str | None) -> frozenset[str]:
        """The normalised names an entity is written with in the article."""
        for _, _, e in self.mentions:
            if e.id == entity:
                return frozenset(normalize(x) for x in (e.name, *(m.text for m in e.mentions)))
        return frozenset()

    def adjective_actor(self, toks: Sequence[Word], after: int) -> Ref | None:
        """A nisba adjective right after a noun names its actor ("غارات تركية" ghārāt
        turkiyya, Turkish air strikes -> Turkey)."""
        for j in range(after, min(len(toks), after + 2)):
            if j > after and after > 0 and _definite(toks[after].norm) and not _definite(toks[after - 1].norm):
                # "اغتيال الجاسوس الروسي" (the assassination of the Russian spy): a
                # definite noun after an indefinite one is its genitive, and the adjective
                # after that describes the genitive.
                return None
            if self.within_name(toks[j].start, toks[j].end):
                return None  # "دعم الجيش السوري": the adjective belongs to the name
            if toks[j].norm in _COMPLEMENT_PREPS or toks[j].norm in _TARGET_PREPS or toks[j].norm == "عن" \
                    or not toks[j].is_word:
                # "غارة على سوريا" (a raid on Syria): an adjective follows its noun; the
                # name after a preposition is its complement (but "قصف من تركيا", shelling
                # from Turkey, names who shells).
                return None
            base = _adjective_base(toks[j].norm)
            if len(base) >= 3 and base in self.nisba:
                r = self.nisba[base]
                pl = self.entity_place.get(r.entity or "")
                if toks[j].norm == normalize(r.text) and pl is not None and pl.kind != "country":
                    # "تفجيرات بالي" (the Bali bombings): the name of where it happened,
                    # not an adjective of who did it.
                    return None
                return Ref(r.entity, toks[j].text)
        return None

    def with_states(self, refs: list[Ref]) -> list[Ref]:
        """`refs` and the states their descriptions name by a nisba adjective ("مصدر
        دبلوماسي تركي" maṣdar diblūmāsī turkī, a Turkish diplomatic source -> Turkey):
        an unnamed official stands for their state."""
        out = list(refs)
        for r in refs:
            if r.entity is not None and self.types.get(r.entity) in ("GPE", "NORP"):
                continue
            words = r.text.split()
            if len(words) < 2:
                continue
            base = _adjective_base(normalize(words[-1]))
            state = self.nisba.get(base) if len(base) >= 3 else None
            if state is not None and self.types.get(state.entity or "") == "GPE" and not any(
                    _same(state, x) for x in out):
                out.append(Ref(state.entity, words[-1]))
        return out

    def within_name(self, start: int, end: int) -> bool:
        """Whether `[start, end)` is a later word of a longer entity mention."""
        # The four mentions that start last before it.
        i = i_first = bisect.bisect_left(self.mention_starts, start) - 1
        while i >= 0 and i >= i_first - 3:
            s, e, _ = self.mentions[i]
            if s < start and end <= e:
                return True
            i -= 1
        return False

    def description_against(self, toks: Sequence[Word], m: TriggerMatch) -> Ref | None:
        """"ضد الجماعة" (ḍidd al-jamāʿa, against the group) in a trigger's clause: the
        organisation the article named last before it, the group it means."""
        stop = _right_limit(toks, m.last, m)
        for j in range(m.last + 1, min(stop, len(toks) - 2) + 1):
            prep = toks[j].norm
            prep = prep[1:] if prep[:1] == "و" and prep[1:] in _TARGET_PREPS else prep
            if prep not in ("ضد", "علي", "بحق"):
                continue
            head = toks[j + 1]
            if head.norm not in _DESCRIPTION_HEADS:
                return None
            # The group the article is about: the armed organisation named most often so
            # far, the latest of equals.
            counts: dict[str, tuple[int, int]] = {}
            for i in range(bisect.bisect_left(self.mention_starts, head.start)):
                _, _, ent = self.mentions[i]
                if ent.type == "ORG" and self.sectors.get(ent.id) in _ARMED_SECTORS:
                    counts[ent.id] = (counts.get(ent.id, (0, 0))[0] + 1, i)
            if not counts:
                return None
            return Ref(max(counts, key=lambda k: counts[k]), head.text)
        return None

    def sector(self, entity: str | None) -> str | None:
        return self.sectors.get(entity or "")

    def inside_entity(self, start: int, end: int) -> bool:
        """Whether a trigger lies within a name ("التحالف الدولي", the coalition)."""
        # The four mentions that start last at or before it.
        i = i_first = bisect.bisect_right(self.mention_starts, start) - 1
        while i >= 0 and i >= i_first - 3:
            s, e, _ = self.mentions[i]
            if s <= start and end <= e and (e - s) > (end - start):
                return True
            i -= 1
        return False

    def units(self, text: str, toks: Sequence[Word], ss: int, se: int) -> list[_Unit]:
        """Entity mentions (and unnamed places) of a sentence as token ranges."""
        lo = bisect.bisect_left(self.mention_starts, ss)
        starts = [t.start for t in toks]
        out: list[_Unit] = []
        seen: set[tuple[int, int]] = set()
        for s, e, ent in self.mentions[lo:]:
            if s >= se:
                break
            if (s, e) in seen:
                continue
            seen.add((s, e))
            first = max(0, bisect.bisect_right(starts, s) - 1)
            last = max(first, bisect.bisect_left(starts, e) - 1)
            out.append(_Unit(first, last, s, e, ent.id, text[s:e],
                             _governing_prep(text, toks, first, s),
                             self.place_by_span.get((s, e)) or self._place_at(s, e) or self.entity_place.get(ent.id),
                             ent.type, _is_source(toks, first, last)))
        out.sort(key=lambda u: (u.first, -u.end))
        # Nested mentions: keep the outermost. An alias in brackets right after its name
        # ("منظمة العفو الدولية (أمنستي) الجيش المصري", Amnesty International (Amnesty)
        # the Egyptian army) is the same party once, not the object that follows the name.
        kept: list[_Unit] = []
        for u in out:
            if kept and kept[-1].start <= u.start and u.end <= kept[-1].end:
                continue
            if (kept and u.entity and u.entity == kept[-1].entity
                    and text[kept[-1].end:u.start].strip() in _ALIAS_OPENERS):
                continue
            kept.append(u)
        for k, u in enumerate(kept):
            if u.prep == "of" and not any(
                    v.last in (u.first - 2, u.first - 3) for v in kept if v is not u):
                # Only after a named party is an ally no party of the event: "مروحية
                # الأباتشي التابعة للتحالف" (the coalition's Apache) is the coalition's.
                kept[k] = replace(u, prep=_governing_prep(text, toks, u.first, u.start, affiliation=False))
        return kept

    def _place_at(self, s: int, e: int) -> Place | None:
        """The first place mention (in text order) overlapping `[s, e)`."""
        ix = self.index
        i = bisect.bisect_right(ix.place_max_end, s)  # the first mention ending after s
        if i < len(self.place_spans) and self.place_spans[i][0] < e:
            return self.place_spans[i][2]
        return None

    def places_in(self, start: int, end: int) -> list[tuple[int, int, Place]]:
        ix = self.index
        lo = bisect.bisect_left(ix.place_starts, start)
        hi = bisect.bisect_left(ix.place_starts, end)
        return [x for x in self.place_spans[lo:hi] if x[1] <= end]

    def quote_for(self, start: int, end: int) -> Quote | None:
        """The quote whose cue is the trigger, or else the one that contains it."""
        if not self.index.sorted_quotes:
            return self._quote_for_scan(start, end)
        ix = self.index
        lo = bisect.bisect_left(ix.cue_starts, start - ix.longest_cue)
        hi = bisect.bisect_left(ix.cue_starts, end)
        hits = [k for cs, ce, k in ix.cues[lo:hi] if cs < end and start < ce]
        if hits:
            return self.quotes[min(hits)]
        return self.quote_around(start, end)

    def _quote_for_scan(self, start: int, end: int) -> Quote | None:
        for q in self.quotes:
            if q.cue is not None and q.cue.start < end and start < q.cue.end:
                return q
        for q in self.quotes:
            if q.start <= start and end <= q.end:
                return q
        return None

    def speaker_before(self, pos: int, sent_start: int) -> Ref | None:
        """The speaker of the last quote cued in this sentence before `pos`."""
        ix = self.index
        lo = bisect.bisect_left(ix.cue_starts, sent_start)
        hi = bisect.bisect_left(ix.cue_starts, pos)
        best: Quote | None = None
        best_start = -1
        # Cues in text order, ties in quote order: the first of the latest cues wins.
        for cs, _ce, k in sorted(ix.cues[lo:hi], key=lambda c: (c[0], c[2])):
            q = self.quotes[k]
            if q.speaker is not None and (best is None or cs > best_start):
                best, best_start = q, cs
        return _speaker_ref(best) if best is not None else None

    def quote_around(self, start: int, end: int) -> Quote | None:
        """The quote whose reported words contain `[start, end)`."""
        ix = self.index
        if not ix.sorted_quotes:
            return next((q for q in self.quotes if q.start <= start and end <= q.end), None)
        # Quotes are in text order: the first one starting by `start` and ending at or
        # after `end` is where the running maximum of their ends first reaches `end`.
        k = bisect.bisect_left(ix.quote_max_end, end)
        if k < len(self.quotes) and self.quotes[k].start <= start:
            return self.quotes[k]
        return None

    def quote_opened_in(self, start: int, end: int, pos: int) -> bool:
        """Whether `pos` lies in a quote that opens between `start` and `end` (the words of
        a speech act quoted after it: "دعا ... بالقول: "..."")."""
        ix = self.index
        if not ix.sorted_quotes:
            return any(start <= q.start <= end and q.start <= pos < q.end for q in self.quotes)
        lo = bisect.bisect_left(ix.quote_starts, start)
        hi = bisect.bisect_right(ix.quote_starts, end)
        return any(q.start <= pos < q.end for q in self.quotes[lo:hi])

    def is_cue(self, q: Quote, pos: int) -> bool:
        return q.cue is not None and q.cue.start <= pos < q.cue.end

    def quote_contains(self, qid: str, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.index.quotes_by_id.get(qid, ()))

    def date_for(self, text: str, pos: int, si: int, *, speech: bool) -> EventDate | None:
        ss, se = self.sent_bounds[si] if si < len(self.sent_bounds) else (0, len(text))
        ix = self.index
        best: Time | None = None
        lo = bisect.bisect_left(ix.time_starts, ss)
        hi = bisect.bisect_left(ix.time_starts, se)
        for i in range(lo, hi):
            t = self.times[i]
            # "اليوم" inside a speaker's words is the speaker's today, not the event's.
            if any(not qs <= pos < qe for qs, qe in ix.time_quotes[i]):
                continue
            # Arabic puts the time after the verb ("سيطرت القوات على القرية الأحد"): a
            # time after the trigger is preferred to one before it.
            if best is None or _time_distance(t, pos) < _time_distance(best, pos):
                best = t
        if best is not None:
            return EventDate(_fill_year(best.value, self.published), best.text, "time")
        if speech and self.statement_date is not None:
            return self.statement_date
        narrative = self._narrative_date(si)
        if narrative is not None:
            return narrative
        if self.published:
            return EventDate(self.published, "", "published")
        return None

    def _narrative_date(self, si: int) -> EventDate | None:
        """The day the story is telling: the last full date of the two sentences before,
        when it lies within a week before publication ("أمس الجمعة ..." then events told
        without a date of their own)."""
        if si == 0 or not self.published:
            return None
        lo = self.sent_bounds[max(0, si - 2)][0]
        hi = self.sent_bounds[si][0]
        ix = self.index
        first = bisect.bisect_left(ix.time_starts, lo)
        last = bisect.bisect_left(ix.time_starts, hi)
        for i in range(last - 1, first - 1, -1):
            t = self.times[i]
            if t.value and len(t.value) == 10 and not ix.time_quotes[i]:
                value = _fill_year(t.value, self.published) or ""
                if _days_before(value, self.published) in range(0, 8):
                    return EventDate(value, t.text, "context")
        return None


def _time_distance(t: Time, pos: int) -> int:
    return t.start - pos if t.start >= pos else 2 * (pos - t.start)


def _days_before(value: str, published: str) -> int:
    """Days from `value` to `published` (both ISO dates), or -1 when either is not a date."""
    try:
        return (date.fromisoformat(published[:10]) - date.fromisoformat(value[:10])).days
    except ValueError:
        return -1


def _name_base(n: str) -> str:
    """"تركيا" -> "ترك", "روسيا" -> "روس", "مصر" -> "مصر": the stem adjectives derive from."""
    n = n[2:] if n.startswith("ال") else n
    for suf in ("يا", "ا", "ي", "ة"):
        if n.endswith(suf) and len(n) - len(suf) >= 3:
            return n[: -len(suf)]
    return n


def _adjective_base(n: str) -> str:
    """"التركية" -> "ترك", "الروسي" -> "روس": the stem of a nisba adjective, or ""."""
    n = n[2:] if n.startswith("ال") else n
    for suf in ("يين", "يون", "ية", "يا", "ي"):
        if n.endswith(suf) and len(n) - len(suf) >= 3:
            return n[: -len(suf)]
    return ""


def _published(value: str | None) -> str | None:
    if not value:
        return None
    v = value[:10]
    return v if _DATE_RE.match(v) else None


_CALENDAR_RE = re.compile(r"[\dX]{4}(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?")


def _fill_year(value: str | None, published: str | None) -> str | None:
    """The calendar date of a time value, as an event date holds it (YYYY[-MM[-DD]]).

    TimeML values with an unknown year stay unknown unless the article's year is known;
    clock times keep their day, weeks their year, and decades or seasons give no date.
    """
    if value and value.startswith("XXXX") and published:
        value = published[:4] + value[4:]
    if not value:
        return value
    m = _CALENDAR_RE.match(value)
    if m is None:
        return None
    day = m.group()
    while day.endswith("-XX"):
        day = day[:-3]
    return None if day == "XXXX" else day


def _statement_date(
    doc: Document, times: list[Time], sents: list[tuple[int, int]], published: str | None
) -> EventDate | None:
    """The date reported statements were made: the first full date in a sentence that
    holds a quote's cue ("قال ... أمس الإثنين 18 آذار", said ... yesterday, Monday 18 March)."""
    cues = sorted(q.cue.start for q in doc.quotes if q.cue is not None)
    if not cues:
        return None
    for t in times:
        if not t.value or len(t.value) < 10:
            continue
        for ss, se in sents:
            if ss <= t.start < se:
                i = bisect.bisect_left(cues, ss)
                if i < len(cues) and cues[i] < se:
                    return EventDate(_fill_year(t.value, published), t.text, "statement")
                break
    return None


# --- clause reading -------------------------------------------------------------------------


def _is_punct(t: Word) -> bool:
    return not t.is_word


# A blow one receives, is or deals with a harsh adjective ("تلقت فيسبوك ضربة جديدة",
# Facebook took a new blow; "ضربة قاسية للاتفاق", a harsh blow to the deal), and the
# blows of sport ("ضربة جزاء", a penalty; "ضربة خلفية", a backhand).
_BLOW_FRAMES = frozenset(normalize(w) for w in (
    # (Not "شكل" or "مثل": also "form" and "like".)
    "تلقى", "تلقت", "يتلقى", "تتلقى", "تلقوا", "تشكل", "يشكل", "شكلت", "تمثل", "يمثل", "مثلت",
    "ستكون", "سيكون", "تعد", "يعد", "يعتبر", "تعتبر", "بمثابة"))
_BLOW_KINDS = frozenset(normalize(w) for w in (
    "قاسية", "موجعة", "مؤلمة", "قاصمة", "خلفية", "أمامية", "البداية", "جزاء", "الجزاء", "ركنية",
    "حرة", "الترجيح", "رأسية", "الحظ", "معنوية", "اقتصادية", "سياسية"))
_MILITARY_BLOW = frozenset(normalize(w) for w in (
    "عسكرية", "جوية", "صاروخية", "العسكرية", "الجوية", "الصاروخية", "نووية", "استباقية"))


def _searching(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether "بحث" (discussed) is "بحث عن" (searched for): "يبحث عن بديل" (looks for a
    replacement), "بحثا عن أدلة" (in search of evidence) is no meeting."""
    if m.sense.type != "CONSULT" or "بحث" not in m.form:
        return False
    for t in toks[m.last + 1 : m.last + 5]:
        # ("ويبحث الرئيس عن دعم", the president seeks support; not "بحث مع", discussed with)
        if t.norm == "عن":
            return True
        if t.norm in ("مع", "ومع") or not t.is_word:
            return False
    return False


def _figurative_blow(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a singular "ضربة" (ḍarba, strike or blow) is a figure or a kick."""
    stem = toks[m.first].norm[len(m.prefix):]
    if m.first != m.last or stem not in ("ضربة", "الضربة", "ضربه", "الضربه"):
        return False
    after = [t.norm for t in toks[m.last + 1 : m.last + 3]]
    if any(w in _MILITARY_BLOW for w in after):
        return False
    before = [t.norm for t in toks[max(0, m.first - 3) : m.first]]
    return any(w in _BLOW_FRAMES or (w[1:] in _BLOW_FRAMES and w[:1] == "و") for w in before) or any(
        w in _BLOW_KINDS for w in after)


def _needs_met(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a trigger that needs a companion word has one within two words."""
    if not m.sense.needs:
        return True
    # A preposition introduces the noun's complement, so it counts after the noun only
    # ("التحقيق في الهجوم", the inquiry into the attack; not "في تحقيق هدفها", in achieving
    # its aim).
    before = [t for t in toks[max(0, m.first - 2) : m.first] if t.norm not in _COMPLEMENT_PREPS]
    near = [*before, *toks[m.last + 1 : m.last + 3]]
    # With an object pronoun too ("التحقيقات التي يجريها", the investigation he runs).
    return any(t.norm in m.sense.needs or t.norm.removesuffix("ها") in m.sense.needs
               or t.norm.removesuffix("ه") in m.sense.needs for t in near)


# Days and parts of days after "فجر" (dawn): a time, not "فجّر" (detonated).
_DAY_WORDS = frozenset(normalize(w) for w in (
    "السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "اليوم",
    "أمس", "الأمس", "يوم", "الغد", "غد"))
# Words that open a new clause.
_CLAUSE_BREAKS = frozenset(normalize(w) for w in (
    "أن", "إن", "فإن", "وإن", "بأن", "لأن", "أنه", "إنه", "الذي", "التي", "الذين", "حيث", "كما"))
# Adjectives that make a war or battle a figure of speech.
_FIGURATIVE_AFTER = frozenset(normalize(w) for w in (
    "التجارية", "تجارية", "القانونية", "قانونية", "الانتخابية", "انتخابية", "الإعلامية", "إعلامية",
    "الكلامية", "كلامية", "الاقتصادية", "اقتصادية", "الدبلوماسية", "دبلوماسية", "السياسية",
    "سياسية", "النفسية", "نفسية", "الباردة", "القضائية", "قضائية"))
# Heads of place names: a trigger word right after one is the name ("حي التضامن").
_NAMED_PLACE_HEADS = frozenset(normalize(w) for w in (
    "حي", "شارع", "ساحة", "ميدان", "مخيم", "مسجد", "جامع", "مستشفى", "مدرسة", "جسر", "دوار",
    "بلدة", "قرية", "منطقة", "جبل", "وادي"))
_COPULAS = frozenset({"هو", "وهو", "هي", "وهي", "كان", "وكان", "كانت", "وكانت", "يعد", "ويعد"})
_SEEKING = frozenset(f"{c}{w}" for c in ("", "و", "ل") for w in (
    "الحصول", "طلب", "طلبت", "يطلب", "تطلب", "طالب", "طالبت", "يطالب", "تطالب", "التماس"))
_KEPT = frozenset(f"{c}{w}" for c in ("", "س") for w in (
    "تظل", "يظل", "تبقي", "يبقي", "باقية", "قائمة", "سارية", "مستمرة"))
_ACCEPTING = frozenset(f"{c}{w}" for c in ("", "و", "ف", "س", "وس") for w in (
    "قبل", "قبلت", "يقبل", "تقبل", "قبول", "وافق", "وافقت", "يوافق", "لبي", "لبت", "يلبي", "تلبية",
    "استجاب", "استجابت", "يستجيب"))
_REPORTING = frozenset({"اضاف", "واضاف", "اضافت", "واضافت", "وفقا", "وفق", "حسب", "بحسب",
                        "نقله", "نقلته", "ذكره", "ذكرته", "مضيفا", "مضيفة"})
_PREPOSITIONS = frozenset({"علي", "الي", "في", "امام", "وسط", "ضد", "من", "مع"})
_ENVOYS = ("دبلوماسي", "الدبلوماسي", "ديبلوماسي", "سفير", "السفير", "سفراء", "السفراء", "القنصل",
           "الملحق", "القائم", "مسؤولا", "مسؤولين", "موظفا", "موظفين", "موظفي")


def _expelled_envoy(toks: Sequence[Word], m: TriggerMatch) -> int | None:
    """The envoy word an expulsion takes as object in its clause ("طردت 29 دولة 145
    مسؤولا روسيا", ṭaradat 29 dawla 145 mas'ūlan rūsiyyan), or None."""
    if m.first > 0 and toks[m.first - 1].norm in _RELATIVE:
        # "الدبلوماسيون الأميركيون، الذين طردتهم روسيا": the antecedent was expelled.
        for k in range(m.first - 2, max(-1, m.first - 6), -1):
            if toks[k].norm.lstrip("و").startswith(_ENVOYS):
                return k
    for k in range(m.last + 1, min(len(toks), m.last + 14)):
        w = toks[k].norm
        if w in _CLAUSE_BREAKS or (not toks[k].is_word and not w.isdigit()):
            return None
        if w.lstrip("و").startswith(_ENVOYS):
            return k
    return None
_COMPLEMENT_PREPS = frozenset({"في", "مع", "بشان", "حول", "علي"})
# Particles carrying the subject as a pronoun right before a verb ("لكنه", lākinnahu, but he).
_PRONOUN_SUBJECT = frozenset(f"{c}{p}{s}" for c in ("", "و", "ف") for p in ("ان", "لكن", "لان")
                             for s in ("ه", "ها", "هم"))


# Words after a threat noun that make it a danger, not a threat made ("التهديد الأمني",
# the security threat; "جرس إنذار الحريق", the fire alarm).
_DANGER = frozenset({"امني", "الامني", "امنيا", "امنية", "الامنية", "الحريق", "حريق", "مبكر",
                     "المبكر", "الارهابي", "ارهابي", "الارهابية", "ارهابيا"})
# Nouns of facing or removing a danger.
_AVERTING = frozenset({"ازالة", "مواجهة", "التصدي", "مكافحة", "درء", "احتواء", "ابعاد", "تحييد",
                       "تقليص", "تجاوز"})
_COURT = frozenset({"محكمة", "المحكمة", "محكمه", "المحكمه", "القضاء", "القاضي", "قاض", "قاضي",
                    "هيئة", "المحلفين"})


_RETURNED = frozenset({"عاد", "عادوا", "عائد", "عائدين", "العائد", "العائدين", "العائدون",
                       "عائدون", "عودتهم", "عودة"})
_SAID = frozenset({"قال", "وقال", "قالت", "وقالت", "يقول", "ويقول", "تقول", "وتقول", "اضاف",
                   "واضاف", "اضافت", "واضافت"})


_INTERROGATIVES = frozenset(f"{c}{w}" for c in ("", "و", "ف") for w in (
    "ما", "ماذا", "من", "هل", "كيف", "لماذا", "متي", "اين", "كم", "لم"))


def _question(toks: Sequence[Word]) -> bool:
    """A sentence that is a question from its first word to its question mark ("ما هي
    الجماعات التي تقاتل في إدلب؟", which are the groups fighting in Idlib?; "هل أعلن آخرون
    ...؟", did others announce ...?): it asks, and tells no event. Not a statement that
    quotes a question ("تابع: "من هو ...؟"")."""
    words = [t for t in toks if t.is_word]
    if not words or words[0].norm not in _INTERROGATIVES:
        return False
    last = next((t for t in reversed(toks) if t.norm not in ('"', "»", "”", ")", ".")), None)
    return last is not None and last.norm in ("؟", "?")


def _described_by_relative(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether an event noun is the object of a relative clause of leading or carrying
    out ("المقاطعة التي تقودها الإمارات", al-muqāṭaʿa allatī taqūduhā, the boycott the UAE
    leads; "الهجمات التي تشنها القوات", the attacks the forces launch)."""
    k = m.last + 1
    while k < len(toks) and toks[k].is_word and toks[k].norm.startswith("ال") and k <= m.last + 2 \
            and toks[k].norm not in _RELATIVE:
        k += 1  # its adjectives: "الهجمات الجوية التي"
    return k + 1 < len(toks) and toks[k].norm in _RELATIVE and toks[k + 1].norm in _CARRYING_OUT_IT

# Verbs of leading or carrying out with the event as their object pronoun ("تقودها", leads
# it; "شنها", launched it; "ارتكبها", committed it; "فرضها", imposed it).
_CARRYING_OUT_IT = frozenset(
    f"{pre}{stem}{suf}"
    for stem, pres in (("قود", ("ت", "ي")), ("قاد", ("",)), ("شن", ("ت", "ي", "")), ("نفذ", ("ت", "ي", "")),
                       ("رتكب", ("ت", "ي")), ("ارتكب", ("",)), ("فرض", ("ت", "ي", "")))
    for pre in pres for suf in ("ها", "ه", "هما", "هم", "تها", "ته", "وها", "وه")
)


def _danger(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Trigger words that name no act: a threat noun naming a danger ("تهديدا أمنيا", a
    security threat), "تظاهر بأن" (pretended that), "صادر عن" (ṣādir ʿan, issued by), not
    "صادر" (confiscated), fighting that people came back from ("العائدين من القتال"), and
    a noun right after "قال" (its subject: "قال طالب", a student said, not "طالب",
    demanded)."""
    nxt = toks[m.last + 1].norm if m.last + 1 < len(toks) else ""
    if m.sense.type == "THREATEN" and nxt in _DANGER:
        return True
    if m.sense.type in ("THREATEN", "ACCUSE") and m.sense.frame == "noun" and not m.verbal:
        # "إزالة كل التهديدات" (removing all threats): dangers, not threats made;
        # "لمواجهة الانتقادات" (to face the criticism): criticism met, not made.
        j = m.first - 1
        if j > 0 and toks[j].norm in ("كل", "جميع"):
            j -= 1
        if j >= 0 and toks[j].norm.lstrip("وفل") in _AVERTING:
            return True
    if m.sense.type == "PROTEST" and nxt.startswith(("بان", "بانه", "بانها", "باني", "بانن")):
        return True  # "تظاهر بأنه ..." (taẓāhara bi-annahu, pretended that)
    prev = toks[m.first - 1].norm if m.first > 0 else ""
    if m.sense.type == "ASSAULT" and prev == "من" and m.first > 1 and toks[m.first - 2].norm in _RETURNED:
        return True  # "العائدين من القتال" (those back from the fighting): who they are
    if prev in _SAID and not m.prefix:
        return True  # "وقال طالب آخر" (another student said): the speaker, not "demanded"
    if m.sense.type == "ASSAULT" and nxt in _FIGURATIVE_AFTER:
        return True  # "الحرب التجارية" (the trade war), "معركة قانونية" (a legal battle)
    form = toks[m.first].norm.lstrip("و")
    if m.sense.type == "ASSAULT" and form == "فجر" and (nxt in _DAY_WORDS or nxt.lstrip("و") in _DAY_WORDS):
        return True  # "فجر السبت" (at dawn on Saturday), not "فجّر" (detonated)
    if m.sense.type == "CONSULT" and form in ("قمه", "قمة") and (
            nxt in ("جبل", "الجبل", "الهرم", "الترتيب", "الدوري", "المجد", "الجدول", "السعادة")
            or prev in ("اعلي", "أعلى")):
        return True  # "أعلى قمة جبل" (the highest mountain peak), "قمة الترتيب" (top of the table)
    if m.sense.type == "REQUEST" and form in ("طالب", "طالبا") and (
            prev.isdigit() or prev in _NUMBER_WORDS or nxt in ("وطالبة", "وطالبه", "جامعي", "الجامعي",
                                                            "جامعة", "بجامعة", "في", "بكلية")):
        return True  # "16000 طالب وطالبة" (16,000 students), "طالب في جامعة" (a student at)
    if prev.lstrip("و") in _NAMED_PLACE_HEADS and not m.prefix.lstrip("و"):
        return True  # "وحي التضامن" (the Tadamon district, "solidarity"): a place's name
    if m.sense.type == "SANCTION" and form.startswith("قاطع") and (
            prev in _CATEGORICAL_BEFORE or nxt in _CATEGORICAL_BEFORE):
        return True  # "بشكل قاطع" (categorically), "رفض قاطع" (a flat refusal): no boycott
    if m.sense.type == "REQUEST" and toks[m.first].norm.lstrip("و") in ("داعيه", "داعية") and (
            prev in _COPULAS or not nxt.startswith(("ال", "ل"))):
        return True  # "وهو داعية إسلامي" (a preacher), not "داعية إلى" (calling for)
    return m.sense.type == "COERCE" and nxt == "عن" and toks[m.first].norm.lstrip("وف").startswith(
        ("صادر", "الصادر"))


# Words beside "قاطع" (qāṭiʿ, categorical) that make it an adjective, not "قاطَعَ" (boycotted).
_CATEGORICAL_BEFORE = frozenset(normalize(w) for w in (
    "بشكل", "بصورة", "رفض", "رفضا", "الرفض", "نفي", "نفيا", "النفي", "دليل", "دليلا",
    "موقف", "موقفا", "رد", "ردا", "حكم", "حكما", "وبشكل", "جواب", "بالدليل", "برهان",
))


def _named_purpose(ctx: _DocContext, toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a لـ + verbal noun trigger follows an organisation's name directly."""
    if m.first == 0:
        return False
    prev = toks[m.first - 1]
    for s, e_, e in ctx.mentions:
        if e.type == "ORG" and s <= prev.start < e_ and prev.end <= e_:
            # Not "تعرضت قافلة الهلال الأحمر لهجوم" (the convoy came under attack): there
            # لـ belongs to the verb before the name.
            before = toks[max(0, m.first - 8) : m.first]
            return not any(t.norm in _UNDERGO or t.norm in _RECEIVE for t in before)
    return False


def _descriptive(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """"يشتبه" (yushtabah, is suspected) describing the noun before it ("معسكرات يشتبه
    بانتمائها", camps suspected of belonging) or "للاشتباه" (on suspicion): a reason
    given for another act, not an accusation of its own."""
    word = toks[m.first].norm
    if m.sense.type == "ACCUSE" and word in ("يشتبه", "للاشتباه") and m.first > 0:
        prev = toks[m.first - 1]
        return word == "للاشتباه" or (prev.is_word and not prev.norm.startswith(("ال", "و")))
    return False


# Verbs of withholding: the aid after them is what is blocked, not aid given.
_WITHHOLD = ("منع", "يمنع", "تمنع", "ويمنع", "وتمنع", "عرقل", "يعرقل", "تعرقل", "عرقلة", "حرمان",
             "يحرم", "تحرم", "حرم", "ومنع", "وقف", "بوقف", "ايقاف", "تجميد")


def _withheld(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """"يمنعون وصول المساعدات" (they block the delivery of aid): the aid is what a
    coercion withholds, no aid event."""
    if m.sense.type != "AID" or m.verbal:
        return False
    return any(t.norm.startswith(_WITHHOLD) for t in toks[max(0, m.first - 3) : m.first])


# What an attack word names when it is no attack of the story: a running toll ("قتل أكثر
# من 30 منذ إعلان ...", over 30 killed since the announcement), weapons destroyed (a
# disarmament), attacks feared, or attacks of the past ("كان هدفا لهجمات في السابق").
_DESCRIBING_NOBODY = frozenset({"ما", "مما", "بما"})
# Words of praise and of blame in a description ("وصف ... بأنه"), by their stems: praise
# with no blame word near it is no accusation.
_PRAISE_STEMS = tuple(normalize(w) for w in (
    "بطل", "قوي", "ناجح", "نجاح", "تاريخي", "مهم", "هام", "إيجابي", "جيد", "ممتاز", "رائع",
    "عظيم", "أبرز", "أفضل", "سهل", "طموح", "شجاع", "حكيم", "ذكي", "مبدع", "استثنائي",
    "مثالي", "مميز", "جميل", "ملهم", "عبقري", "أسطور", "صديق", "متمكن", "بارع", "نزيه",
))
_BLAME_STEMS = tuple(normalize(w) for w in (
    "إرهاب", "مجرم", "جريم", "إجرام", "كارث", "عدوان", "همجي", "مجنون", "خرف", "كلب", "عصاب",
    "نازي", "مضلل", "مؤسف", "متهور", "تصعيد", "خطير", "خطر", "انتهاك", "فاشل", "فشل", "خيان",
    "خائن", "كاذب", "كذب", "أكاذيب", "سيء", "سيئ", "اشمئزاز", "غير", "عنصري", "احتلال",
    "عاهر", "مختل", "مريض", "قاتل", "قتل", "دكتاتور", "ديكتاتور", "طاغي", "وحشي", "بربري",
    "فضيح", "عار", "مهزل", "استفزاز", "باطل", "مسرحي", "انتحار", "تدخل", "مزاعم", "عميل",
    "ضعيف", "مخيب", "سلبي", "مؤامر", "فوضى", "فاسد", "فساد", "تهديد", "عدو", "مرتزق",
    "متطرف", "تطرف", "ظالم", "ظلم", "جبان", "مخز", "قبيح", "سخيف", "حقير", "مجزر", "دمار",
))
# Short words of blame, whole: as stems they would begin other words ("لاعب", "لصالح").
_BLAME_WORDS = frozenset(normalize(w) for w in ("لا", "لم", "ليس", "لص", "لصوص"))


def _praises(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether the description a describing verb gives ("بأنه ...", "بـ..." after its
    object) praises: a word of praise in its first six words and none of blame."""
    words = toks[m.last + 1 : m.last + 10]
    k = next((n for n, t in enumerate(words) if t.is_word and (
        t.text.startswith("بـ") or t.norm in ("ب", "بان", "بانه", "بانها", "بانهم", "بانهما")
        or t.norm.startswith("بال"))), None)
    if k is None:
        return False
    praise = False
    for t in words[k : k + 6]:
        if t.text in (".", "!", "؟", "?"):
            break
        if not t.is_word:
            continue
        w = t.norm
        for pre in ("بال", "وال", "ال", "ب", "و"):
            if w.startswith(pre) and len(w) - len(pre) >= 3:
                w = w[len(pre):]
                break
        if w.startswith(_BLAME_STEMS) or t.norm in _BLAME_WORDS:
            return False
        praise = praise or w.startswith(_PRAISE_STEMS)
    return praise
_BELIEVING = frozenset(f"{c}{w}" for c in ("", "و") for w in (
    "يعتقد", "تعتقد", "اعتقد", "يامل", "تامل", "امل", "يتوقع", "تتوقع", "توقع", "يرجح", "ترجح",
    "يظن", "تظن", "يتمني", "تتمني"))
_COMMENTING = frozenset({"التعليق", "للتعليق", "الادلاء", "الرد", "الكشف", "تاكيد", "التاكيد"})
_SINCE = frozenset({"منذ", "ومنذ"})
_UNTIL = frozenset({"حتي", "الي", "لحد"})
_NOW = frozenset({"الان", "اليوم"})
_ARSENAL = ("ترسانة", "الترسانة", "اسلحة", "الاسلحة", "المخزون", "مخزون", "الصواريخ")
_FEARED = frozenset({"يتوقع", "تتوقع", "يتوقعون", "توقع", "متوقعة", "يخشي", "تخشي", "خشية",
                     "مخاوف", "تخوف", "تخوفا"})
_DEFENDED = frozenset({"تدمير", "وتدمير", "اعتراض", "واعتراض", "اسقاط", "واسقاط", "تفكيك"})
def _habitual(toks: Sequence[Word], m: TriggerMatch, after: list[str]) -> bool:
    """Attacks someone carries out as a habit ("تشن هجمات في العاصمة بشكل متكرر",
    tashunnu hajamāt fī al-ʿāṣima bi-shakl mutakarrir, it frequently carries out attacks in
    the capital): a description of the group, no attack of the story."""
    if not any(w in _HABITUAL or (a == "بشكل" and w in _HABITUAL_MANNER)
               for a, w in itertools.pairwise(["", *after[:7]])):
        return False
    # Only a present tense states a habit ("هاجمت مرارا", attacked repeatedly, tells acts).
    if m.verbal:
        return m.form.lstrip("وف").startswith(("ي", "ت", "ن"))
    before = [t.norm.lstrip("وف") for t in toks[max(0, m.first - 4) : m.first] if t.is_word]
    return m.form in _PLURAL_ATTACKS and any(w in _HABIT_VERBS for w in before)


_PERCEIVING = frozenset({"سمعوا", "سمع", "سمعت", "سماع", "يسمعون", "شاهدوا", "شاهد", "شاهدت"})
_DEPORTED = frozenset({"الاجانب", "المهاجرين", "اللاجئين", "المقيمين", "الاجنبي", "مهاجرين",
                       "لاجئين", "اجانب", "المهاجرون", "اللاجئون", "اجنبيا", "مهاجرا", "لاجئا"})
_HABIT_VERBS = frozenset({"تشن", "يشن", "يشنون", "تنفذ", "ينفذ", "ينفذون", "تقوم", "يقوم", "يقومون"})
_HABITUAL = frozenset({"باستمرار", "بانتظام", "عادة", "دائما", "دوما", "غالبا"})
_HABITUAL_MANNER = frozenset({"متكرر", "دوري", "منتظم", "مستمر", "يومي"})
_PLURAL_ATTACKS = frozenset({"هجمات", "تفجيرات", "اعتداءات", "غارات", "عمليات"})
_SURVIVORS = ("ناجين", "ناجون", "الناجين", "الناجون", "ضحايا", "الضحايا")
_PAST = frozenset({"السابق", "سابقا", "سابق"})
_PERCENT = frozenset({"المئة", "المائة", "بالمئة", "بالمائة", "%", "٪"})
_INDEFINITE_SUBJECT_ENDS = ("ة", "ات")


def _no_attack(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """An attack word that names no attack of its own (see the constants above), or a
    crowd that is no mobilisation."""
    # The next few words decide nearly every case; the whole rest only a running toll.
    after = [t.norm for t in toks[m.last + 1 : m.last + 8] if t.is_word]
    prev = toks[m.first - 1] if m.first > 0 else None
    if m.sense.describes and _praises(toks, m):
        # "وصفوه بأنه بطل" (they called him a hero), "وصفته الماركا بأبرز المرشحين": a
        # description in praise accuses no one.
        return True
    if m.sense.describes and prev is not None and (prev.norm in _DESCRIBING_NOBODY or (
            prev.norm == "ان" and m.first > 1 and toks[m.first - 2].norm in ("يمكن", "تستطيع"))):
        # "ما وصفها بالمزاعم" (what he called claims), "يمكن أن تصفها" (could describe
        # it): the words of another act, or none.
        return True
    if m.verbal and ("س" in m.prefix or m.form.startswith(("سي", "ست", "سن"))) and any(
            t.norm in _BELIEVING for t in [w for w in toks[max(0, m.first - 9) : m.first]
                                           if w.is_word][-5:]):
        return True  # "يعتقد أن بيونغ يانغ ستلتزم" (he believes it will comply): a belief
    if not m.verbal and after[:1] in (["محتمل"], ["محتملة"]):
        return True  # "أي هجوم محتمل" (any possible attack): none in particular
    lead = [t.norm for t in toks[max(0, m.first - 4) : m.first]]
    if any(a in ("عما", "ما", "عمّا") and b == "اذا" for a, b in itertools.pairwise(lead)):
        return True  # "عما إذا كان يؤيد" (whether he supports): a question asks, tells nothing
    if m.sense.type == "REJECT" and any(w in _COMMENTING for w in after[:4]):
        return True  # "رفضت التعليق" (declined to comment): no refusal of anything
    if m.form == "المدانين" and prev is not None and prev.is_word and prev.norm.startswith("ال"):
        return True  # "المسلحين المدانين" (the convicted militants): who they are
    if m.sense.type == "MOBILIZE" and after[:1] == ["من"] and m.form in ("حشد", "حشدا", "حشود"):
        # "على حشد من الناس" (on a crowd of people): after a preposition, a noun; so is the
        # accusative "صدمت سيارة حشدا من المارة" (a car hit a crowd of passers-by).
        return not m.verbal or (m.first > 0 and toks[m.first - 1].norm in _PREPOSITIONS) or (
            toks[m.first].norm.lstrip("و") == "حشدا")
    if m.sense.type != "ASSAULT":
        return False
    if _counts_dead(toks, m):
        words = [t.norm for t in toks if t.is_word]
        later = {t.norm for t in toks[m.last + 1 :]}
        if later & _SINCE or any(a in _UNTIL and b in _NOW for a, b in itertools.pairwise(words)):
            return True
    if any(t.norm in _PERCENT for t in toks[max(0, m.first - 6) : m.first]) and (
            toks[m.first].norm.lstrip("و").startswith(("قتل", "مقتل", "لقي", "سقط"))):
        # "85 في المئة من هؤلاء قتلوا على أيدي الجيش" (85 percent of them were killed by
        # the army): a share of a toll, a statistic of no one attack.
        return True
    if m.sense.mode == "destroy" and after and after[0].startswith(_ARSENAL):
        return True
    if m.sense.mode == "heavy-weapons" and prev is not None and prev.norm in _DEFENDED:
        return True  # "اعتراض وتدمير الصواريخ" (intercepting the missiles): defence
    before = [t.norm for t in toks[max(0, m.first - 3) : m.first] if t.is_word]
    if not m.verbal and any(w in _FEARED for w in before):
        return True
    if (m.form in _PLURAL_ATTACKS and not m.prefix
            and any(w.lstrip("ول").startswith(_SURVIVORS) for w in before)):
        return True  # "ناجين من هجمات" (survivors of attacks): attacks in general
    if any(w in _PAST for w in after[:3]) and (len(after) < 2 or after[0] != "من"):
        return True
    if _habitual(toks, m, after):
        return True
    if m.sense.weak and normalize(m.form).lstrip("وفب").startswith(("طرد", "تطرد", "يطرد")) and any(
            w in _DEPORTED for w in after[:4]):
        # "من تطردهم إيطاليا من الأجانب" (the foreigners Italy expels): deportation of
        # civilians, not forces driven out by fighting.
        return True
    # "عملية كبيرة تستهدف أشخاصا" (a big operation targeting people): a verb describing
    # the indefinite noun before it says what that is aimed at, not that it struck.
    return (m.form in ("تستهدف", "يستهدف") and not m.prefix and prev is not None and prev.is_word
            and not prev.norm.startswith(("ال", "و")) and prev.norm.endswith(_INDEFINITE_SUBJECT_ENDS))


def _standing(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Backing told in a present-tense relative clause describes who someone is, not an
    act that happened ("من يؤيدهم" man yuʾayyiduhum, whoever supports them; "الأسر التي
    تؤيد الرئيس" al-usar allatī tuʾayyid ar-raʾīs, the families that support the
    president)."""
    if m.sense.type not in ("AID", "SUPPORT") or not m.verbal or m.first == 0:
        return False
    if not toks[m.first].norm.startswith(("ي", "ت")):
        return False
    # Material backing of a named force ("التي تدعمها الولايات المتحدة") stays: who arms
    # whom is what an analyst maps, even as a standing relation.
    prev = toks[m.first - 1].norm
    return prev in ("من", "ما") or (prev in _RELATIVE and m.sense.type == "SUPPORT")


# Nouns of an office or a body: the verbal noun after them names its remit ("مسؤول نزع
# السلاح", the disarmament official; "مؤتمر نزع السلاح", the disarmament conference).
_OFFICES = frozenset({
    "مسؤول", "مسؤولة", "مسؤولو", "مسؤولي", "وزير", "وزيرة", "مفوض", "مبعوث", "منسق", "خبير",
    "خبراء", "مؤتمر",
})


def _office(toks: Sequence[Word], m: TriggerMatch) -> bool:
    if m.first == 0 or m.verbal or m.sense.frame == "verb" or m.prefix:
        return False
    return toks[m.first - 1].norm in _OFFICES


def _conviction(toks: Sequence[Word], m: TriggerMatch) -> TriggerMatch:
    """"أدان" is a condemnation, or a conviction when a court does it or a charge follows
    ("أدانت محكمة ... بالاختطاف", a court convicted ... of kidnapping): then SANCTION."""
    if m.sense.type != "ACCUSE" or not any(
            toks[m.first].norm[len(m.prefix):].startswith(s) for s in ("ادان", "يدين", "تدين")):
        return m
    near = [t.norm for t in toks[max(0, m.first - 3) : m.last + 5]]
    if not any(w in _COURT or w.startswith(("بتهمة", "بتهم")) for w in near):
        return m
    return replace(m, sense=replace(m.sense, type="SANCTION", mode="convict", context=("legal",)))


_IMPERSONAL = frozenset(f"{p}{v}" for p in ("", "و", "ف", "س") for v in ("تم", "يتم", "تتم", "جري", "يجري"))


def _impersonal(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a verbal noun is the subject of "تم/يتم" (tamma, was done): "تم تدمير"
    (tamma tadmīr, was destroyed) names no agent."""
    return m.first > 0 and toks[m.first - 1].norm in _IMPERSONAL


_AIM = frozenset({"اجل", "لاجل", "بهدف", "بغية", "سعيا", "املا"})


def _aimed_at(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a noun is what a purpose phrase aims at ("من أجل التوصل إلى اتفاق", in
    order to reach an agreement; "بهدف التوصل إلى تسوية")."""
    return any(t.norm in _AIM for t in toks[max(0, m.first - 4) : m.first])


# Verbs and nouns of planning or preparing: an attack after them with لـ is what is
# planned ("يخطط لمهاجمة", plans to attack), a possible event of its own.
_PLANNING = frozenset({
    "يخطط", "تخطط", "خطط", "خططت", "يخططون", "يعتزم", "تعتزم", "اعتزم", "ينوي", "تنوي", "نوي",
    "يستعد", "تستعد", "استعد", "استعدت", "يستعدون", "استعدادا", "استعدادات", "تحضيرا",
    "تحضيرات", "خطة", "مخطط", "محاولة", "مؤامرة", "يحاول", "تحاول", "حاول", "حاولت",
})


def _aim_only(toks: Sequence[Word], m: TriggerMatch, units: list[_Unit]) -> bool:
    """An attack verbal noun that only names an aim: لـ + the noun with its object
    ("غرف عمليات لقتال القوات الحكومية", operations rooms to fight the government forces;
    "مرحلة للقضاء على التنظيم", a stage to eliminate the group), or the noun an aim word
    introduces and the ones joined to it ("بهدف التصدي للهيئة والقضاء على وجودها", with the
    aim of confronting the Committee and eliminating its presence). Not an attack someone
    underwent or plans ("تعرضت لهجوم", came under attack; "يخطط لهجوم", plans an attack),
    nor an event noun without an object ("تصدت القوات لهجوم شنه", repelled an attack)."""
    if m.sense.type != "ASSAULT" or m.verbal:
        return False
    prev = toks[m.first - 1].norm if m.first > 0 else ""
    if prev in _AIM:
        return True  # "بهدف قتال ..." (with the aim of fighting ...)
    if m.prefix[:1] == "و":
        for k in range(m.first - 1, max(-1, m.first - 7), -1):
            t = toks[k]
            if not t.is_word or t.norm in _STRONG_BOUNDARY:
                return False
            if t.norm in _AIM:
                return k + 1 < m.first and _definite(toks[k + 1].norm)
        return False
    if m.prefix not in ("ل", "لل", "ول", "فل"):
        return False
    before = toks[max(0, m.first - 8) : m.first]
    if any(t.norm in _UNDERGO or t.norm in _RECEIVE or t.norm.lstrip("وف") in _PLANNING
           for t in before):
        return False
    nxt = toks[m.last + 1] if m.last + 1 < len(toks) else None
    if nxt is None or not nxt.is_word:
        return False
    # Its object follows: the phrase ends in its preposition ("القضاء على"), or an
    # indefinite noun has a definite noun, a group noun or a name right after it (a
    # definite one is an attack referred to: "استجابتها للهجوم الكيماوي", its response
    # to the attack).
    if m.last > m.first:
        return toks[m.last].norm in ("علي", "ضد", "الي")
    return m.prefix != "لل" and (_definite(nxt.norm) or nxt.norm in _HEAD_WORDS
                                 or any(u.first == m.last + 1 for u in units))


def _possessive(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a one-word noun trigger carries a possessive pronoun ("اغتياله", his
    assassination; "رفضها", her refusal)."""
    if m.first != m.last:
        return False
    norm = toks[m.first].norm
    rest = norm[len(m.prefix) + len(m.form):] if norm.startswith(m.prefix) else ""
    return rest in ("ه", "ها", "هم", "هما", "هن")


def _object_pronoun(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a phrase trigger ends in a pronoun for whom it befalls ("أطلق سراحه",
    released him; "حكم عليها", sentenced her), not for its actor's own ("سحبت قواتها",
    withdrew its forces)."""
    norm = toks[m.last].norm
    for p in ("هما", "هم", "ها", "ه"):
        if norm.endswith(p):
            return norm[: -len(p)] in ("سراح", "علي", "عل", "ضد", "الي", "ل", "اليه")
    return False


def _circumstantial(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """A participle in the accusative after a clause ("مضيفا" muḍīfan, "داعيا" dāʿiyan,
    "متوعدا" mutawaʿʿidan): it describes what the sentence's subject did."""
    norm = toks[m.first].norm
    if m.first == m.last and norm.endswith("ا") and not m.prefix and m.first > 0:
        stem = norm[:-1]
        return (stem.startswith("م") and len(stem) >= 4) or norm in ("داعيا", "نافيا")
    return False


_BEFORE_MASDAR = frozenset({"حول", "عن", "بعد", "قبل", "ضد", "بشان", "عقب", "اثر", "جراء", "بسبب"})


def _resolve_frame(toks: Sequence[Word], m: TriggerMatch, units: list[_Unit]) -> TriggerMatch:
    """Read a trigger as a verb or a noun. A form that is only a verb is a verb; one that is
    both ("قصف" qaṣafa, shelled / qaṣf, shelling) is a verb when it opens its clause and a
    definite noun or a name follows ("قصف الجيش القرية"), else a noun ("قصف تركي")."""
    sense = m.sense
    frame: Frame
    if not m.verbal:
        return m
    if not m.nominal and m.first > 0 and not m.prefix and toks[m.first - 1].norm in _BEFORE_MASDAR \
            and sense.frame == "verb" and sense.type in ("ASSAULT", "COERCE"):
        # "حول ضرب سوريا" (about striking Syria): after a preposition the bare verb form is
        # its verbal noun, and the genitive is whom it strikes.
        return replace(m, sense=replace(sense, frame="noun"))
    if not m.nominal:
        frame = "passive" if sense.frame == "passive" else "verb"
    else:
        prev = toks[m.first - 1] if m.first > 0 else None
        opens = prev is None or _is_punct(prev) or prev.norm in _CLAUSE_OPENERS or (
            m.prefix[:1] in ("و", "ف"))
        nxt = toks[m.last + 1] if m.last + 1 < len(toks) else None
        named = any(u.first == m.last + 1 for u in units)
        # "ورفض ما وصفه" (and he rejected what he called), "ورفض أن": a verb.
        verbish = nxt is not None and (nxt.norm.startswith("ال") or named
                                       or nxt.norm in ("ما", "ان", "بان"))
        # A subject right before, or an apposition on it closed by a comma ("وسام الحسن،
        # رئيس شعبة المعلومات، قتل": Wissam al-Hassan, head of the branch, was killed).
        subject_before = any(u.last == m.first - 1 and u.prep == "" for u in units) or (
            prev is not None and prev.norm in ("،", ",") and any(u.last == m.first - 2 for u in units)
            and any(u.etype == "PER" and u.prep == "" and u.last < m.first for u in units))
        # Vowelled, a damma on the first letter is a passive verb ("قُتل" qutila, was killed;
        # the noun is "قَتْل" qatl), unless a sukun on the second marks a noun ("حُكْم").
        word = toks[m.first].text[len(m.prefix):]
        vowelled_passive = len(word) > 1 and word[1] == "\u064f" and not (
            len(word) > 3 and word[3] == "\u0652")
        frame = "verb" if (opens and verbish) or subject_before or vowelled_passive else (
            sense.frame if sense.frame != "verb" else "noun")
        if sense.frame == "passive":
            frame = "passive"
    if frame == sense.frame:
        return m
    return replace(m, sense=replace(sense, frame=frame))


def _relative_head(
    toks: Sequence[Word], m: TriggerMatch, drafts: list[_Draft], matches: list[TriggerMatch]
) -> _Draft | None:
    """The same-type event noun a relative clause on this verb describes: the trigger
    ends at most four words before the relative pronoun that opens the verb's clause."""
    if m.first < 2 or toks[m.first - 1].norm not in _RELATIVE or m.sense.frame != "verb":
        return None
    for d, m0 in zip(reversed(drafts), reversed(matches[: len(drafts)]), strict=True):
        if d.absorbed or d.sense.type != m.sense.type or d.sense.frame == "verb":
            continue
        if m0.last < m.first - 1 and m.first - 1 - m0.last <= 4:
            return d
    return None


def _left_limit(toks: Sequence[Word], first: int) -> int:
    """First token index of the clause before a trigger (at most 12 tokens back)."""
    i = first - 1
    lo = max(0, first - 12)
    while i >= lo:
        if _boundary(toks, i):
            return i + 1
        i -= 1
    return lo


def _boundary(toks: Sequence[Word], i: int) -> bool:
    """Whether token `i` starts a new clause; "قبل" after "من" is the agent phrase "من قبل"
    (min qibal, by), not "before"."""
    if toks[i].norm not in _STRONG_BOUNDARY:
        return False
    return not (toks[i].norm == "قبل" and i > 0 and toks[i - 1].norm in ("من", "ومن"))


def _right_limit(toks: Sequence[Word], last: int, m: TriggerMatch) -> int:
    """Last token index of a trigger's clause (at most 14 tokens on)."""
    hi = min(len(toks) - 1, last + 14)
    speech = m.sense.type in _ABSORBING
    i = last + 1
    while i <= hi:
        t = toks[i]
        if _boundary(toks, i):
            return i - 1
        if not speech and t.norm in ("،", ","):
            # A comma ends a non-speech clause unless an entity list goes on after it.
            return i - 1
        i += 1
    return hi


def _complement_end(toks: Sequence[Word], m: TriggerMatch) -> int:
    """Last token of what a speech act states: up to the next strong boundary (a quote
    after the cue, "بالقول: ...", belongs to it)."""
    i = m.last + 1
    while i < len(toks):
        if _boundary(toks, i):
            return i - 1
        i += 1
    return len(toks) - 1


_AFFILIATION = frozenset(normalize(w) for w in (
    "الموالية", "الموالي", "الموالين", "الموالون", "موالية", "موالي", "موالين", "الموالى",
    # (Not "تابع": also "went on", a verb of speech.)
    "المدعومة", "المدعوم", "المدعومين", "مدعومة", "مدعوم", "التابعة", "التابع", "التابعين",
    "تابعة", "المقربة", "المقرب", "مقربة", "مقرب", "الحليفة", "الحليف", "حليفة"))


def _governing_prep(text: str, toks: Sequence[Word], first: int, start: int, *,
                    affiliation: bool = True) -> str:
    """The preposition that governs a mention: its own clitic (بـ، لـ) or the word before;
    "of" for an ally or backer named after an affiliation word."""
    tok = toks[first]
    if affiliation and first >= 1 and (toks[first - 1].norm in _AFFILIATION or (
            first >= 2 and toks[first - 1].norm in ("من", "ل") and toks[first - 2].norm in _AFFILIATION)):
        # "ميليشيات الحوثي الموالية لإيران" (the Houthi militias loyal to Iran), "المدعومة
        # من إيران": whose ally or backer a party is, no party of the event.
        return "of"
    if start > tok.start:
        raw = normalize(text[tok.start:start])
        pre = raw.lstrip("وف")
        if pre == "ل" and tok.norm.lstrip("وف")[1:].startswith(MEDIA_HEADS):
            return "to"  # "أكد مقتل أربعة أشخاص لقناة سي إن إن" (to CNN): told, no party
        if pre:
            return pre[:1]
        if raw == "و" and first >= 2:
            # A conjunct shares its preposition ("في سوريا والعراق", in Syria and Iraq).
            for j in range(first - 2, max(-1, first - 5), -1):
                w = toks[j].norm
                if w in _TARGET_PREPS or w in _LOCATIVE or w in ("بين", "عن"):
                    return w
    j = first - 1
    while j >= 0 and j >= first - 3 and (
            toks[j].norm in ('"', "«", "»", "“", "”", "#") or toks[j].norm in _PLACE_WORDS
            or toks[j].norm in _HEAD_WORDS):
        # "في مدينة عفرين" (in the city of Afrin): the preposition is before the noun.
        j -= 1
    if j < 0:
        return ""
    w = toks[j].norm
    w2 = w[1:] if w[:1] in ("و", "ف") and len(w) > 2 else w
    if (j >= 1 and f"{toks[j - 1].norm} {w}".endswith(_AGENT_PREPS)) or w2 in _AGENT_MEANS:
        return "agent"
    if w2 in _TARGET_PREPS or w2 in _LOCATIVE or w2 in ("بين", "عن", "لدي", "ل", "ب"):
        return w2
    if w2 in ("الي", "إلى"):
        return "الي"
    # A mention that includes its own clitic preposition ("بالباغوز" as one mention).
    if tok.norm.startswith(("بال", "وبال", "فبال")):
        return "ب"
    if tok.norm.startswith(("لل", "ولل", "فلل")):
        return "ل"
    return ""


def _ref(u: _Unit) -> Ref:
    return Ref(u.entity, u.text)


def _same(a: Ref, b: Ref) -> bool:
    if a.entity and b.entity:
        return a.entity == b.entity
    return normalize(a.text, loose=True) == normalize(b.text, loose=True)


_REPORT_CUES = frozenset({
    "قال", "قالت", "وقال", "وقالت", "افاد", "وافاد", "افادت", "وافادت", "ذكر", "وذكر", "ذكرت",
    "وذكرت", "اكد", "واكد", "اكدت", "واكدت", "اعلن", "واعلن", "اعلنت", "واعلنت", "اشار", "واشار",
    "اشارت", "واشارت", "اوضح", "واوضح", "اوضحت", "بحسب", "حسب", "وفق", "وفقا", "نقلا", "عن",
    "يقول", "تقول", "وتقول", "ويقول", "اضاف", "واضاف", "اضافت", "واضافت", "نقلت", "ونقلت",
    "رصد", "ورصد", "وثق", "ووثق", "يعلن", "تعلن", "يؤكد", "تؤكد", "يذكر", "تذكر", "يفيد", "تفيد",
    "يشير", "تشير", "يوضح", "توضح", "نشر", "نشرت", "كشف", "كشفت", "وكشف", "وكشفت", "يكشف",
    "تكشف", "اعتبر", "اعتبرت", "يعتبر", "تعتبر",
})


# Plural heads of armed or security bodies that, with a definite noun or adjective after
# them, describe a party the article does not name ("مسلحو المعارضة" musallaḥū
# al-muʿāraḍa, opposition gunmen; "القوات الحكومية", the government forces).
_GROUP_HEADS = frozenset({
    "مسلحو", "مسلحي", "المسلحين", "المسلحون", "مقاتلو", "مقاتلي", "المقاتلين", "المقاتلون",
    "قوات", "القوات", "فصائل", "الفصائل", "ميليشيات", "الميليشيات", "مليشيات", "المليشيات",
    "ميليشيا", "مليشيا", "جماعات", "الجماعات", "وحدات", "عناصر", "قوى", "القوى",
})


# Words with the article that never describe a party ("القوات الآن", the forces now).
_NOT_DESCRIBING = frozenset({"الان", "اليوم", "الي", "التي", "الذي", "الذين", "الاخري", "الاخر",
                             "الاولي", "الثانية", "المشاركة", "المتبقية"})


def _group_units(text: str, toks: Sequence[Word], named: list[_Unit]) -> list[_Unit]:
    """Descriptions of unnamed parties as participants (no entity: the text says who)."""
    out: list[_Unit] = []
    taken = [(u.first, u.last) for u in named]
    n = len(toks)
    for i, t in enumerate(toks):
        head = t.norm[1:] if t.norm[:1] == "و" and t.norm[1:] in _GROUP_HEADS else t.norm
        if (head not in _GROUP_HEADS or i + 1 >= n or not toks[i + 1].norm.startswith("ال")
                or toks[i + 1].norm in _RELATIVE or toks[i + 1].norm in _NOT_DESCRIBING):
            continue
        last = i + 1
        if last + 1 < n and toks[last + 1].norm.startswith("ال") and toks[last + 1].norm.endswith(
                ("ية", "يه", "يين", "يون")):
            last += 1  # "قوات المعارضة السورية": the adjective belongs to the description
        if any(a <= last and i <= b for a, b in taken):
            continue
        start = toks[i].start + (1 if head != t.norm else 0)
        end = toks[last].end
        out.append(_Unit(i, last, start, end, None, text[start:end],
                         _governing_prep(text, toks, i, start), None, "ORG",
                         _is_source(toks, i, last)))
        taken.append((i, last))
    return out


# Events with a side they are aimed at, and the definite singular descriptions that name an
# armed group once it is known ("الجماعة" the group, "التنظيم" the organisation, "الحركة"
# the movement; plurals are generic).
_AGAINST = frozenset({"ASSAULT", "THREATEN", "COERCE", "SANCTION", "ACCUSE", "MOBILIZE"})
_DESCRIPTION_HEADS = frozenset({
    "الجماعة", "التنظيم", "الحركة", "الحزب", "الفصيل", "الميليشيا", "المليشيا", "الجبهة",
    "الهيئة",
})
_ARMED_SECTORS = frozenset({"rebel/insurgent", "militia", "terrorist", "military"})


# Texts that report ("أوضح البيان أن ..." the statement made clear that ...): they tell an
# act, they never do it.
_DOCUMENTS = frozenset({
    "البيان", "بيان", "الرسائل", "رسائل", "الرسالة", "رسالة", "التقرير", "تقرير", "التقارير",
    "تقارير", "الوثيقة", "وثيقة", "المذكرة", "مذكرة",
    "الدراسة", "دراسة", "الصحيفة", "الوكالة",
})


def _document_ref(r: Ref) -> bool:
    if r.entity is not None:
        return False
    words = r.text.split()
    head = normalize(words[0]) if words else ""
    return head in _DOCUMENTS or (head[:1] in ("و", "ف") and head[1:] in _DOCUMENTS)


def _is_source(toks: Sequence[Word], first: int, last: int) -> bool:
    """A name right after a reporting word ("وأفاد المرصد بأن ...", the Observatory
    reported that ...): the one telling, not the one acting."""
    j = first - 1
    while j >= 0 and not toks[j].is_word:
        j -= 1
    return j >= 0 and toks[j].norm in _REPORT_CUES


# Verbs of judging an event (describing, condemning, claiming, denying it), whose subject
# is no party to it.
_JUDGING = frozenset(
    f"{p}{v}" for p in ("", "و", "ف") for v in (
        "وصف", "وصفت", "يصف", "تصف", "اشاد", "اشادت", "يشيد", "تشيد", "ادان", "ادانت", "يدين",
        "تدين", "نفي", "نفت", "ينفي", "تنفي", "استنكر", "استنكرت", "ندد", "نددت", "علق", "علقت",
        "دان", "دانت", "شجب", "شجبت", "يشجب", "تشجب", "رحب", "رحبت", "يرحب", "ترحب",
    )
)  # (not "تبنى", claimed: who claims an attack carried it out)

# Words that frame an event named after them as what someone says, judges, claims or
# blames ("تبنت ... الهجوم", claimed the attack; "حمل ... مسؤولية", held responsible).
_FRAMING = _REPORT_CUES | _JUDGING | frozenset(
    f"{p}{v}" for p in ("", "و", "ف") for v in (
        "تبني", "تبنت", "يتبني", "حمل", "حملت", "يحمل", "تحمل", "اعترف", "اعترفت", "حول", "بشان",
        "مسؤوليه", "مسؤوليتها", "مسؤوليته", "يتهم", "تتهم", "اتهم", "اتهمت",
    )
)


def _subject_reach(toks: Sequence[Word], first: int) -> int:
    """Where to look back from a subject for a verb it may belong to (the index before
    the first word to look at): two words back, or, across a title in apposition after a
    clause-initial verb of judging ("ووصف الرئيس البرازيلي، ميشيل تامر، مقتلها", wa-waṣafa
    ar-raʾīs al-barāzīlī, mīshīl tāmir, maqtalahā: the Brazilian president, Michel Temer, described her killing), back to that verb (at most
    eight words)."""
    near = max(-1, first - 3)
    k = first - 1
    while k >= 0 and first - k <= 8 and toks[k].norm not in _CLAUSE_ENDS:
        k -= 1
    if (k < 0 or toks[k].norm in _CLAUSE_ENDS) and toks[k + 1].norm in _FRAMING and any(
            t.norm in ("،", ",") for t in toks[k + 1:first]):
        return min(near, k)
    return near


def _judging_subject(toks: Sequence[Word], u: _Unit, m: TriggerMatch) -> bool:
    """Whether `u` is the subject of a verb judging the event noun `m` in the same clause
    ("ووصف الرئيس، ميشيل تامر، مقتلها", wa-waṣafa ar-raʾīs ... maqtalahā: Temer judges her
    killing). A reporting verb does not count: "قال ترمب إن لقاءه" (qāla trāmb inna
    liqāʾahu, Trump said his meeting) is his."""
    if u.prep or any(t.norm in _CLAUSE_ENDS for t in toks[u.last + 1:m.first]):
        return False
    start = _subject_reach(toks, u.first)
    return any(t.norm in _JUDGING for t in toks[start + 1:m.first])


_CLAUSE_ENDS = frozenset({".", "!", "؟", "?", "؛", ";", ":", "ان", "انه", "انها", "انهم", "بان"})


def _framed(toks: Sequence[Word], after: int, before: int) -> bool:
    """Whether a reporting or judging word stands between a name and an event noun
    ("وصف رابيو إطلاق النار", Rubio described the shooting; "تبنت القاعدة الهجوم", al-Qaeda
    claimed the attack): the name speaks about the event, it does not carry it out."""
    return any(t.norm in _FRAMING for t in toks[after + 1 : before])


# Verbs and nouns of suffering violence: the name before them is the victim.
_SUFFERED = frozenset({
    "توفي", "توفيت", "قتل", "قتلت", "اصيب", "اصيبت", "اصيبوا", "وقتل", "واصيب", "جرح", "جرحت",
    "استشهد", "استشهدت", "لقي", "لقيت", "مقتل", "مصرع", "اصابة", "باصابته", "باصابتها",
    "متاثرا", "متاثرة", "ضحية", "ضحايا", "جراء",
})


def _fallback_participant(
    ctx: _DocContext, d: _Draft, m: TriggerMatch, toks: Sequence[Word],
    tiers: Sequence[list[_Unit]], carried: list[Ref],
) -> None:
    """An event whose clause named nobody: the nearest party before it in its sentence,
    else the first after it (each list of `tiers` in turn), else the subject carried from
    the sentence before.

    Arabic news names the agent once and lets the nouns that follow refer to it ("أعلن
    الجيش ... القضاء على 13 مسلحا", the army announced killing 13 militants).
    """
    if _counted_victims(toks, m):
        # "بينما قتل 43 فلسطينيا" (while 43 Palestinians were killed): a passive names its
        # killer only by an agent phrase; the party named before is neither side.
        return
    inq = ctx.quote_around(m.start, m.end)
    violent = d.sense.type in _VIOLENT
    relayed = inq is not None and _source_cue(inq)
    for units in tiers:
        # Who tells is not who acts in violence ("أفادت الشرطة بمقتل", the police reported
        # deaths) but is in diplomacy ("أضاف ترامب خلال اجتماع", Trump said at a meeting),
        # unless it only relays ("ووفقا للوكالة، رفض المصدر", according to the agency).
        cands = [u for u in units if u.last < m.first and not u.site and u.prep not in ("to", "of")
                 and not (u.source and (violent or relayed))
                 and not _is_locative(u) and (inq is None or u.start >= inq.start)]
        if cands and _judging_subject(toks, cands[-1], m):
            return  # "ووصف أورتيغا الاحتجاجات" (Ortega described the protests): not his
        if cands:
            u = cands[-1]
            d.fallback = [_ref(u)]
            # "توفي X جراء انفجار" (X died in a blast): the one it befell.
            d.fallback_target = violent and any(
                t.norm in _SUFFERED for t in toks[u.last + 1 : m.first])
            d.fallback_near = m.first - u.last <= 4
            return
        charge = _charge_start(toks, m) if d.sense.type == "COERCE" else None
        after = [u for u in units if u.first > m.last and not u.site and not u.source and u.prep not in ("to", "of")
                 and not _is_locative(u) and (inq is None or u.end <= inq.end)
                 and (charge is None or u.first < charge)]
        if after:
            # After the noun it names whom the event befell ("هجمات على السفارة", attacks
            # on the embassy) for violence, who acts otherwise.
            d.fallback = [_ref(after[0])]
            # ... unless it is the subject of the noun's own relative clause ("الهجوم الذي
            # تشنه القوات الحكومية", the offensive the government forces wage).
            own_clause = (m.last + 1 < len(toks) and toks[m.last + 1].norm in _RELATIVE
                          and after[0].first <= m.last + 3) or any(
                # or of a relative clause on the noun's own genitive ("بمعركة حلب التي
                # حاصرت قوات النظام أحياءها", the battle of Aleppo whose districts the
                # regime's forces besieged): the subject of its verb, a party acting.
                toks[j].norm in _RELATIVE for j in range(max(m.last + 1, after[0].first - 2), after[0].first))
            d.fallback_target = d.sense.type in _VIOLENT and not own_clause
            return
    if inq is not None and not violent and not _source_cue(inq):
        # Reported words naming nobody speak of the speaker ("أعلن المكتب إنه حضر ليقدم
        # المساعدة", the bureau said it came to help); a source only relays ("بحسب").
        spk = _speaker_ref(inq)
        if spk is not None:
            d.fallback = [spk]
            return
    # A sentence naming nobody continues the one before ("... ثم أعلن اعتقال", then
    # announced arrests): the subject carried from it.
    d.fallback = list(carried)


def _only_before(refs: list[Ref], units: list[_Unit], m: TriggerMatch) -> bool:
    """Whether every ref is a mention found before the trigger, none after it."""
    return all(any(_same(r, _ref(u)) for u in units if u.last < m.first)
               and not any(_same(r, _ref(u)) for u in units if u.first > m.last) for r in refs)


# "خلال ترؤسه مجلس الوزراء" (khilāl taraʾʾusihi majlis al-wuzarāʾ, while chairing the
# cabinet): a verbal noun with its doer's pronoun, after a word of time, sets the scene; what it
# governs is no party to the sentence's other events.
_SCENE_TIME = frozenset({"خلال", "اثناء", "لدى", "عند", "عقب", "بعد", "قبل", "ابان"})
_DOER_SUFFIXES = ("ه", "ها", "هم", "هما")


def _scene_object(toks: Sequence[Word], u: _Unit, m: TriggerMatch) -> bool:
    """Whether `u` is governed by a scene-setting verbal noun ("خلال ترؤسه", during his
    chairing) that is not the trigger itself."""
    k = u.first - 1
    if k < 1 or m.first <= k <= m.last or u.prep:
        return False
    noun, before = toks[k].norm, toks[k - 1].norm
    return before in _SCENE_TIME and noun.endswith(_DOER_SUFFIXES) and len(noun) >= 5


# Nouns of what is posted or broadcast, and of where ("تغريدة على تويتر", a tweet on
# Twitter; "حسابه على فيسبوك", his Facebook account).
_POSTS = frozenset(normalize(w, loose=True) for w in (
    "تغريدة", "تغريدات", "تغريده", "حساب", "حسابه", "حسابها", "حسابات", "صفحة", "صفحته",
    "صفحتها", "منشور", "منشورا", "تدوينة", "فيديو", "مقطع", "تسجيل", "رسالة", "موقع", "منصة",
    "قناته", "قناتها", "بث", "نشر", "نشرت", "نشره", "نشرها", "كتب", "كتبت", "غرد", "غردت"))


# Social platforms: on them one posts, nobody fights or is fought ("على تويتر", on Twitter).
_PLATFORMS = frozenset(normalize(w, loose=True) for w in (
    "تويتر", "فيسبوك", "فيس بوك", "إنستغرام", "انستغرام", "إنستجرام", "انستجرام", "يوتيوب",
    "تلغرام", "تيليغرام", "تلجرام", "واتساب", "واتس اب", "سناب شات", "تيك توك", "تيكتوك"))


def _medium(toks: Sequence[Word], u: _Unit) -> bool:
    """A platform something was posted on ("في تغريدة على تويتر", fī taghrīda ʿalā twītar, in a
    tweet on Twitter; "عبر حسابه على فيسبوك", ʿabra ḥisābihi, through his account),
    which is no party to what the post says."""
    if u.prep not in ("علي", "عبر") or u.etype not in ("ORG", "MISC"):
        return False
    if normalize(u.text, loose=True).removeprefix("ب") in _PLATFORMS:
        return True  # "دان مقتلها على "تويتر"" (condemned her killing on Twitter)
    k = u.first - 1
    while k >= 0 and toks[k].norm in ("علي", "عبر", "موقع", "منصة", "شبكة", "تطبيق", '"', "«"):
        k -= 1
    return u.prep == "عبر" or (k >= 0 and normalize(toks[k].norm, loose=True) in _POSTS)


def _is_locative(u: _Unit) -> bool:
    """A mention used as a location ("في سوريا", in Syria), not as a participant."""
    if u.place is None and u.etype not in ("GPE", "LOC", "FAC"):
        return False
    return u.prep in _LOCATIVE or (u.prep == "ب" and u.place is not None)


def _conjoined(units: list[_Unit], u: _Unit, toks: Sequence[Word]) -> list[_Unit]:
    """`u` and the mentions coordinated with it ("حماس وحزب الله", Hamas and Hezbollah)."""
    out = [u]
    idx = units.index(u)
    cur = u
    for nxt in units[idx + 1 :]:
        gap = [t for t in toks[cur.last + 1 : nxt.first]]
        starts_with_wa = toks[nxt.first].norm.startswith("و") and nxt.start > toks[nxt.first].start
        if (not gap and starts_with_wa) or [t.norm for t in gap] in (["و"], ["،"], [","]):
            out.append(nxt)
            cur = nxt
        else:
            break
    return out


def _roles(
    toks: Sequence[Word], m: TriggerMatch, left: list[_Unit], right: list[_Unit], units: list[_Unit],
    *, event_head: bool = False,
) -> tuple[list[Ref], list[Ref]]:
    sense = m.sense
    # Places named as locations are not participants, and neither are sites (towns,
    # regions, buildings): a town shelled or besieged is where the event happened (its
    # place); PLOVER's actors and recipients are people, groups and states.
    left = [u for u in left if not _is_locative(u) and not u.site and not _scene_object(toks, u, m)
            and not _medium(toks, u) and u.prep != "of"]
    right = [u for u in right if not _is_locative(u) and not u.site and not _medium(toks, u) and u.prep != "of"]
    if sense.type not in SPEECH_TYPES:
        # Whoever reports a strike did not strike ("قال المرصد إن الغارات ...").
        left = [u for u in left if not u.source]
        right = [u for u in right if not u.source]
    # A relative clause on the trigger itself names its actor ("الهجوم الذي تشنه القوات
    # الحكومية", the attack the government forces are waging); a name inside a relative
    # clause on another noun belongs to that clause ("التحالف الدولي الذي تقوده واشنطن").
    own_rel = m.last + 1 < len(toks) and toks[m.last + 1].norm in _RELATIVE
    rel_actor: list[_Unit] = []
    kept: list[_Unit] = []
    for u in right:
        rel = [j for j in range(max(m.last + 1, u.first - 3), u.first) if toks[j].norm in _RELATIVE]
        if not rel:
            kept.append(u)
        elif own_rel and rel[0] == m.last + 1 and u.prep == "" and not rel_actor:
            rel_actor.append(u)
    right = kept
    actor: list[_Unit] = []
    target: list[_Unit] = []
    first_tok = toks[m.first]
    prev = toks[m.first - 1].norm if m.first > 0 else ""
    is_noun = sense.frame in ("noun", "participle") or "ال" in m.prefix

    if sense.type == "COERCE":
        # What follows "بتهمة" / "على خلفية" (on charges of) is the charge, not whom the
        # arrest befalls ("بتهمة الانتماء إلى تنظيم داعش").
        charge = _charge_start(toks, m)
        if charge is not None:
            right = [u for u in right if u.first < charge]
    agent = [u for u in right if u.prep == "agent"]
    right_nonagent = [u for u in right if u.prep != "agent"]
    bare_right = [u for u in right_nonagent if u.prep == ""]
    near_bare = [u for u in bare_right if _adjacent(toks, m.last, u)]
    prep_right = [u for u in right_nonagent if u.prep in _TARGET_PREPS or u.prep in ("ل", "بين")]

    if prev in _RELATIVE and event_head:
        # The relative pronoun stands for the event noun before it and is the verb's
        # subject ("القصف الذي يستهدف المدينة", the shelling that targets the city).
        target = (prep_right or bare_right)[:1]
    elif prev in _RELATIVE and left:
        head = left[-1]
        has_obj = any(first_tok.norm.endswith(s) for s in ("ها", "هم", "ه", "هما"))
        if has_obj:
            target = [head]
            actor = near_bare[:1] or bare_right[:1]
        elif _arrest_verb(toks, m) and _no_object(toks, m, bare_right):
            # "تاكاهاشي الذي اعتقل في حزيران" (Takahashi, who was arrested in June).
            target = [head]
            actor = agent[:1]
        else:
            actor = [head]
            target = (prep_right or bare_right)[:1]
    elif (passive_subj := _passive_subject(toks, m, left, bare_right)) is not None:
        # "إن صالح الجبوري اعتقل أمس بتهمة ..." (that Saleh al-Jubouri was arrested
        # yesterday on charges of ...): the person before the verb is the one arrested;
        # an arrester is named only by an agent phrase ("من قبل", "على يد").
        target = [passive_subj]
        actor = agent[:1]
    elif _counted_victims(toks, m):
        # "وقتل 10 من ميليشيات الحوثي" (ten of the Houthi militias were killed), "قتل ما
        # لا يقل عن 46 مدنيا": a count right after an unvowelled "قتل" is its passive
        # subject, the ones killed; an attacker is named only by an agent phrase.
        target = [u for u in right_nonagent if u.prep in ("", "من") and u.first - m.last <= 8][:1]
        actor = agent[:1]
    elif sense.frame == "passive" or _passive_reading(toks, m, left, near_bare, bare_right):
        # The subject of a passive before it: a person rather than the body in an
        # apposition ("اللواء وسام الحسن، رئيس شعبة المعلومات، قتل", the general, head
        # of the intelligence branch, was killed).
        people = [u for u in left if u.etype == "PER" and u.prep == ""]
        target = (near_bare or bare_right)[:1] or people[:1] or left[-1:]
        actor = agent[:1]
    elif is_noun:
        gen = [u for u in near_bare if u.first - m.last <= 2]
        if gen and gen[0].site and sense.gen == "actor":
            gen = []  # "معركة حلب" (the battle of Aleppo): a place, not a fighter
        if gen:
            # "استهداف قوات الاحتلال لهم" (the occupation forces' targeting of them): with
            # the object after li-, the genitive is the one acting.
            li_object = gen[0].last + 1 < len(toks) and toks[gen[0].last + 1].norm in _LI_PRONOUNS
            (actor if sense.gen == "actor" or li_object else target).append(gen[0])
        for u in right_nonagent:
            if u in gen:
                continue
            if u.prep == "ل":
                # "الهجوم استهدف تجمعا للشيعة" (the attack targeted a gathering of Shiites):
                # a li- phrase on a thing hit is whose it is, the target.
                held = u.first > m.last + 1 and _held(toks[u.first - 1])
                (actor if sense.lam == "actor" and not held else target).append(u)
            elif u.prep in _TARGET_PREPS:
                target.append(u)
            elif u.prep == "بين":
                actor.append(u)
            elif u.prep == "من" and (sense.type in _FROM_AGENT or (
                    sense.type == "ASSAULT" and u.first == m.last + 2 and not u.site)):
                # "دعم من التحالف" (support from the coalition), "قصف من تركيا" (shelling by
                # Turkey)
                actor.append(u)
            elif u.prep == "" and gen and sense.gen == "actor" and not target and (
                    0 < u.first - gen[-1].last <= 2):
                target.append(u)  # "قصف الجيش القرية" (the army's shelling of the village)
        actor += agent + rel_actor
        resumed = _resumptive_subject(toks, m, right_nonagent) if not actor else []
        actor += resumed
        if not actor and (before_verb := _resumptive_svo(toks, m, units)) is not None:
            actor.append(before_verb)
            resumed = [before_verb]
        if not actor and (claimer := _claimed_by(toks, m, units)) is not None:
            # "أعلن تنظيم داعش مسؤوليته عن تنفيذ هجوم" (ISIS claimed responsibility for
            # carrying out an attack): who claims an attack carried it out.
            actor.append(claimer)
            resumed = [claimer]
        lv = (_light_verb_subject(toks, m, left, units)
              if not gen and not agent and not rel_actor and not resumed else None)
        if lv is not None and lv not in actor:
            # "شنت تركيا عددا من الهجمات ضد معسكرات ... لحزب العمال" (Turkey launched
            # attacks on camps of the PKK): who launches it acts; a li- phrase further on
            # is whose the target is.
            if not target:
                target = [u for u in actor if u.prep == "ل"][:1]
            actor = [lv]
        if not actor and not target:
            # A bare noun in the clause of a named subject ("الجيش ... العمليات العسكرية"):
            # the subject is the one acting, or the one suffering it after a verb of
            # undergoing ("تعرضت القافلة لهجوم", the convoy came under attack).
            subj = [u for u in left if u.prep == "" and not u.site]
            if subj and not _framed(toks, _subject_reach(toks, subj[0].first), m.first):
                (target if _undergone(toks, m, subj[-1]) else actor).append(subj[-1])
        actor = actor[:1]
        target = [u for u in target if u not in actor][:1]
        if sense.type == "ASSAULT" and actor and not target and prep_right:
            target = [u for u in prep_right if u not in actor][:1]
        if not target and sense.type not in SPEECH_TYPES:
            target = [u for u in right_nonagent if u not in actor and u.prep in ("", "ضد", "علي")][:1]
    else:
        clause_initial = (
            m.first == 0 or _is_punct(toks[m.first - 1]) or prev in _CLAUSE_OPENERS
            or m.prefix[:1] in ("و", "ف") or not left
        )
        vso = near_bare[:1]
        if vso and vso[0].first > 0 and toks[vso[0].first - 1].norm in _HELD_NOUNS and vso[0].first - 1 > m.last:
            # "استهدف مواقع الجيش الوطني" (targeted the national army's positions): the
            # genitive of what is hit is whose it is, not the subject.
            target = vso
            vso = []
        svo = left[-1:]
        if vso and _unnamed_subject_between(toks, m.last, vso[0]):
            # "وهاجم المسلحون قوات الجيش العراقي" (the gunmen attacked the Iraqi army's
            # forces), "وقاطعت الدول العربية قطر": an unnamed plural subject stands between;
            # the name after it is the object, and the act has no named actor.
            target = target or vso
            vso, svo = [], []
        if svo and prev == "قد" and svo[0].last == m.first - 2 and svo[0].prep == "":
            # "وكان ترامب قد التقى بوتين" (Trump had met Putin): the name before قد is the
            # subject, the one after the verb its object.
            actor = svo
        elif vso and (clause_initial or not svo):
            actor = vso
        elif svo:
            actor = svo
        else:
            actor = vso
        rest = [u for u in right_nonagent if u not in actor and u not in target]
        tgt = target or [u for u in rest if u.prep in _TARGET_PREPS or u.prep == "" or u.prep == "ل"]
        if sense.type in ("REQUEST", "ACCUSE", "THREATEN", "REJECT"):
            # "دعا X إلى ..." / "طالب X بـ": the addressee is the bare object; what follows
            # إلى/بـ is the content, whose own target is taken only if nothing else is.
            bare = [u for u in rest if u.prep in ("", "ل", "ضد", "علي", "مع")]
            tgt = bare or tgt
        target = tgt[:1]
        actor += agent[:1] if not actor else []
    actor = [u for u in actor if not u.site]
    actor_all = [x for a in actor[:1] for x in _conjoined(units, a, toks) if not x.site]
    target_all = [x for t in target[:1] for x in _conjoined(units, t, toks)]
    return [_ref(u) for u in actor_all], [_ref(u) for u in target_all if u not in actor_all]


_NOT_BETWEEN = frozenset({
    "علي", "الي", "ان", "في", "من", "عن", "مع", "ضد", "بان", "انه", "انها", "الذي", "التي",
    "بعد", "قبل", "حول", "الا", "لا", "لم", "ما",
})


# Plural subjects named by what they are, not who ("الدول", the states; "الطائرات", the
# planes); sound plurals in -ūn ("المسلحون", the gunmen) count too.
_UNNAMED_PLURALS = frozenset(normalize(w) for w in (
    "الدول", "الطائرات", "المقاتلات", "الأهالي", "السكان", "الشبان", "المسلحين", "العناصر",
))


def _unnamed_subject_between(toks: Sequence[Word], last: int, u: _Unit) -> bool:
    """Whether the first word after a verb, before the mention `u`, is an unnamed plural
    subject ("المسلحون", "الدول العربية")."""
    words = [t for t in toks[last + 1 : u.first] if t.is_word]
    if not words or any(t.norm[:1] == "و" and len(t.norm) > 3 for t in [*words[1:], toks[u.first]]):
        return False  # (a subject joined to the name: "وحذر الفلسطينيون ووكالة الأونروا")
    w = words[0].norm
    return w.startswith("ال") and (w in _UNNAMED_PLURALS or (w.endswith("ون") and len(w) >= 6))


def _adjacent(toks: Sequence[Word], last: int, u: _Unit) -> bool:
    """Whether a mention follows a verb closely enough to be its subject or genitive:
    at most three words between, none of them a preposition or a clause word
    ("حثه على إقالة تيلرسون": Tillerson is inside the content, not the subject)."""
    between = toks[last + 1 : u.first]
    words = [t for t in between if t.is_word]
    if len(words) > 3:
        return False
    return not any(t.norm in _NOT_BETWEEN or t.norm.startswith(("بال", "لل")) for t in words)


# li- with a pronoun: the object of a verbal noun after its subject ("لهم", of them).
_LI_PRONOUNS = frozenset({"له", "لها", "لهم", "لهما", "لهن", "لنا", "لكم"})
# Words that open a count ("ما لا يقل عن", not less than; "نحو", about; "عشرات", tens).
_COUNT_OPENERS = frozenset({
    "ما", "اكثر", "نحو", "حوالي", "قرابة", "زهاء", "عشرات", "العشرات", "مئات", "المئات", "الاف",
    "اثنان", "اثنين", "ثلاثة", "اربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة",
    "شخص", "شخصا", "شخصان", "شخصين", "مدني", "مدنيا", "مدنيان", "مدنيين", "جندي", "جنديا",
    "جنديان", "جنديين", "طفل", "طفلا", "طفلان", "طفلين",
})


def _counted_victims(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a bare perfect "قتل" (qutila, was killed) is followed by a count of the
    killed: a number or a word that opens a count, where an active verb would have its
    subject."""
    # (Read as a verb or as the noun "qatl" at the head of a sentence, where the tagger's
    # frame may not say which: a count after it is who was killed either way.)
    # (Not after li- or bi-: "في محاولة لقتل ثلاثة قضاة", in an attempt to kill three
    # judges, has its object after it.)
    if (m.sense.type != "ASSAULT" or m.first != m.last or m.prefix not in ("", "و", "ف")
            or toks[m.first].norm[len(m.prefix):] != "قتل"):
        return False
    if m.last + 1 >= len(toks):
        return False
    nxt = toks[m.last + 1].norm
    return nxt[:1].isdigit() or nxt in _COUNT_OPENERS


def _passive_reading(
    toks: Sequence[Word], m: TriggerMatch, left: list[_Unit], near_bare: list[_Unit],
    bare_right: list[_Unit],
) -> bool:
    """Whether an unvowelled verb of force reads as passive: a damma on its first letter
    ("قُتل" qutila), or a person right after it with no subject before and no second
    bare name ("قتل العقيد محمد مبروك", Colonel Mabrouk was killed)."""
    if m.sense.frame != "verb" or m.sense.type not in ("ASSAULT", "COERCE"):
        return False
    word = toks[m.first].text[len(m.prefix):]
    if len(word) > 1 and word[1] == "\u064f":
        return True
    if "ال" in m.prefix or toks[m.first].norm[len(m.prefix):][:1] in ("ي", "ت", "ن"):
        return False
    stem = toks[m.first].norm[len(m.prefix):]
    if len(stem) >= 4 and stem[1] == "ا":
        # "هاجم" (hājama, attacked) is written "هوجم" (hūjima) in the passive: active.
        return False
    nxt = toks[m.last + 1].norm if m.last + 1 < len(toks) else ""
    if not near_bare and nxt[:1] == "ب" and nxt not in ("بين", "بان", "بانه", "بانها") and (
            any(u.etype == "PER" for u in left)):
        return True  # "قتل بسيارة مفخخة" (was killed by a car bomb): an instrument, no object
    return bool(near_bare) and near_bare[0].etype == "PER" and len(bare_right) == 1 and not left


# "بتهمة" / "بتهم" (on a charge / charges of), "على خلفية" (over, on account of).
_CHARGE_WORDS = frozenset(f"{c}{w}" for c in ("", "و") for w in ("بتهمة", "بتهمه", "بتهم", "بتهمتي"))
# Time words that may follow a passive arrest verb ("آب", August, is left out: also "father").
_PASSIVE_TIME = frozenset({
    "امس", "اليوم", "الليلة", "مساء", "صباح", "ليلة", "فجر", "ظهر", "يوم", "خلال", "الاسبوع",
    "الشهر", "العام", "مؤخرا", "حاليا", "منذ", "السبت", "الاحد", "الاثنين", "الثلاثاء",
    "الاربعاء", "الخميس", "الجمعة", "الماضي", "الماضية", "الحالي", "الجاري", "المنصرم",
    "الفائت", "وقت", "لاحق", "عام", "شهر", "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو",
    "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "اذار", "نيسان",
    "ايار", "حزيران", "تموز", "ايلول", "تشرين", "الاول", "الثاني",
})
_ARREST_MODES = frozenset({"arrest"})


def _charge_start(toks: Sequence[Word], m: TriggerMatch) -> int | None:
    """Index of the first token of a charge phrase in the trigger's clause, if any."""
    for j in range(m.last + 1, min(len(toks), m.last + 15)):
        w = toks[j].norm
        if _boundary(toks, j):
            return None
        if w in _CHARGE_WORDS:
            return j
        if w in ("علي", "وعلي") and j + 1 < len(toks) and toks[j + 1].norm == "خلفية":
            return j
    return None


def _passive_subject(
    toks: Sequence[Word], m: TriggerMatch, left: list[_Unit], bare_right: list[_Unit],
) -> _Unit | None:
    """The subject of an unvowelled arrest (abduction, killing) verb read as passive ("اعتقل"
    uʿtuqila, was arrested): a person named right before the verb in a nominal clause
    (after إن/أن, or at the head of the clause), with no object after the verb, which is
    followed by a time, a place, a charge ("بتهمة", "على خلفية"), an agent ("من قبل") or
    the end of the clause. No actor is guessed: only an agent phrase names one."""
    if not _arrest_verb(toks, m):
        return None  # an imperfect or an object pronoun: active
    subj = next((u for u in reversed(left) if u.prep == ""), None)
    if subj is None or subj.etype != "PER":
        return None
    between = [t for t in toks[subj.last + 1 : m.first] if not _is_punct(t)]
    if between:
        return None
    before = toks[subj.first - 1].norm if subj.first > 0 else ""
    if before and not (_is_punct(toks[subj.first - 1]) or before in _CLAUSE_OPENERS
                       or before in ("بان", "وان", "لان", "بانه", "وانه")):
        # A title before the name ("الناشط أحمد منصور") may stand between.
        b2 = toks[subj.first - 2].norm if subj.first > 1 else ""
        if not (b2 in _CLAUSE_OPENERS or b2 in ("بان", "وان", "لان")
                or (subj.first > 1 and _is_punct(toks[subj.first - 2])) or subj.first == 1):
            return None
    return subj if _no_object(toks, m, bare_right) else None


def _arrest_verb(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """A bare perfect verb of arrest, abduction or killing, one word without an object
    pronoun ("اعتقل", "احتجز", "اختطف", "قتل"): unvowelled, it may be read as passive."""
    sense = m.sense
    if sense.frame != "verb" or m.first != m.last or "ال" in m.prefix:
        return False
    stem = toks[m.first].norm[len(m.prefix):]
    if not ((sense.type == "COERCE" and sense.mode in _ARREST_MODES)
            or (sense.type == "ASSAULT" and (sense.mode == "abduct" or stem.startswith("قتل")))):
        return False
    return not (stem[:1] in ("ي", "ت", "ن") or stem.endswith(("ه", "ها", "هم", "هما", "نا", "كم")))


def _no_object(toks: Sequence[Word], m: TriggerMatch, bare_right: list[_Unit]) -> bool:
    """Whether nothing after an arrest verb can be its object: it is followed by the end
    of its clause, a charge, an agent phrase, or a time or a place and then one of those."""
    if any(_adjacent(toks, m.last, u) for u in bare_right):
        return False
    nxt = toks[m.last + 1] if m.last + 1 < len(toks) else None
    if nxt is None or _is_punct(nxt) or _boundary(toks, m.last + 1):
        return True
    w = nxt.norm
    if w in _CHARGE_WORDS or (w in ("علي", "وعلي") and m.last + 2 < len(toks)
                               and toks[m.last + 2].norm in ("خلفية", "يد")):
        return True
    if w == "من" and m.last + 2 < len(toks) and toks[m.last + 2].norm == "قبل":
        return True
    if w in _PASSIVE_TIME or w in ("في", "ب", "داخل", "قرب", "عند"):
        # A time or a place, then a charge, an agent or the end of the clause: no object.
        for j in range(m.last + 2, min(len(toks), m.last + 8)):
            t = toks[j]
            prev = toks[j - 1].norm
            if _is_punct(t) or _boundary(toks, j) or t.norm in _CHARGE_WORDS or (
                    t.norm == "قبل" and prev == "من") or (
                    t.norm in ("خلفية", "يد") and prev in ("علي", "وعلي")) or (
                    # "اعتقلت في واشنطن السبت ومثلت أمام المحكمة" (was arrested in Washington
                    # on Saturday and appeared in court): a joined verb goes on with the clause.
                    t.norm[:1] == "و" and not t.norm.startswith("وال")
                    and len(t.norm) > 3 and not any(u.first <= j <= u.last for u in bare_right)):
                return True
            if not (t.norm in _PASSIVE_TIME or t.norm in _LOCATIVE or t.norm in _PLACE_WORDS
                    or t.norm in ("علي", "وعلي") or t.norm.isdigit() or t.norm.startswith("بال")
                    or prev in _LOCATIVE or prev in _PLACE_WORDS or prev.isdigit()):
                return False  # a word that may be the object ("اعتقل أمس سمير علي")
        return False
    return False


_UNDERGO = frozenset(
    f"{p}{v}{s}" for p in ("", "و", "ف") for v in (
        "تعرض", "يتعرض", "تتعرض", "تلقي", "يتلقي", "تتلقي", "واجه", "يواجه", "تواجه",
        # Who foils or repels an attack is the one attacked ("أحبطت قواته هجوما", its
        # forces foiled an attack).
        "احبط", "يحبط", "تحبط", "افشل", "يفشل", "تفشل", "صد", "يصد", "تصد", "تصد", "يتصدي",
        "تتصدي", "تصدي")
    for s in ("", "ت", "وا", "ون", "ان")
) | frozenset(f"{p}تصدت" for p in ("", "و", "ف"))


def _undergoing_before(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a verb or verbal noun of undergoing ("تعرض", taʿarraḍa/taʿarruḍ, to come
    under; "تعرضها", its coming under) governs a li- trigger a few words on."""
    for k in range(m.first - 1, max(-1, m.first - 9), -1):
        t = toks[k]
        if not t.is_word or t.norm in _STRONG_BOUNDARY:
            return False
        n = t.norm
        if n in _UNDERGO or (n[-2:] in ("ها", "هم") and n[:-2] in _UNDERGO) or (
                n[-1:] == "ه" and n[:-1] in _UNDERGO):
            return True
    return False


def _undergone(toks: Sequence[Word], m: TriggerMatch, subj: _Unit) -> bool:
    """Whether a verb of undergoing or receiving governs the trigger and its subject
    ("تعرضت القافلة لهجوم", the convoy came under attack; "تلقى تهديدات", received threats),
    or the subject is the one a passive of harm before it befell ("قُتل ثلاثة مدنيين يمنيين
    ... في انفجار لغم", three Yemeni civilians were killed in a mine blast)."""
    if any(t.norm in _UNDERGO or t.norm in _SUCCUMBING for t in toks[max(0, subj.first - 2) : m.first]):
        return True
    return any(_harm_passive(t) or t.norm in _SUFFERING for t in toks[max(0, subj.first - 4) : subj.first])


_AUTHORITY_WORDS = frozenset(normalize(w) for w in (
    "الحكومي", "حكومي", "الحكومية", "حكومية", "الرسمي", "رسمي", "الرسمية", "رسمية", "الأمني",
    "أمني", "الأمنية", "أمنية", "العسكري", "عسكري", "العسكرية", "عسكرية", "الشرطة", "الجيش",
))
# What belongs to a party and is hit, taken or held ("مواقع الجيش", the army's positions).
_HELD_NOUNS = frozenset(normalize(w) for w in (
    "مواقع", "موقع", "مقر", "مقرات", "تجمعات", "تجمع", "معسكر", "معسكرات", "ثكنة", "ثكنات",
    "حشد", "تحصينات", "اهداف",
    "مراكز", "مركز", "نقاط", "نقطة", "تحصينات", "آليات", "منازل", "منزل", "دوريات", "دورية",
    "قافلة", "مخازن", "مستودعات", "سفينة"))  # (not "قوات", "عناصر": the party itself)
def _held(tok: Word) -> bool:
    """A noun of what belongs to a party and is hit ("مواقع", mawāqiʿ, positions; "تجمعا", tajammuʿan, a gathering), with its
    accusative alef if any."""
    n = tok.norm
    return n in _HELD_NOUNS or (n.endswith("ا") and n[:-1] in _HELD_NOUNS)


_QUOTE_MARKS = frozenset({'"', "«", "»", "“", "”"})
# Nouns for a party's arms before its name ("طيران التحالف", the coalition's aircraft).
_FORCE_NOUNS = frozenset({"طيران", "طائرات", "قوات", "مقاتلات", "مدفعية", "عناصر", "مسلحو", "مسلحي"})
_DESERVE = frozenset(f"{p}{v}" for p in ("", "و", "س") for v in (
    "يستحق", "تستحق", "يستحقون", "استحق", "استحقت"))
# Nouns of what befalls someone: what they govern is the victim ("مقتل المواطن محمد الرضيع
# ... جراء استهداف", the death of the citizen ... from the targeting; "إلى مقتل 17
# فلسطينيا", to the death of 17 Palestinians).
_SUFFERING_NOUNS = ("مقتل", "مصرع", "استشهاد", "اصابه", "اصابة", "وفاه", "وفاة", "جرح")
_SUFFERING = frozenset(f"{p}{n}" for p in ("", "و", "ب", "ل", "وب", "ول", "الي") for n in _SUFFERING_NOUNS)
# "توفي ... متأثرا بإصابته ... جراء انفجار" (died of his wounds from a blast): who died.
_SUCCUMBING = frozenset({"متاثرا", "متاثره", "متاثرين", "متاثرتين", "متاثرون"})


# Verbs of harm whose passive has the victim as its subject.
_HARM_STEMS = ("قتل", "جرح", "اغتيل", "اعدم", "ذبح", "خطف", "اختطف", "اعتقل", "اسر")
_PASSIVE_HARM = frozenset(f"{p}{v}" for p in ("", "و", "ف") for v in (
    "اصيب", "اصيبت", "اصيبوا", "اصيبا", "استشهد", "استشهدت", "استشهدوا", "توفي", "توفيت",
    "توفوا", "لقي", "لقيت", "لقوا"))


def _harm_passive(t: Word) -> bool:
    """A verb of harm that is passive by its form ("أُصيب", was wounded) or its vowels (a
    damma on the first letter: "قُتل" qutila, was killed)."""
    if t.norm in _PASSIVE_HARM:
        return True
    word = t.text.lstrip("وف")
    return len(word) > 1 and word[1] == "\u064f" and t.norm.lstrip("وف").startswith(_HARM_STEMS)


_RECEIVE = frozenset(
    f"{p}{v}" for p in ("", "و", "ف") for v in (
        "تحظي", "يحظي", "حظي", "حظيت", "تلقي", "تلقت", "يتلقي", "تتلقي", "نال", "نالت", "ينال",
        "تنال", "حصل", "حصلت", "يحصل", "تحصل")
)


def _received(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a verb of receiving stands just before the trigger ("تحظى ... بدعم")."""
    return any(t.norm in _RECEIVE for t in toks[max(0, m.first - 4) : m.first])


def _resumptive_subject(toks: Sequence[Word], m: TriggerMatch, right: list[_Unit]) -> list[_Unit]:
    """The subject of a light verb after an event noun that carries the noun as a pronoun
    ("هدنة إنسانية أعلنتها روسيا", a humanitarian truce Russia announced; "هجمات شنها
    التنظيم", attacks the organisation launched), also through a relative pronoun ("الهجوم
    الذي تشنه القوات الحكومية", the offensive the government forces are waging)."""
    stop = min(len(toks), m.last + 3)
    for j in range(m.last + 1, min(len(toks), m.last + 4)):
        w = toks[j].norm
        if not toks[j].is_word:
            return []
        if w in _RELATIVE:
            stop = min(len(toks), j + 2)
            continue
        if j >= stop:
            return []
        if w.endswith(("ها", "ه", "هم")) and any(
                stem in LIGHT_VERBS for _, stem in candidate_stems(w)[:3]):
            # The subject right after, or after a head noun ("شنتها طيران التحالف", the
            # coalition's aircraft launched it).
            near = [u for u in right if u.prep == "" and (
                u.first == j + 1 or (u.first == j + 2 and j + 1 < len(toks)
                                     and toks[j + 1].norm in _FORCE_NOUNS))][:1]
            if near:
                return near
            # A description before the name ('شنه "عناصر يطلقون على أنفسهم تنظيم داعش"',
            # launched by "elements calling themselves ISIS"): the first name in its clause.
            return [u for u in right if u.prep == "" and j + 1 < u.first <= j + 7 and not any(
                _is_punct(t) and t.norm not in _QUOTE_MARKS for t in toks[j + 1:u.first])][:1]
    return []


_CLAIM_VERBS = frozenset(f"{p}{v}" for p in ("", "و", "ف") for v in (
    "تبني", "تبنت", "يتبني", "تتبني", "تبنوا"))
_CLAIM_BETWEEN = frozenset({"عن", "تنفيذ", "شن", "ارتكاب", "الكامله", "الكاملة"})


def _claimed_by(toks: Sequence[Word], m: TriggerMatch, units: list[_Unit]) -> _Unit | None:
    """Who claims the event noun `m`: the subject of "أعلن/ادعى X مسؤوليته عن (تنفيذ) ..."
    (ʾaʿlana X masʾūliyyatahu ʿan tanfīdh, X claimed responsibility for carrying out ...)
    or of "تبنى X ..." (tabannā X, X claimed ...)."""
    k = m.first - 1
    while k >= 0 and m.first - k <= 4 and toks[k].norm in _CLAIM_BETWEEN:
        k -= 1
    if k < 0:
        return None
    w = toks[k].norm.lstrip("وف")
    if w.startswith(("مسؤوليت", "مسؤولية", "مسؤوليه")):
        before = [u for u in units if u.last < k and u.prep == "" and not u.site and k - u.last <= 6]
        return before[-1] if before else None
    start = next((j for j in range(m.first - 1, max(-1, m.first - 9), -1) if toks[j].norm in _CLAIM_VERBS), None)
    if start is None or any(not t.is_word for t in toks[start + 1:m.first]):
        return None
    between = [u for u in units if start < u.first and u.last < m.first and u.prep == "" and not u.site]
    if between:
        return between[0]
    before = [u for u in units if u.last < start and u.prep == "" and not u.site and start - u.last <= 3]
    return before[-1] if before else None


def _resumptive_svo(toks: Sequence[Word], m: TriggerMatch, units: list[_Unit]) -> _Unit | None:
    """The subject before a light verb that carries the event noun as a pronoun, in a
    clause on the noun: "ضربة جوية تزعم أن الولايات المتحدة شنتها" (ḍarba jawwiyya tazʿumu
    anna al-wilāyāt al-muttaḥida shannathā, an air strike it claims the United States
    launched)."""
    for j in range(m.last + 2, min(len(toks), m.last + 9)):
        w = toks[j].norm
        if not toks[j].is_word and w not in ("،", ","):
            return None
        if w.endswith(("ها", "ه", "هم")) and any(
                stem in LIGHT_VERBS for _, stem in candidate_stems(w)[:3]):
            return next((u for u in units if u.prep == "" and u.last == j - 1 and not u.site), None)
    return None


# Times between a light verb's subjects and its verbal noun ("فجر السبت", at dawn on Saturday).
_TIME_WORDS = _DAY_WORDS | frozenset(normalize(w) for w in (
    "فجر", "صباح", "مساء", "ليل", "ليلة", "ظهر", "عصر", "فجرا", "صباحا", "مساء", "ليلا", "ظهرا"))


def _light_verb_subject(
    toks: Sequence[Word], m: TriggerMatch, left: list[_Unit], units: list[_Unit]
) -> _Unit | None:
    """The subject of a light verb before a verbal noun ("شنت القوات هجوما"), across a
    list of subjects and a time ("شنت الولايات المتحدة وفرنسا وبريطانيا فجر السبت ضربات").
    Not before a noun of what befalls ("أعلن مقتله", announced his death): no one carries
    out a death."""
    if toks[m.first].norm[len(m.prefix):].startswith(_SUFFERING_NOUNS):
        return None
    for j in range(m.first - 1, max(-1, m.first - 9), -1):
        w = toks[j].norm
        if j < m.first - 5 and not all(
                any(u.first <= k <= u.last for u in units) or toks[k].norm.lstrip("و") in _TIME_WORDS
                for k in range(j + 1, m.first)):
            # A far light verb reaches only over its subjects and a time; not over a clause
            # ("كما أعلن مرارا، فإن إيران ... المفاوضات") or another noun ("أعلن الجيش مقتل
            # أحد جنوده إثر هجوم": the army announced, it did not attack).
            break
        if any(stem in LIGHT_VERBS for _, stem in candidate_stems(w)[:3]):
            after = [u for u in units if j < u.first < m.first and u.prep == ""]
            if after:
                return after[0]
            if w.endswith(("ها", "هم", "ه")) and w not in LIGHT_VERBS:
                # "شنها هجوما" (her launching an attack): the pronoun's referent, the
                # nearest name before, whatever governs it.
                near = [u for u in units if u.last < j and not u.site]
                return near[-1] if near else None
            before = [u for u in left if u.last < j and u.prep == ""]
            for u in reversed(before):
                # "قوات سوريا الديمقراطية، التي تدعمها الولايات المتحدة، تخوض معارك": the
                # subject is the head before the relative clause, not the name inside it.
                in_relative = any(t.norm in _RELATIVE for t in toks[max(0, u.first - 4) : u.first])
                closed = any(t.norm in ("،", ",") for t in toks[u.last + 1 : j])
                if in_relative and closed:
                    continue
                return u
            return None
    return None


def _status(toks: Sequence[Word], m: TriggerMatch, left_stop: int) -> str:
    prefix = m.prefix
    word = toks[m.first].norm
    if "س" in prefix and word[len(prefix) : len(prefix) + 1] in ("ي", "ت", "ن"):
        return "future"
    before = [t.norm for t in toks[max(left_stop, m.first - 4) : m.first]]
    if before and before[-1] in ("لم", "لن", "ولم", "ولن", "فلم", "لا", "ولا", "عدم", "بعدم"):
        return "negated"
    if before and before[-1] in ("ما", "وما", "فما") and (
            len(before) == 1 or not toks[m.first - 2].is_word or before[-2] in _CLAUSE_OPENERS):
        return "negated"  # "ما قتل" (he did not kill), not "وهو ما نفته" (which it denied)
    if not _NEGATION.isdisjoint(before[-2:]):
        return "negated"
    if len(before) >= 3 and before[-1] in ("او", "ولا") and before[-3] in (
            "لم", "لن", "ولم", "ولن", "فلم", "لا", "ولا"):
        return "negated"  # "لم تتواصل أو تنسق" (did not contact or coordinate)
    if len(before) >= 1 and _future_light_verb(toks[m.first - 1].norm):
        return "future"  # "سيشن هجوما" (will launch an attack)
    clause = [t.norm for t in toks[left_stop : m.first]]
    if not _CONDITIONAL.isdisjoint(clause):
        return "hypothetical"
    after = [t.norm for t in toks[m.last + 1 : m.last + 3]]
    if not _HYPO_AFTER.isdisjoint(after) or (before and before[-1] in ("قد", "ربما")
                                              and word[:1] in ("ي", "ت")):
        return "hypothetical"
    if not _FUTURE.isdisjoint(before):
        return "future"
    return "asserted"


def _future_light_verb(word: str) -> bool:
    """A light verb with the future's س ("سيشن", sa-yashunnu, will launch)."""
    w = word[1:] if word[:1] in ("و", "ف") else word
    return w[:1] == "س" and w[1:2] in ("ي", "ت", "ن") and any(
        stem in LIGHT_VERBS for _, stem in candidate_stems(w[1:])[:3])


def _place(
    ctx: _DocContext, toks: Sequence[Word], m: TriggerMatch, right: list[_Unit],
    units: list[_Unit], used: list[Ref],
) -> Ref | None:
    used_ids = {r.entity for r in used if r.entity}
    loc = [u for u in units if u.place is not None and _is_locative(u) and u.first > m.last
           and u.first - m.last <= 12 and u.entity not in used_ids]
    if loc:
        u = loc[0]
        return Ref(u.place.entity if u.place else u.entity, u.text)
    if m.sense.type in SPEECH_TYPES:
        return None
    cands = [u for u in units if u.place is not None and _is_locative(u) and u.entity not in used_ids]
    if cands:
        u = min(cands, key=lambda x: abs(x.first - m.first))
        return Ref(u.place.entity if u.place else u.entity, u.text)
    return None


def _speaker_ref(q: Quote) -> Ref | None:
    if q.speaker is None:
        return None
    return Ref(q.speaker.entity, q.speaker.text)


def _governed(toks: Sequence[Word], speech: TriggerMatch, content: TriggerMatch) -> bool:
    """Whether a later trigger is the content of a speech act: introduced by إلى/أن/بـ/على
    or a light verb right before it, or carrying بـ/لـ itself, with no other trigger
    in between ("طالب العشائر بمنع ..." ṭālaba al-ʿashāʾir bi-manʿ, asked the tribes to
    prevent ...). A later event named as a reason ("من الهجوم التركي", from the Turkish
    attack) is not content."""
    if content.prefix[-1:] in ("ب", "ل") or content.prefix.endswith(("بال", "لل")):
        return True
    for j in range(content.first - 1, max(speech.last, content.first - 4), -1):
        w = toks[j].norm
        if not toks[j].is_word:
            continue  # quotation marks: "مقترحا على الرئيس "الاجتماع""
        if w in _CONTENT_INTRO or w in LIGHT_VERBS or (w[:1] == "ب" and w[1:] in LIGHT_VERBS):
            return True
    return False


_SOURCE_CUES = ("وفق", "وفقا", "بحسب", "حسب", "نقلا", "طبقا", "استنادا")


def _source_cue(q: Quote) -> bool:
    """A quote attributed to a source ("وفقا للرسائل", according to the messages) rather
    than spoken: the source did not make the threat or the demand it reports."""
    if q.cue is None:
        return False
    return normalize(q.cue.text).lstrip("و").startswith(_SOURCE_CUES)


def _judged(toks: Sequence[Word], describe: TriggerMatch, judgement: TriggerMatch) -> bool:
    """Whether a judgement is what a describing verb says ("وصفت الإجراءات التي ...
    بأنها غير مقبولة", waṣafat al-ijrāʾāt ... bi-annahā ghayr maqbūla: called the
    measures ... unacceptable): بأن or بـ opens it after the verb, in the same clause."""
    for t in toks[describe.last + 1 : judgement.first + 1]:
        if t.norm.startswith(("بان", "بانه", "بانها", "بانهم")) or (
                t.norm.startswith("ب") and t is toks[judgement.first]):
            return True
    return False


# Nouns of a party's people, with its pronoun ("جنوده", its soldiers).
_PERSONNEL = frozenset(normalize(w) for w in (
    "جنود", "عناصر", "افراد", "مقاتلي", "منتسبي", "ضباط", "اعضاء", "جندي", "عنصر", "ضابط"))


def _owned_personnel(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether "(أحد/عدد من) جنوده" ((aḥad/ʿadad min) junūdihi, one of its soldiers) follows the noun `m`."""
    for j in range(m.last + 1, min(len(toks), m.last + 4)):
        w = toks[j].norm
        for suf in ("هم", "ها", "ه"):
            if w.endswith(suf) and w[:-len(suf)] in _PERSONNEL:
                return True
        if (not toks[j].is_word or w not in ("احد", "عدد", "من", "اثنين", "ثلاثة")) and not w.isdigit():
            return False
    return False


# Words of sport and of violence, to tell a match report (see `_sports_report`).
_SPORT_WORDS = frozenset(normalize(w) for w in (
    "مباراة", "المباراة", "مباريات", "المباريات", "الدوري", "دوري", "المنتخب", "منتخب", "هدف",
    "الهدف", "أهداف", "الأهداف", "ملعب", "الملعب", "لاعب", "اللاعب", "لاعبي", "اللاعبين", "المدرب",
    "مدرب", "البطولة", "بطولة", "الشوط", "المونديال", "مونديال", "النادي", "نادي", "الفريق",
    "هدفا", "التعادل", "بالتعادل", "الفوز", "بالفوز", "الموسم", "الكرة", "كرة", "المرمى", "مرمى"))
_VIOLENCE_WORDS = frozenset(normalize(w) for w in (
    "قتل", "مقتل", "قتلى", "قتيل", "جرح", "جرحى", "جريح", "اعتداء", "الاعتداء", "مسلح", "مسلحون",
    "مسلحين", "رصاص", "بالرصاص", "قنبلة", "انفجار", "الانفجار", "تفجير", "إرهابي", "الإرهابي",
    "إرهابية", "الإرهابية", "غارة", "غارات", "قصف", "صاروخ", "صواريخ", "الشرطة", "شرطة", "سلاح",
    "أسلحة", "اعتقال", "اعتقل", "اعتقلت", "طعن", "دهس", "حافلة", "الحافلة", "القبض", "قبض",
    "احتجاز", "الأمن", "الأمنية", "السجن", "بالسجن", "مشجعي", "المشجعين", "الشغب"))


def _sports_report(tokens: Sequence[Word]) -> bool:
    """Whether an article is a sports report: words of the game well outnumber words of
    violence (ten or more, three to one)."""
    sport = sum(1 for t in tokens if t.norm.lstrip("وفب") in _SPORT_WORDS or t.norm in _SPORT_WORDS)
    violence = sum(1 for t in tokens if t.norm.lstrip("وفب") in _VIOLENCE_WORDS or t.norm in _VIOLENCE_WORDS)
    return sport >= 10 and sport >= 3 * violence


# Words that name a match as well as a meeting ("لقاء" liqāʾ, "قمة" qimma: a summit or a
# top match; "التقى" iltaqā, met or played) and what tells the match in its sentence.
_MATCH_WORDS = frozenset(normalize(w) for w in (
    "لقاء", "اللقاء", "لقاءات", "اللقاءات", "لقاءا", "لقاءي", "التقى", "التقت", "يلتقي", "تلتقي",
    "التقيا", "التقتا", "يلتقيان", "تلتقيان", "التقوا", "قمة", "القمة"))
_MATCH_CONTEXT = frozenset(normalize(w) for w in (
    # Not "هدف" (also an aim), "الفوز" (also an election win), "المنتخب" (also elected),
    # "الفريق" (also a general), "الجولة" (also a round of talks) or "النهائي" (final).
    "مباراة", "المباراة", "مباريات", "المباريات", "الدوري", "دوري", "ملعب", "الملعب", "ملعبه",
    "ملعبها", "المدرب", "مدرب", "البطولة", "بطولة",
    "الشوط", "المونديال", "مونديال", "النادي", "نادي", "الأندية", "التعادل", "بالتعادل", "الكرة",
    "كرة", "المرمى", "الإياب", "إياب", "ودية", "الودية", "وديا", "تصفيات", "التصفيات", "كأس",
    "الكأس", "ضيفه", "ضيفها", "مضيفه", "الفريقين", "الفريقان", "المنتخبين", "المنتخبان"))


def _match_word(text: str) -> bool:
    return any(stem in _MATCH_WORDS for _, stem in candidate_stems(normalize(text)))


def _sporting_sentence(tokens: Sequence[Word], starts: list[int], span: tuple[int, int]) -> bool:
    lo = bisect.bisect_left(starts, span[0])
    hi = bisect.bisect_left(starts, span[1])
    return any(t.norm in _MATCH_CONTEXT or t.norm.lstrip("وفبل") in _MATCH_CONTEXT for t in tokens[lo:hi])


# How an attack in words goes on ("واصفا إياه", calling him) and what it is aimed at
# ("تصريحات", statements): a person's attack on those is criticism.
_CRITICISING = frozenset(normalize(w) for w in (
    "واصفا", "واصفة", "واصفين", "متهما", "متهمة", "متهمين", "منتقدا", "منتقدة", "معتبرا",
    "معتبرة", "قائلا", "قائلة", "مضيفا", "مضيفة", "بشدة", "بعنف", "تصريحات", "سياسة", "سياسات",
    "قرار", "قرارات", "الإعلام", "وسائل", "مواقف", "موقف", "تغريدة", "خطاب"))


def _verbal_attack(toks: Sequence[Word], m: TriggerMatch, actor: list[Ref], target: list[Ref],
                   types: Mapping[str, str]) -> bool:
    """Whether "هاجم" (attacked) is said of words: a person attacks a person, or what
    follows in the clause is how it was said or a statement, a policy or the media."""
    def typed(refs: list[Ref], want: str) -> bool:
        return any(types.get(r.entity or "") == want for r in refs)
    if typed(actor, "PER") and typed(target, "PER"):
        return True
    if not typed(actor, "PER") and not typed(actor, "ORG"):
        return False
    end = _right_limit(toks, m.last, m)
    return any(t.norm in _CRITICISING or t.norm.lstrip("و") in _CRITICISING
               for t in toks[m.last + 1 : end + 2])


def _violent_sentence(tokens: Sequence[Word], starts: list[int], span: tuple[int, int]) -> bool:
    lo = bisect.bisect_left(starts, span[0])
    hi = bisect.bisect_left(starts, span[1])
    return any(t.norm.lstrip("وفب") in _VIOLENCE_WORDS or t.norm in _VIOLENCE_WORDS for t in tokens[lo:hi])


def _without_subject_nouns(toks: Sequence[Word], matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Drop a bare verbal noun right after a verb of its type: "واستهدفت الغارات مواقع"
    (wa-stahdafat al-ghārāt mawāqiʿ, the raids targeted positions) is one attack, told by the verb, whose subject the noun
    is; as an event of its own the noun took the positions' owners for its attackers. A
    noun with an adjective ("غارات تركية", ghārāt turkiyya, Turkish raids) keeps the side it names."""
    out: list[TriggerMatch] = []
    for m in matches:
        prev = out[-1] if out else None
        nxt = toks[m.last + 1].norm if m.last + 1 < len(toks) else ""
        if (prev is not None and prev.sense.frame == "verb" and prev.prefix in ("", "و", "ف")
                and m.prefix in ("", "ال") and (m.sense.frame in ("noun", "participle") or m.prefix == "ال")
                and m.first == prev.last + 1 and m.sense.type == prev.sense.type
                and not nxt.endswith(("ية", "يه", "ي"))):
            continue
        out.append(m)
    return out


def _absorb(speech: _Draft, content: _Draft) -> None:
    """Fold a complement event into the speech act that states it."""
    ct = content.sense.type
    if content.sense.evaluates and speech.sense.describes:
        # "وصفها بأنها غير مقبولة" (described them as unacceptable): the judgement, not
        # the describing, says what the act is.
        speech.sense = replace(speech.sense, type=ct, mode=None)
        speech.mode = None
    if speech.sense.type == "AGREE" and speech.sense.mode == "pledge" and ct in _VIOLENT:
        speech.sense = replace(speech.sense, type="THREATEN", mode="violence")
        speech.mode = "violence"
    if speech.sense.type == "THREATEN" and ct in _VIOLENT:
        speech.mode = speech.mode or "violence"
    elif speech.sense.type == "REQUEST":
        # What is asked: PLOVER's modes for yielding, meeting and help; "violence" for a
        # call to attack (the means go to the context).
        speech.mode = speech.mode or _REQUEST_MODE.get(ct, "violence" if ct in _VIOLENT else "change")
    if ct in _VIOLENT:
        speech.context.append("military" if ct != "COERCE" else "legal")
        if content.mode:
            speech.context.append(content.mode)
    if not speech.target and content.target:
        speech.target = [r for r in content.target if not any(_same(r, a) for a in speech.actor)]
    elif speech.sense.type in ("REQUEST", "THREATEN") and ct in _VIOLENT:
        # A call on fighters to attack a party ("دعا العناصر إلى شن هجمات ضد المليشيات",
        # called on the members to attack the militias) is aimed at that party too.
        speech.target += [r for r in content.target
                          if not any(_same(r, x) for x in (*speech.actor, *speech.target))]
    speech.complement_end = max(speech.complement_end, content.complement_end)


# --- merging ----------------------------------------------------------------------------------

# Verbs of causing before a death noun ("ما أدى إلى مقتل", which led to the death of;
# "أسفر عن مقتل", resulted in the killing of).
_CAUSED = frozenset(
    f"{p}{v}" for p in ("", "و", "ف", "م") for v in (
        "ادي", "ادت", "يؤدي", "تؤدي", "اسفر", "اسفرت", "يسفر", "تسفر", "خلف", "خلفت", "اوقع",
        "اوقعت", "تسبب", "تسببت", "اودي", "اودت", "اسفرا")
)


_DEATH = frozenset({"قتل", "مقتل", "بمقتل", "وقتل", "قتلي", "مصرع", "بمصرع"})


def _counts_dead(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a death word is followed by a number ("قتل 14 شخصا", "مقتل ثمانية
    عسكريين"): a toll, not an attack of its own."""
    if toks[m.first].norm not in _DEATH:
        return False
    nxt = [t for t in toks[m.last + 1 : m.last + 6] if t.is_word]
    if len(nxt) > 2 and nxt[0].norm in ("في", "جراء", "بسبب"):
        nxt = nxt[2:]  # "وقتل في الهجوم سبعة" (seven were killed in the attack)
    return bool(nxt) and (nxt[0].text.isdigit() or nxt[0].norm in _NUMBER_WORDS
                          or nxt[0].norm in ("اكثر", "نحو", "حوالي"))


def _in_told_attack(toks: Sequence[Word], m: TriggerMatch) -> str:
    """The attack noun when a death word says the deaths happened in an attack the
    article has told ("وقتل في الهجوم سبعة", wa-qutila fī al-hujūm sabʿa, seven were killed
    in the attack): the definite noun refers back to that attack. Else ""."""
    if toks[m.first].norm not in _DEATH:
        return ""
    nxt = [t for t in toks[m.last + 1 : m.last + 4] if t.is_word]
    if len(nxt) >= 2 and nxt[0].norm in ("في", "جراء", "خلال", "بسبب") and nxt[1].norm in _TOLD_ATTACKS:
        return nxt[1].norm
    return ""


def _survived(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """An attack someone survived ("نجا الوزير من محاولة اغتيال", najā al-wazīr min
    muḥāwalat ightiyāl, the minister survived an assassination attempt): the subject of
    the verb of surviving is the one attacked."""
    if m.first == 0 or toks[m.first - 1].norm != "من":
        return False
    return any(t.norm.lstrip("وف") in _SURVIVING for t in toks[max(0, m.first - 6) : m.first - 1])


_SURVIVING = frozenset({"نجا", "نجت", "نجوا", "ينجو", "تنجو", "ينجون", "نجاة", "بنجاة"})


def _definite(norm: str) -> bool:
    return norm.startswith(("ال", "وال", "فال", "بال", "لل"))


def _definite_attack(text: str) -> bool:
    """A one-word definite attack noun ("الهجوم", "بالتفجير"), which refers back."""
    words = normalize(text).split()
    if len(words) != 1:
        return False
    w = words[0]
    for p in ("و", "ف", "ب", "ل"):
        if w.startswith(p + "ال"):
            w = w[1:]
            break
    return w in _TOLD_ATTACKS


def _dies_in_attack(toks: Sequence[Word], m: TriggerMatch) -> bool:
    """Whether a death word says where the dead fell: in an attack the sentence tells
    ("قتل ضابط وجندي في عملية دهس", qutila ḍābiṭ wa-jundī fī ʿamaliyyat dahs, an officer
    and a soldier were killed in a ramming attack): the deaths are that attack's toll."""
    if toks[m.first].norm not in _DEATH:
        return False
    nxt = [t.norm for t in toks[m.last + 1 : m.last + 9] if t.is_word]
    return any(a in ("في", "جراء", "اثر", "خلال") and _attack_stem(b) in _ATTACK_STEMS
               for a, b in itertools.pairwise(nxt))


# Stems (see `_attack_stem`) of nouns naming an attack a death can be told in.
_ATTACK_STEMS = frozenset({"هجم", "عمل", "تفج", "انف", "غر", "قصف", "اشت", "اعت", "كمن"})


def _attack_stem(text: str) -> str:
    """A rough stem to tell whether two attack nouns are one word ("الهجوم", "هجمات" ->
    "هجم"; "التفجير", "تفجيرات" -> "تفج")."""
    words = normalize(text, loose=True).split()
    w = words[0] if words else ""
    for p in ("وال", "بال", "فال", "لل", "ال"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    for suf in ("ات", "ين", "ان", "ه", "ة", "ا"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return (w[:1] + "".join(c for c in w[1:] if c not in "اوي"))[:3]


# Definite attack nouns that refer back to an attack already told.
_TOLD_ATTACKS = frozenset({
    "الهجوم", "الهجومين", "الهجمات", "الاعتداء", "الاعتداءين", "الانفجار", "التفجير",
    "التفجيرين", "الغارة", "الغارات", "القصف", "الحادث", "الاشتباكات", "المعارك",
})

_NUMBER_WORDS = frozenset({
    "اثنين", "اثنان", "ثلاثة", "اربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة",
    "عشرات", "مئات", "الاف", "عشرين", "ثلاثين", "اربعين", "خمسين", "مئة", "مائة",
})


def _fold_coordinated(drafts: list[_Draft]) -> list[_Draft]:
    """"قتال التنظيم وطرده من حلب" (qitāl at-tanẓīm wa-ṭardihi min ḥalab, fighting the
    group and driving it out of Aleppo): an attack word joined by و with a pronoun for the
    party just named goes on the same fight, not a new one."""
    out: list[_Draft] = []
    for d in drafts:
        w = normalize(d.trigger.text)
        prev = out[-1] if out else None
        if (prev is not None and d.sense.type == "ASSAULT" and prev.sense.type == "ASSAULT"
                and prev.sentence == d.sentence and (d.means or (
                    " " not in w and w.startswith("و") and w.endswith(("ه", "ها", "هم"))
                    and len(w) > 4 and 0 <= d.trigger.start - prev.trigger.end <= _COORDINATED_GAP))):
            # Its own reading of roles mistakes the party just named for a subject.
            d.actor, d.target = [], []
            _fold(prev, d)
            continue
        out.append(d)
    return out


_COORDINATED_GAP = 40  # characters: a name or two between the two words


def _fold_consequences(drafts: list[_Draft]) -> list[_Draft]:
    """Deaths an event caused are that event's toll, not another attack: fold each into
    the attack told just before it (same sentence, else the one before), and drop it when
    no attack is told there (an accident: "تحطم طائرة ... أدى إلى مقتل 32 شخصا")."""
    out: list[_Draft] = []
    anaphors: set[int] = set()
    told_in: dict[int, _Draft] = {}  # sentence -> the earlier attack its deaths belong to
    for i, d in enumerate(drafts):
        if id(d) in anaphors:
            continue
        host_before = told_in.get(d.sentence) or told_in.get(d.sentence - 1)
        if d.toll and host_before is not None:
            # "..., فيما قتل تسعة" (while nine were killed), or the next sentence's
            # count of the same dead.
            _fold(host_before, d)
            told_in[d.sentence] = host_before
            continue
        if d.told_before and not d.consequence:
            # "وقتل في الهجوم سبعة" after the attack was told: the deaths and "the
            # attack" both belong to that earlier attack.
            earlier = [o for o in out if o.sense.type == "ASSAULT" and o.sentence < d.sentence
                       and not o.toll and not o.consequence]
            # "The attack" is the one told with the same noun, else the story's first.
            noun = _attack_stem(d.told_before)
            told = next((o for o in reversed(earlier) if _attack_stem(o.trigger.text) == noun),
                        earlier[0] if earlier else None)
            if told is not None:
                _fold(told, d)
                told_in[d.sentence] = told
                anaphors.update(id(o) for o in drafts[i + 1 : i + 2] if o.sentence == d.sentence
                                and 0 <= o.trigger.start - d.trigger.end <= 6)
                continue
        if d.toll and not d.consequence:
            # A count of the dead told with an attack in the same sentence (before or
            # after it) is that attack's toll.
            host = next((o for o in [*reversed(out), *drafts[i + 1 :]] if o.sense.type == "ASSAULT"
                         and o.sentence == d.sentence and not o.toll and not o.consequence), None)
            if host is not None:
                _fold(host, d)
                if d.trigger.start < host.trigger.start:
                    host.trigger = d.trigger
                    # The name before the death word is who died ("قُتل جنود ...").
                    host.fallback, host.fallback_target = d.fallback, d.fallback_target
                    host.fallback_near = d.fallback_near
                continue
        if not d.consequence:
            out.append(d)
            continue
        hosts = [o for o in reversed(out) if o.sense.type == "ASSAULT" and not o.consequence
                 and d.sentence - 1 <= o.sentence <= d.sentence]
        # "أدى إلى مقتل خمسة في غارة" (led to five deaths in an air strike): or just after.
        hosts += [o for o in drafts[i + 1 :] if o.sense.type == "ASSAULT" and not o.consequence
                  and o.sentence == d.sentence]
        if hosts:
            _fold(hosts[0], d)
        elif d.target:
            out.append(d)  # named victims of an attack told elsewhere
    return out



def _key_refs(refs: Sequence[Ref]) -> frozenset[str]:
    return frozenset(r.entity or normalize(r.text, loose=True) for r in refs)


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    """One party set inside the other (Trump meeting Kim, then Trump alone)."""
    return bool(a and b) and (a <= b or b <= a)


def _same_side(a: list[Ref], b: list[Ref], types: dict[str, str]) -> bool:
    """Whether two actor lists can be one speaker: either is unnamed, they share a name,
    or one is a person and the other a group (a spokesman and his organisation); two
    different states or groups are two statements."""
    if not a or not b or _key_refs(a) & _key_refs(b):
        return True
    pa = any(types.get(r.entity or "") == "PER" for r in a)
    pb = any(types.get(r.entity or "") == "PER" for r in b)
    return pa != pb


def _told_again(o: _Draft, d: _Draft) -> bool:
    """Whether two speech acts of the same parties can be one told twice: in the lead and
    the body, or in the same words in neighbouring sentences. The same party asking the
    same one in other words made another request ("أرسل توصيات إلى ترامب", then "مقترحا
    على الرئيس الأمريكي الاجتماع")."""
    return min(o.sentence, d.sentence) <= 1 or (abs(o.sentence - d.sentence) <= 2 and o.sense == d.sense)


def _merge(drafts: list[_Draft], types: dict[str, str] | None = None,
           places: Mapping[str, Place] | None = None) -> list[_Draft]:
    """One event per real occurrence: same type and participants merge; within a
    sentence, an event without participants joins a same-type event next to it.

    `types`: entity id -> type; `places`: entity id -> its place (kind and country)."""
    types = types or {}
    out: list[_Draft] = []
    by_key: dict[tuple[str, frozenset[str], frozenset[str]], _Draft] = {}
    for d in drafts:
        a, t = _key_refs(d.actor), _key_refs(d.target)
        if (a or t) and d.sense.type in _SYMMETRIC:
            # Meetings have sides, not directions: the same parties
            # meeting again in the article is the same meeting (reported, then detailed).
            both = a | t
            twin = next((o for o in out if o.sense.type == d.sense.type
                         and _nested(both, _key_refs(o.actor) | _key_refs(o.target))), None)
            if twin is not None:
                known = twin.actor + twin.target
                twin.target += [r for r in d.actor + d.target if not any(_same(r, x) for x in known)]
                _fold(twin, d)
                continue
        if t and d.sense.type in SPEECH_TYPES:
            # One statement reported twice (headline and body) may name the speaker
            # once and the group once: same speech act, same target -> one event.
            twin = next((o for o in out if o.sense.type == d.sense.type and o.status == d.status
                         and _key_refs(o.target) == t and _told_again(o, d)
                         and _same_side(o.actor, d.actor, types)), None)
            if twin is not None:
                twin.actor += [r for r in d.actor if not any(_same(r, x) for x in twin.actor)]
                _fold(twin, d)
                continue
        if a and d.sense.type in SPEECH_TYPES and d.sense.evaluates:
            # The same judgement by the same speaker told twice (headline and body) naming
            # the judged parties differently: one statement.
            twin = next((o for o in out if o.sense.type == d.sense.type and o.sense.evaluates
                         and _key_refs(o.actor) == a and o.status == d.status
                         and normalize(o.trigger.text) == normalize(d.trigger.text)), None)
            if twin is not None:
                twin.target += [r for r in d.target if not any(_same(r, x) for x in twin.target)]
                _fold(twin, d)
                continue
        if a or t:
            key = (d.sense.type, a, t)
            prev = by_key.get(key)
            if prev is not None and _distinct_attacks(prev, d):
                prev = None
            if prev is None and d.sense.type in _ACCOUNTED:
                # The same attack told with fewer details in the same sentence or the
                # next ones (the lead, then who did it, then whom it hit).
                for o in reversed(out):
                    if d.sentence - o.sentence > _ACCOUNT_SPAN:
                        break
                    oa, ot = _key_refs(o.actor), _key_refs(o.target)
                    # Compatible accounts: no side names a different attacker or victim
                    # ("قتل بسيارة مفخخة فجرت": killed by a car bomb that was set off).
                    if o.sense.type == d.sense.type and (not oa or not a or oa == a) and (
                            not ot or not t or ot == t) and not (oa & t or ot & a) and (
                            o.sentence == d.sentence or not _dates_differ(o, d)):
                        # Across sentences the accounts must not be told of different days.
                        prev = o
                        break
            if prev is not None and prev.status == d.status:
                _fold(prev, d)
                by_key[key] = prev
                continue
            by_key[key] = d
            out.append(d)
            continue
        if d.sense.weak and not (d.quote is not None and d.sense.type == "THREATEN"):
            # (A threat in reported words is one whoever said it: "قال لي إنه سيعود
            # لينتقم مني", he told me he would come back to take revenge on me.)
            continue
        out.append(d)
    return _fold_bare(out, places or {})


_CHARGE_STEMS = ("اتهام", "ادعاء", "مزاعم", "المزاعم")


def _drop_referred_accusations(events: list[_Draft]) -> list[_Draft]:
    """"الاتهامات" (al-ittihāmāt, the accusations) or "اتهامها" (accusing her) once an
    accusation has been told refer back to it, mostly to deny or describe it ("وصف
    الاتهامات بأنها دعاية", called the accusations propaganda): no new accusation."""
    order = {id(e): i for i, e in enumerate(events)}
    out: list[_Draft] = []
    seen = False
    for d in sorted(events, key=lambda e: e.trigger.start):
        if d.sense.type == "ACCUSE":
            w = normalize(d.trigger.text.split()[0]).lstrip("وفبل")
            definite = w.startswith("ال") and w[2:].startswith(_CHARGE_STEMS)
            owned = w.startswith(_CHARGE_STEMS) and w.endswith(("ها", "ه", "هم"))
            if seen and (definite or owned):
                continue
            seen = True
        out.append(d)
    return sorted(out, key=lambda e: order[id(e)])


def _distinct_attacks(a: _Draft, b: _Draft) -> bool:
    """Two attacks by the same side, neither naming whom it hit, are two attacks when they
    are told more than a sentence apart and the first is not in the headline or lead (which
    sum up the body): a campaign is many attacks, each told where it happens."""
    if a.sense.type != "ASSAULT" or a.target or b.target:
        return False
    return b.sentence - a.sentence > _ATTACK_SPAN and a.sentence > 1


_ATTACK_SPAN = 1  # sentences
# A bare attack with a place of its own told further than this after the last named
# attack is another attack of the campaign, not that one told again.
_CAMPAIGN_SPAN = 4  # sentences
_ACCOUNT_SPAN = 2  # sentences within which compatible accounts of an attack are one attack
# Acts of force and coercion, which the news tells in several partial accounts.
_ACCOUNTED = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})


def _fold_bare(events: list[_Draft], places: Mapping[str, Place]) -> list[_Draft]:
    """Events named without any participant ("المعارك", the fighting; "الهجوم", the
    attack) are mostly re-mentions: fold each into the nearest same-type event with
    participants (earlier, or up to two sentences later); keep one per type and place
    otherwise."""
    full = [d for d in events if d.actor or d.target]
    kept_bare: list[_Draft] = []
    out_ids: set[int] = {id(d) for d in full}
    for d in events:
        if d.actor or d.target:
            continue
        # In the next or previous sentence a different place is a nearer or wider name
        # for where the same event happened, not another event.
        same = [o for o in full if o.sense.type == d.sense.type
                and (o.sentence <= d.sentence or o.sentence - d.sentence <= 2)
                and (not _places_differ(o, d, places) or abs(o.sentence - d.sentence) <= 1)
                # Far into a campaign story, fighting told at a place is new fighting
                # ("اشتباكات عنيفة تجري قرب حرستا", fierce clashes near Harasta).
                and not (d.sense.type == "ASSAULT" and d.place is not None
                         and d.sentence - o.sentence > _CAMPAIGN_SPAN)]
        if not same and d.sense.type == "ASSAULT" and _definite_attack(d.trigger.text):
            # "مدبر الهجوم" (the mastermind of the attack): "the attack" names one told
            # before with the same noun, wherever its place was given.
            stem = _attack_stem(d.trigger.text)
            same = [o for o in full if o.sense.type == "ASSAULT" and o.sentence < d.sentence
                    and _attack_stem(o.trigger.text) == stem]
        if not same and d.sense.type == "ASSAULT" and len(d.trigger.text.split()) > 1:
            # The same phrase again ("محاولة اغتيال", an assassination attempt), naming
            # nobody: the attempt told before.
            phrase = normalize(d.trigger.text, loose=True)
            same = [o for o in full if o.sense.type == "ASSAULT" and o.sentence < d.sentence
                    and normalize(o.trigger.text, loose=True) == phrase]
        if same:
            host = min(same, key=lambda o: (o.sentence > d.sentence, abs(o.sentence - d.sentence)))
            _fold(host, d)
            if d.trigger.start < host.trigger.start:
                # Told first without its participants ("قتل 14 شخصا بتفجير سيارة مفخخة",
                # then who did it): the event is anchored at its first mention.
                host.trigger, host.sentence = d.trigger, d.sentence
            continue
        # A bare account right after another of its type is the same event told again,
        # with a nearer place ("انفجار وقع في إقليم كردستان" then "انفجار هز ضاحية
        # بنصلاوة", the blast in Kurdistan, then the blast that shook a suburb).
        twin = next((o for o in kept_bare if o.sense.type == d.sense.type
                     and (not _places_differ(o, d, places) or d.sentence - o.sentence <= 1)), None)
        if twin is not None:
            _fold(twin, d)
            continue
        kept_bare.append(d)
        out_ids.add(id(d))
    return [d for d in events if id(d) in out_ids]


def _dates_differ(a: _Draft, b: _Draft) -> bool:
    """Events told of different days: both dated by a time expression of their own to
    different dates, or one to another year than the other's date ("عام 2014" in a story
    of 2019)."""
    if a.date is None or b.date is None or "time" not in (a.date.reason, b.date.reason):
        return False
    if a.date.reason == b.date.reason:
        return a.date.value != b.date.value
    return (a.date.value or "")[:4] != (b.date.value or "")[:4]


def _places_differ(a: _Draft, b: _Draft, places: Mapping[str, Place]) -> bool:
    if a.place is None or b.place is None or _same(a.place, b.place):
        return False
    pa, pb = places.get(a.place.entity or ""), places.get(b.place.entity or "")
    # A country and a place in it ("مقديشو" then "الصومال") are a nearer and a wider name
    # for where one event happened.
    return not (pa is not None and pb is not None and pa.country is not None
                and pa.country == pb.country and "country" in (pa.kind, pb.kind))


def _fold(into: _Draft, d: _Draft) -> None:
    into.evidence += d.evidence
    if not into.fallback and d.fallback:
        # A mention names someone where the first named nobody ("هجمات" in the lead,
        # "هجوم" by the man named later): the event's last resort for a participant.
        into.fallback, into.fallback_target = d.fallback, d.fallback_target
    if not into.actor and d.actor:
        into.actor = d.actor
    if not into.target and d.target:
        into.target = [r for r in d.target if not any(_same(r, a) for a in into.actor)]
    into.mode = into.mode or d.mode
    into.context += [c for c in d.context if c not in into.context]
    into.place = into.place or d.place
    if (into.date is None or into.date.reason != "time") and d.date is not None and (
        d.date.reason == "time" or into.date is None
    ):
        into.date = d.date
    into.quote = into.quote or d.quote
    if (not into.sense.mode and d.sense.mode) or d.sense.weight > into.sense.weight + 0.15:
        into.sense = replace(into.sense, mode=d.sense.mode or into.sense.mode)
