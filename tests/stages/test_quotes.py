"""Quote stage: cue patterns, speakers, relays and addressees, invariants, the reference
article, and the dev-gold quality gate."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Article, Document, Entity, Quote, Span
from marsad.pipeline import Pipeline
from marsad.stages.cues import build_lexicon
from marsad.stages.quotes import QuoteStage
from marsad.stages.sentences import SentenceStage

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seeds" / "000_13e14b1b79b6834b.txt"
GOLD = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]
CORPUS = SHARED / "data" / "news-dev" / "articles.jsonl"
_CLITICS = "(?:و|ف|ب|ل|ك|لل|وب|ول|وال|بال|فال|كال)?"

_SENT = SentenceStage()
_QUOTES = QuoteStage()


def _entities(text: str, names: list[tuple[str, str, list[str]]]) -> tuple[Entity, ...]:
    """Hand-built entities: every clitic-bounded occurrence of each form is a mention."""
    out = []
    taken: list[tuple[int, int]] = []
    for n, (etype, name, forms) in enumerate(names, 1):
        spans = []
        for form in sorted(forms, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){_CLITICS}({re.escape(form)})(?!\w)", text):
                sp = (m.start(1), m.end(1))
                if not any(a < sp[1] and sp[0] < b for a, b in taken):
                    taken.append(sp)
                    spans.append(Span(sp[0], sp[1], text[sp[0]:sp[1]]))
        if spans:
            out.append(Entity(f"e{n}", etype, name, tuple(sorted(spans, key=lambda s: s.start))))
    return tuple(out)


def analyse(text: str, names: list[tuple[str, str, list[str]]] | None = None) -> Document:
    doc = _SENT(Document(text=text, article=Article(id="t")))
    if names:
        doc = doc.with_layers(entities=_entities(text, names))
    return _QUOTES(doc)


def only(doc: Document) -> Quote:
    assert len(doc.quotes) == 1, [q.text for q in doc.quotes]
    return doc.quotes[0]


# --- direct, partial, indirect -------------------------------------------------------

@pytest.mark.parametrize("text", [
    'وقال الوزير: "نحن مستعدون لكل الاحتمالات".',
    "وقال الوزير: «نحن مستعدون لكل الاحتمالات».",
    "وقال الوزير: “نحن مستعدون لكل الاحتمالات”.",
    "وقال الوزير ”نحن مستعدون لكل الاحتمالات“.",
    'وقال الوزير "نحن مستعدون لكل الاحتمالات".',
])
def test_direct_quote_every_mark_style(text: str) -> None:
    q = only(analyse(text))
    assert q.kind == "direct"
    assert q.text == "نحن مستعدون لكل الاحتمالات"
    assert q.speaker is not None and q.speaker.text == "الوزير"
    assert q.cue is not None and q.cue.text == "قال"


def test_colon_speech_without_marks_is_direct() -> None:
    # wa-ʾaḍāfa al-qāʾid: laqad intahat al-maʿraka — "the commander added: the battle is over"
    q = only(analyse("وأضاف القائد: لقد انتهت المعركة ولن نتراجع عن مواقعنا."))
    assert q.kind == "direct" and q.text.startswith("لقد انتهت المعركة")
    assert q.speaker is not None and q.speaker.text == "القائد"


def test_indirect_speech_runs_to_the_sentence_end() -> None:
    text = "قال المتحدث باسم الجيش إن القوات سيطرت على القرية بعد معارك عنيفة."
    q = only(analyse(text))
    assert q.kind == "indirect"
    assert q.text == "القوات سيطرت على القرية بعد معارك عنيفة"
    assert q.speaker is not None and q.speaker.text == "المتحدث باسم الجيش"


def test_partial_quote_after_a_preposition() -> None:
    # daʿā al-zaʿīm ʾilā "šann hajamāt" — "the leader called for 'launching attacks'"
    q = only(analyse('ودعا الزعيم أنصاره إلى "شن هجمات ضد الأعداء" في كل مكان.'))
    assert q.kind == "partial" and q.text == "شن هجمات ضد الأعداء"
    assert q.speaker is not None and q.speaker.text == "الزعيم"


def test_quoted_tail_stays_in_one_indirect_quote() -> None:
    text = 'وأكد الوزير أن الحكومة "لن تتراجع" عن قرارها رغم الضغوط الكبيرة.'
    q = only(analyse(text))
    assert q.kind == "indirect"
    assert q.text == 'الحكومة "لن تتراجع" عن قرارها رغم الضغوط الكبيرة'


def test_quote_across_sentences_stays_whole() -> None:
    text = 'وقال المسؤول: "وصلنا إلى المدينة. لم نجد أحدا هناك. الوضع صعب جدا".'
    q = only(analyse(text))
    assert q.text == "وصلنا إلى المدينة. لم نجد أحدا هناك. الوضع صعب جدا"


def test_unbalanced_mark_does_not_swallow_the_next_paragraph() -> None:
    text = ('وقال المسؤول: "وصلنا إلى المدينة ولم نجد أحدا هناك.\n'
            "وفي سياق آخر أعلنت الحكومة خطة جديدة للإعمار في المنطقة.")
    doc = analyse(text)
    first = doc.quotes[0]
    assert first.end <= text.index("\n")


def test_circumstantial_cue_continues_the_speaker() -> None:
    # qāla ... ʾinna ..., muḍīfan ʾanna ... — "he said that ..., adding that ..."
    text = "قال الناطق باسم الشرطة إن التحقيق مستمر، مضيفا أن المشتبه به اعتقل فجر اليوم."
    doc = analyse(text)
    assert [q.text for q in doc.quotes] == ["التحقيق مستمر", "المشتبه به اعتقل فجر اليوم"]
    assert all(q.speaker is not None and q.speaker.text == "الناطق باسم الشرطة" for q in doc.quotes)
    assert doc.quotes[1].cue is not None and doc.quotes[1].cue.text == "مضيفا"


def test_implicit_subject_resolves_to_the_last_speaker() -> None:
    text = ("وقال رئيس البلدية إن المياه عادت إلى الأحياء الشرقية.\n"
            "وأضاف أن أعمال الصيانة ستستمر حتى نهاية الشهر.")
    doc = analyse(text)
    assert len(doc.quotes) == 2
    assert doc.quotes[1].speaker is not None and doc.quotes[1].speaker.text == "رئيس البلدية"


def test_implicit_subject_agrees_in_gender() -> None:
    # wa-ʾaḍāfat (she added) goes back to the spokeswoman, not the minister quoted last.
    text = ("وقالت المتحدثة باسم الوزارة إن الوفد سيصل غدا.\n"
            "وقال وزير الدفاع إن القوات في حالة تأهب.\n"
            "وأضافت أن المحادثات ستبدأ بعد وصول الوفد.")
    doc = analyse(text)
    assert doc.quotes[2].speaker is not None
    assert doc.quotes[2].speaker.text == "المتحدثة باسم الوزارة"
    assert doc.quotes[1].speaker is not None and doc.quotes[1].speaker.text == "وزير الدفاع"


def test_subject_before_verb() -> None:
    q = only(analyse("لكن الوزير قال إن المفاوضات ستستأنف الأسبوع المقبل."))
    assert q.speaker is not None and q.speaker.text == "الوزير"


def test_feminine_verb_with_an_organisation() -> None:
    q = only(analyse("وقالت المنظمة في تقرير إن آلاف المدنيين نزحوا من المدينة."))
    assert q.speaker is not None and q.speaker.text == "المنظمة"


def test_according_to_source_covers_the_reporters_clause() -> None:
    # bi-ḥasab al-marṣad — "according to the observatory"
    text = "وقتل عشرة مدنيين في القصف على البلدة، بحسب المرصد."
    q = only(analyse(text))
    assert q.kind == "indirect" and q.text.startswith("قتل عشرة مدنيين")
    assert q.speaker is not None and q.speaker.text == "المرصد"
    assert q.cue is not None and q.cue.text == "بحسب"


def test_source_first_then_report() -> None:
    q = only(analyse("ووفقا للمرصد، قتل عشرة مدنيين في القصف على البلدة."))
    assert q.text.startswith("قتل عشرة مدنيين")
    # "للمرصد" (li-l-marṣad) keeps its clitic: "المرصد" is not a substring of the text.
    assert q.speaker is not None and q.speaker.text == "للمرصد"
    q = only(analyse("ووفقا لوزارة الصحة، قتل عشرة مدنيين في القصف على البلدة."))
    assert q.speaker is not None and q.speaker.text == "وزارة الصحة"


def test_unnamed_speaker_keeps_its_description() -> None:
    text = "كما يقول مسؤولون في الحكومة المحلية إن الطريق أغلق بسبب الفيضانات."
    q = only(analyse(text))
    assert q.speaker is not None and q.speaker.text == "مسؤولون في الحكومة المحلية"
    assert q.speaker.entity is None


# --- not quotes ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'وسيطر تنظيم "داعش" على المدينة عام 2014.',                 # a name in marks
    'وأطلق الجيش عملية "درع الشمال" في المنطقة الحدودية.',      # an operation name
    "وأدان الوزير الهجوم على المدرسة.",                          # an evaluation without words
    "وأشاد الرئيس بجهود فرق الإنقاذ في المدينة.",
    "وأعرب المجلس عن قلقه من تدهور الأوضاع.",
    "ولم يؤكد المسؤول ما إذا كانت القوات قد انسحبت.",            # a negated cue
])
def test_not_quotes(text: str) -> None:
    assert analyse(text).quotes == ()


def test_scare_quotes_inside_an_indirect_quote_are_not_quotes() -> None:
    text = 'وقال القائد إن نزوح "الضعفاء" من المدينة لن يضعف المقاتلين.'
    q = only(analyse(text))
    assert q.kind == "indirect" and '"الضعفاء"' in q.text


# --- speakers, entities, relay, addressee -----------------------------------------------

def test_title_and_name_in_apposition_the_speaker_is_the_person() -> None:
    text = 'وقال المتحدث الرسمي باسم الحركة، "سامي الأحمد"، إن الهدنة انتهت.'
    names = [("PER", "سامي الأحمد", ["سامي الأحمد"]), ("ORG", "الحركة", ["الحركة"])]
    q = only(analyse(text, names))
    assert q.speaker is not None and q.speaker.text == "سامي الأحمد" and q.speaker.entity == "e1"
    assert q.text == "الهدنة انتهت"


def test_title_and_name_without_entities() -> None:
    q = only(analyse("قال الرئيس الأمريكي، جون سميث، إن بلاده لن تتدخل."))
    assert q.speaker is not None and q.speaker.text == "جون سميث"


def test_description_later_links_to_the_named_person() -> None:
    text = ("قال الرئيس الأمريكي، جون سميث، إن بلاده لن تتدخل.\n"
            "وأكد الرئيس الأمريكي أن العقوبات ستبقى.")
    doc = analyse(text, [("PER", "جون سميث", ["جون سميث"])])
    assert [q.speaker.entity for q in doc.quotes if q.speaker] == ["e1", "e1"]
    assert doc.quotes[1].speaker is not None and doc.quotes[1].speaker.text == "الرئيس الأمريكي"


def test_speaker_linked_to_overlapping_mention() -> None:
    text = "وقالت وزارة الخارجية الروسية في بيان إن القرار غير مقبول."
    q = only(analyse(text, [("ORG", "وزارة الخارجية الروسية", ["وزارة الخارجية الروسية"])]))
    assert q.speaker is not None and q.speaker.entity == "e1"


def test_relay_naqala_an() -> None:
    # naqalat al-wakāla ʿan al-mutaḥaddiṯ — "the agency quoted the spokesman"
    text = "ونقلت الوكالة عن المتحدث باسم الوزارة قوله إن المحادثات ستستأنف غدا."
    q = only(analyse(text))
    assert q.speaker is not None and q.speaker.text == "المتحدث باسم الوزارة"
    assert q.relayed_by is not None and q.relayed_by.text == "الوكالة"


def test_relay_of_a_message() -> None:
    text = 'ونقل المتحدث وصية القائد سامي الأحمد لعناصره، بـ "الابتعاد عن الهواتف".'
    names = [("PER", "المتحدث", ["المتحدث"]), ("PER", "سامي الأحمد", ["سامي الأحمد"])]
    q = only(analyse(text, names))
    assert q.speaker is not None and q.speaker.entity == "e2"
    assert q.relayed_by is not None and q.relayed_by.entity == "e1"
    assert q.text == "الابتعاد عن الهواتف"


def test_addressee() -> None:
    q = only(analyse("وقال قائد الشرطة للصحفيين إن المشتبه به اعتقل."))
    assert q.addressee is not None and q.addressee.text == "الصحفيين"
    q = only(analyse('وقال القائد في رسالة للتحالف الدولي: "لن نستسلم أبدا مهما طال الزمن".'))
    assert q.addressee is not None and q.addressee.text == "التحالف الدولي"


def test_addressee_after_an_addressing_participle() -> None:
    text = 'وقال الوزير موجها حديثه إلى المعارضة: "لن نقبل بأي تسوية على حساب السيادة".'
    q = only(analyse(text))
    assert q.speaker is not None and q.speaker.text == "الوزير"
    assert q.addressee is not None and q.addressee.text == "المعارضة"
    q = only(analyse('وقال الوزير مخاطبا البرلمان: "لن نقبل بأي تسوية على حساب السيادة".'))
    assert q.addressee is not None and q.addressee.text == "البرلمان"


def test_quote_running_across_paragraphs() -> None:
    # The outlet reopens the quotation on each paragraph and closes it at the end.
    text = ("وقال القائد في كلمته: «لن نتراجع عن مواقعنا مهما كانت التضحيات.\n"
            "«وسنواصل القتال حتى النهاية ولن نلقي السلاح أبدا».")
    doc = analyse(text)
    assert [q.kind for q in doc.quotes] == ["direct", "direct"]
    assert all(q.speaker is not None and q.speaker.text == "القائد" for q in doc.quotes)
    assert doc.quotes[1].text.startswith("وسنواصل القتال")


def test_statement_author_and_so_called_name() -> None:
    # jāʾa fī bayān ʾaṣdarahu mā yusammā bi ... — "a statement issued by the so-called ... read"
    text = 'وجاء في بيان أصدره ما يسمى بـ "مجلس المدينة العسكري"، "سيطرت قواتنا على الجسر الرئيسي".'
    q = only(analyse(text))
    assert q.kind == "direct" and q.text == "سيطرت قواتنا على الجسر الرئيسي"
    assert q.speaker is not None and "مجلس المدينة العسكري" in q.speaker.text


def test_in_the_words_of_names_the_next_speaker() -> None:
    text = "جاء ذلك على لسان نائب الرئيس، سامي الأحمد، الذي قال إن الحكومة لن تتفاوض."
    q = only(analyse(text))
    assert q.speaker is not None and q.speaker.text == "سامي الأحمد"


def test_source_aside_becomes_the_relay() -> None:
    q = only(analyse("وقال المسؤول، وفقا لوكالة الأنباء الرسمية، إن المحادثات ستستأنف."))
    assert q.speaker is not None and q.speaker.text == "المسؤول"
    assert q.relayed_by is not None and q.relayed_by.text == "وكالة الأنباء الرسمية"


def test_second_report_after_but() -> None:
    text = "ووفقا للمرصد، قتل عشرة مدنيين في القصف إلا أن الحكومة تصر على أنها لم تستهدف المدنيين."
    doc = analyse(text)
    assert len(doc.quotes) == 2
    assert doc.quotes[0].text == "قتل عشرة مدنيين في القصف"
    assert doc.quotes[1].speaker is not None and doc.quotes[1].speaker.text == "الحكومة"


def test_works_without_entities_and_without_sentences() -> None:
    doc = Document(text="قال الوزير إن الاتفاق وقع أمس.", article=Article(id="t"))
    out = _QUOTES(doc)
    assert len(out.quotes) == 1 and out.quotes[0].speaker is not None
    assert out.quotes[0].speaker.entity is None


# --- the lexicon ------------------------------------------------------------------------

@pytest.mark.parametrize("form", [
    "قال", "قالت", "يقول", "تقول", "اضاف", "اضافت", "مضيفا", "مضيفة", "اكد", "مؤكدا", "اوضح",
    "موضحا", "اشار", "مشيرا", "لفت", "لافتا", "تابع", "متابعا", "دعا", "داعيا", "طالب", "مطالبا",
    "هدد", "مهددا", "توعد", "متوعدا", "حذر", "محذرا", "نفي", "نافيا", "اتهم", "متهما", "نقل",
    "كشف", "اعلن", "صرح", "ذكر", "اعتبر", "راي", "شدد", "افاد", "اردف", "استطرد", "بالقول",
    "وفق", "وفقا", "بحسب", "حسب",
])
def test_lexicon_has_the_reporting_forms(form: str) -> None:
    assert form in build_lexicon()


@pytest.mark.parametrize("form", ["دان", "ادان", "اعرب", "يذكر", "يدعي", "بين", "امر"])
def test_lexicon_leaves_out_evaluations_and_ambiguous_forms(form: str) -> None:
    assert form not in build_lexicon()


# --- invariants -------------------------------------------------------------------------

_WORDS = ["قال", "وأضاف", "إن", "أن", "الوزير", "المرصد", "بحسب", "،", ":", '"', "«", "»", "“",
          "”", ".", "\n", "مضيفا", "نقلا عن", "المدينة", "الجيش", "في", "هجوم", "على", "لقد"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40))
def test_spans_point_into_the_text(words: list[str]) -> None:
    text = " ".join(words)
    nlp = Pipeline([SentenceStage(), QuoteStage()], available=("text", "entities"))
    doc = nlp(Document(text=text, article=Article(id="h")))
    for q in doc.quotes:
        assert doc.text[q.start:q.end] == q.text and q.text.strip()
        if q.cue:
            assert doc.text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker:
            assert doc.text[q.speaker.start:q.speaker.end] == q.speaker.text
    assert [q.id for q in doc.quotes] == [f"q{n}" for n in range(1, len(doc.quotes) + 1)]


def test_stage_is_pure_and_repeatable() -> None:
    text = "قال الوزير إن الاتفاق وقع أمس، مضيفا أن التنفيذ يبدأ غدا."
    doc = _SENT(Document(text=text, article=Article(id="t")))
    assert _QUOTES(doc) == _QUOTES(doc)
    assert doc.quotes == ()


# --- the reference article --------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds not available")
def test_reference_article() -> None:
    from marsad.ingest.reader import from_string

    doc = _SENT(from_string(SEED.read_text(encoding="utf-8"), published="2019-03-19"))
    names = [
        ("PER", "أبو الحسن المهاجر", ["أبو الحسن المهاجر", "المهاجر"]),
        ("PER", "أبو بكر البغدادي", ["أبو بكر البغدادي", "البغدادي"]),
        ("ORG", "داعش", ["داعش"]),
        ("ORG", "قوات سوريا الديمقراطية", ["قوات سوريا الديمقراطية"]),
    ]
    doc = _QUOTES(doc.with_layers(entities=_entities(doc.text, names)))
    direct = [q for q in doc.quotes if q.kind == "direct" and q.speaker and q.speaker.entity == "e1"]
    starts = ("أتحسبون", "اثأروا", "لقد انتصرنا", "لنا وقفة", "مشهد القتل")
    for s in starts:
        assert any(q.text.startswith(s) for q in direct), s
    will = next(q for q in doc.quotes if q.text.startswith("الابتعاد عن وسائل الاتصال"))
    assert will.speaker is not None and will.speaker.entity == "e2"
    assert will.relayed_by is not None and will.relayed_by.entity == "e1"
    sdf = next(q for q in doc.quotes if q.text.startswith("من تبقى من داعش"))
    assert sdf.kind == "indirect" and sdf.speaker is not None
    assert sdf.speaker.text.startswith("مسؤولون في قوات سوريا الديمقراطية")
    # Names and scare quotes are no quotes of their own.
    assert not any(q.text in ("داعش", "الضعفاء والمساكين", "أبو الحسن المهاجر") for q in doc.quotes)


# --- the whole pipeline on one text -----------------------------------------------------

def _quotes_of(text: str) -> tuple[Quote, ...]:
    """The quotes the whole pipeline finds in `text` (entities and all)."""
    import marsad  # (the models load on first use; only these tests need them)

    return marsad.analyze(text, published="2018-06-01").quotes


def _speakers(text: str) -> list[str | None]:
    return [q.speaker.text if q.speaker else None for q in _quotes_of(text)]


def _said(text: str) -> list[tuple[str | None, str]]:
    """(speaker, cue) of each quote."""
    return [(q.speaker.text if q.speaker else None, q.cue.text if q.cue else "") for q in _quotes_of(text)]


def _told(text: str) -> list[tuple[str | None, str]]:
    """(speaker, words said) of each quote."""
    return [(q.speaker.text if q.speaker else None, q.text) for q in _quotes_of(text)]


def _contents(text: str) -> list[str]:
    return [q.text for q in _quotes_of(text)]


# --- quality gate on dev gold -----------------------------------------------------------

def _gold_records() -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, str]]:
    from marsad.eval.gold import load_gold
    from marsad.ingest.reader import document_from_record

    gold = load_gold(GOLD)
    corpus = {}
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in gold:
                corpus[rec["id"]] = rec
    plain, linked, raw = {}, {}, {}
    for rid, g in gold.items():
        doc = _SENT(document_from_record(corpus[rid], source=rid))
        plain[rid] = _QUOTES(doc).to_dict()
        forms = [(e["type"], e["text"], [e["text"], *e.get("aliases", [])]) for e in g.entities]
        linked[rid] = _QUOTES(doc.with_layers(entities=_entities(doc.text, forms))).to_dict()
        raw[rid] = corpus[rid]["text"]
    return gold, plain, linked, raw


@pytest.mark.skipif(not (GOLD[0].exists() and CORPUS.exists()), reason="../shared gold not available")
def test_quality_gate_on_dev_gold() -> None:
    """Floors measured on dev gold; they may only rise. With entities, the gold entity list
    stands in for the entities stage (every name and alias occurrence is a mention)."""
    from marsad.eval.score import score_records

    gold, plain, linked, raw = _gold_records()
    s_plain = score_records(gold, plain, raw_texts=raw, layers=["quotes"])["quotes"]
    s_linked = score_records(gold, linked, raw_texts=raw, layers=["quotes"])["quotes"]
    # Measured 2026-11-26: P 0.983, R 0.934; speakers 0.921 with entities, 0.891 without.
    assert s_plain.counts.precision >= 0.975
    assert s_plain.counts.recall >= 0.925
    ok, n = s_linked.extra["speaker"]
    assert ok / n >= 0.91
    ok, n = s_plain.extra["speaker"]
    assert ok / n >= 0.885


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="قال وزير،«»\"#_\u064e.5", max_size=80), st.integers(0, 5))
def test_tokenize_limit_is_a_prefix(text: str, limit: int) -> None:
    from marsad.arabic.normalize import normalize
    from marsad.stages.quotes import _tokenize

    full = _tokenize(text, 0, len(text), normalize(text))
    assert _tokenize(text, 0, len(text), normalize(text), limit=limit) == full[:limit]


def test_no_speaker_carried_into_a_story_the_narrator_tells() -> None:
    # "أمرني" (he ordered me), "طلب مني" (he asked me): someone in the narrator's story,
    # not the president quoted two paragraphs before; "وقالوا" (they said) is no one person.
    text = ("قال الرئيس دونالد ترامب إنه كان سيتوجه إلى المدرسة.\n"
            "في إحدى الليالي كنت أعمل وحدي في متجر، وفجأة أسرع رجل نحوي.\n"
            "لكنه لم يرحل. في أمرني بألا أتفوه بكلمة، وطلب مني أن آخذه إلى المخزن.\n"
            'وقالوا: "لا أحد يتحرك!"')
    doc = analyse(text, [("PER", "دونالد ترامب", ["دونالد ترامب"])])
    said = {q.cue.text: q.speaker for q in doc.quotes if q.cue is not None}
    assert said["قال"] is not None and said["قال"].text == "دونالد ترامب"
    assert said["أمرني"] is None and said["طلب"] is None and said["قالوا"] is None


def test_each_of_a_list_and_what_happened_are_no_speakers() -> None:
    # "كل من" (each of) opens the list of speakers; "ما حدث" (what happened) is the object of
    # a verb of describing, never its speaker.
    q = only(analyse("وتعهدت كل من السعودية والإمارات بأن تقدم مليار دولار."))
    assert q.speaker is not None and q.speaker.text == "السعودية والإمارات"
    doc = analyse("وقال فرانك لامبارد، نجم تشيلسي السابق، وصف ما حدث بأنه مجرد سوء حظ.",
                  [("PER", "فرانك لامبارد", ["فرانك لامبارد"])])
    assert all(q.speaker is None or q.speaker.text != "ما" for q in doc.quotes)


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    """"وقال البيان" (the statement said) is said by whoever issued it: the army that spoke "in
    a statement" before, the police of "بيان للشرطة"; not who obtained it ("بيان حصلت عليه")."""
    import marsad

    def speakers(text: str) -> list[str | None]:
        doc = marsad.analyze(text, published="2018-03-07")
        names = {e.id: e.name for e in doc.entities}
        return [names.get(q.speaker.entity or "") if q.speaker else None for q in doc.quotes]

    assert speakers("قال الجيش اليمني في بيان إن قواته حررت مواقع جديدة في البيضاء. "
                    "وأضاف البيان أن المعارك مستمرة منذ الصباح.") == ["الجيش اليمني", "الجيش اليمني"]
    assert speakers("أصدرت حركة طالبان بيانا أعلنت فيه مسؤوليتها عن الهجوم. "
                    "وقال البيان إن المهاجمين استهدفوا قائد الشرطة.")[-1] == "طالبان"
    assert speakers("وقال بيان للشرطة البريطانية إن المتهم اعتقل في لندن.") == ["الشرطة البريطانية"]
    assert speakers("قال ولي العهد إن التحقيق مستمر، وفقا لبيان حصلت عليه شبكة سي إن إن. "
                    "وجاء في البيان أن الحقائق ستظهر قريبا.")[-1] is None


def test_an_office_keeps_its_adjective() -> None:
    # "الأمين العام" (the secretary-general): "العام" is the office's adjective, not "the
    # year"; with the body and the name after it the speaker is the person named.
    import marsad

    doc = marsad.analyze("في حين دعا الأمين العام للأمم المتحدة انطونيو غوتيريس #إسرائيل إلى "
                         "اتخاذ أقصى درجات الحذر. وقال الأمين العام إن الوضع خطير.", published="2018-04-06")
    names = {e.id: e.kb_id for e in doc.entities}
    first, second = doc.quotes
    assert first.speaker is not None and names.get(first.speaker.entity or "") == "marsad:antonio-guterres"
    assert second.speaker is not None and second.speaker.text == "الأمين العام"


def test_a_source_ends_where_another_report_begins() -> None:
    # "وفق المرصد في وقت أفادت سانا عن إصابة ...": the Observatory is the source of what
    # came before, SANA reported the injuries ("أفاد عن", reported), which are no speaker.
    import marsad

    doc = marsad.analyze("ويرد التنظيم بإطلاق قذائف على الأحياء المجاورة، ما تسبب بمقتل مدني وفق "
                         "المرصد في وقت أفادت سانا عن إصابة خمسة مدنيين بجروح.", published="2018-04-20")
    told = {q.cue.text if q.cue else "": (q.speaker.text if q.speaker else None, q.text) for q in doc.quotes}
    assert told["وفق"][0] == "المرصد"
    assert told["أفادت"] == ("سانا", "إصابة خمسة مدنيين بجروح")
    # "ووفقا للوثائق فقد ارتفع ..." (according to the documents, it rose ...): the report
    # follows "فقد" as it follows "فإن".
    doc = marsad.analyze("ووفقا للوثائق المسربة فقد ارتفع المبلغ المطلوب إلى مليار دولار.", published="2018-07-17")
    assert [q.text for q in doc.quotes] == ["ارتفع المبلغ المطلوب إلى مليار دولار"]


def test_a_prepositional_phrase_is_no_speaker() -> None:
    # "وفي حال أدينت يتوقع أن" (and should she be convicted, it is expected that): a
    # conjunction with a preposition or a conditional opens no name.
    import marsad

    for text in ("وفي حال أدينت يتوقع أن يقوم فريق الدفاع بالتقدم بطلب لاستئناف الحكم.",
                 "ومع ذلك يتوقع أن يرتفع عدد المرشحين في الانتخابات المقبلة."):
        assert all(q.speaker is None for q in marsad.analyze(text, published="2018-04-06").quotes), text


def test_manner_issuers_and_antecedents_of_relatives() -> None:
    # "وتابع بغضب" (he went on angrily): the manner is no speaker, the last one goes on.
    # "بيان لوزارة الخارجية نشرته وكالة وفا": the ministry's statement, which WAFA carried.
    # "غضب الفلسطينيين الذين يقولون" (the anger of the Palestinians, who say): the
    # genitive is the relative's antecedent; so is a name right before it.
    assert _speakers('وكتب ترامب أن المكسيك لا تفعل شيئا. وتابع بغضب: "عليهم وقف التدفق الكبير للمخدرات".') \
        == ["ترامب", "ترامب"]
    assert _speakers("وقال بيان لوزارة الخارجية نشرته وكالة الأنباء الرسمية (وفا) إن القرار جاء بعد نقل السفارة.") \
        == ["لوزارة الخارجية"]
    assert _speakers("وأثار القرار غضب الفلسطينيين الذين يقولون إن الولايات المتحدة لم تعد وسيطا نزيها.") \
        == ["الفلسطينيين"]
    assert _speakers("وهاجم مسلحو حركة حماس التي قالت إن الهجوم رد على الاحتلال.") == ["حركة حماس"]


def test_outlets_asides_suspicions_and_laws() -> None:
    # Told 'لـ"سكاي نيوز عربية"' (to Sky News Arabia): the outlet is no quotation; a
    # domain's dot ("العربية.نت") ends no sentence and "امتنعت عن ذكر اسمها" (declined
    # to give its name) is an aside; "يشتبه بأنهم" (suspected of being) is the suspicion's
    # clause, not the report's; under a law ("وفقا لقانون") no one speaks.
    [(who, what)] = _told('وقال المتحدث باسم التحالف، العقيد الركن تركي المالكي، لـ"سكاي نيوز عربية"، '
                         'الخميس، إن "قيادة القوات المشتركة أعطت تصريحا لطائرة الوفد".')
    assert who == "تركي المالكي" and what.startswith("قيادة القوات المشتركة")
    [(who, what)] = _told('وتكشف مصادر رفيعة المستوى لـ"العربية.نت"، امتنعت عن ذكر اسمها، أن اجتماعا ثلاثيا عقد أمس.')
    assert what.startswith("اجتماعا ثلاثيا")
    [(who, what)] = _told("أعلنت الشرطة الماليزية، الأربعاء، مقتل ثلاثة عناصر يشتبه بأنهم من العناصر الإرهابية.")
    assert who == "الشرطة الماليزية" and what.startswith("مقتل ثلاثة عناصر")
    assert _told('وصدرت هذه الأحكام وفقا لقانون "مكافحة الإرهاب" في العراق.') == []


def test_objects_negations_and_time_words_are_no_speakers() -> None:
    # "أخبرت موظفا بأنها" (she told an employee that she ...): the employee is told;
    # "ولم يكشف جوديسيلي ... لكنه نوه" (G. did not reveal ... but noted): the speaker is
    # G., not "يكشف جوديسيلي"; "أعلن قبيل وصوله" (announced shortly before arriving):
    # the time phrase is no speaker.
    assert _speakers("وقالت دوغلاس إنها صدمت. وعادت إلى الفرع حيث أخبرت موظفا بأنها تريد التحدث إلى المشرف.") == [
        "دوغلاس", "دوغلاس"]
    assert _speakers("وقال برنارد جيوديسيلي إن ذلك لن يقبل. ولم يكشف جوديسيلي عن القواعد الجديدة، "
                "لكنه نوه إلى أنها لن تكون مقيدة.")[-1] == "جوديسيلي"
    assert _speakers("وكان الرئيس الفرنسي أعلن قبيل وصوله إلى واشنطن أنه سيقترح اتفاقا جديدا.") == ["الرئيس الفرنسي"]


def test_a_titled_subject_speaks_next_and_circumstances_are_no_source() -> None:
    # "وأشاد رئيس مجلس النواب بول ريان ... وكتب" (Speaker Paul Ryan praised ... and wrote):
    # the titled person goes on; "وفقا للتطورات" (as things develop) cites no one.
    import marsad

    doc = marsad.analyze("وقال الرئيس دونالد ترامب إن التخفيضات مفيدة. وأشاد رئيس مجلس النواب بول ريان "
                         "بخطط أبل الاستثمارية. وكتب على موقع تويتر: \"هذه أنباء عظيمة للاقتصاد\".",
                         published="2018-01-18")
    assert [q.speaker.text if q.speaker else None for q in doc.quotes] == ["دونالد ترامب", "بول ريان"]
    doc = marsad.analyze("وأعلنت السلطات حظر التجول لمدة 24 ساعة قابلة للتمديد وفقا للتطورات.", published="2018-05-25")
    assert all(q.cue is None or q.cue.text != "وفقا" for q in doc.quotes)


def test_a_joined_verb_s_object_and_the_subject_before_it() -> None:
    # "دمشق تعتبر العقوبات "غير مشروعة" وتؤكد تضامنها" (Damascus deems the sanctions
    # "illegal" and stresses its solidarity): the quotation is the first verb's and
    # "تضامنها" is the object, not a speaker; "الاتحاد الأوروبي يعرب عن أسفه ويؤكد" (the EU
    # regrets and stresses): the EU speaks, without its verb; "خامنئي أشاد ...، وشدد على
    # ضرورة" (Khamenei praised ... and stressed the need): Khamenei.
    assert all(who != "تضامنها" for who, _ in _said('دمشق تعتبر العقوبات "غير مشروعة" وتؤكد تضامنها "بالكامل" مع طهران.'))
    assert _said("الاتحاد الأوروبي يعرب عن أسفه ويؤكد تصميمه على حماية مصالحه الاقتصادية.") == [
        ("الاتحاد الأوروبي", "يؤكد")]
    assert _said("ونقل دي ميستورا الرسالة. خامنئي أشاد بمواقف الرئيس التركي، وشدد على ضرورة توحيد المسلمين.") == [
        ("خامنئي", "شدد")]


def test_manner_after_the_speaker_and_categories_are_not_the_speaker() -> None:
    # "هوغو لوريس غاضبا" (Hugo Lloris, angrily): the manner ends the speaker; "حسب الجنس"
    # (by sex) cites no one; a name ending in alef ("ستيفان دي ميستورا") keeps it.
    import marsad

    doc = marsad.analyze('وأضاف حارس المرمى هوغو لوريس غاضبا: "غيرت كولومبيا خططها التكتيكية". '
                         "ويتوزع السكان حسب الجنس بما نسبته 57 بالمائة للذكور.", published="2018-07-04")
    [quote] = doc.quotes
    assert quote.speaker is not None and quote.speaker.text.endswith("هوغو لوريس")


def test_the_name_after_kana_and_before_a_subordinated_verb_speaks() -> None:
    # "وكان أردوغان توعد المسؤولين" (Erdoğan had threatened those responsible): the name
    # between "كان" and the verb speaks, the noun after it is told; "فبعدما ذكر" (for
    # after he said) is a subordinator, and the sentence's subject speaks.
    assert _said("وكان أردوغان توعد المسؤولين عن مقتل مدنيين في الغوطة بأنهم سيدفعون ثمنا باهظا.") == [
        ("أردوغان", "توعد")]
    assert _said("وكانت وزارة الخارجية الروسية أبلغت السفير البريطاني بأن موسكو ستطرد دبلوماسيين.") == [
        ("وزارة الخارجية الروسية", "أبلغت")]
    [(who, _)] = _said("يواصل الرئيس التركي رجب طيب أردوغان تصعيده، فبعدما ذكر في وقت سابق أن قوات بلاده "
                      "ستضرب أي أهداف خارج حدوده، عاد اليوم بتصريح جديد.")
    assert who is not None and who.endswith("رجب طيب أردوغان")


def test_the_letter_n_of_an_acronym_opens_no_clause() -> None:
    # "سي إن إن" (CNN) and "إن بي سي" (NBC) spell "إن" as a letter; the "إن" after the
    # name is "that" ("قالت شبكة إن بي سي إن الرئيس", NBC said that the president).
    assert _contents("وقال المتحدث لشبكة سي إن إن إن القوات ستنسحب.") == ["القوات ستنسحب"]
    assert _contents("وقالت شبكة إن بي سي إن الرئيس سيزور المنطقة.") == ["الرئيس سيزور المنطقة"]
    assert _contents("وقالت بي بي سي إن الرئيس سيزور المنطقة.") == ["الرئيس سيزور المنطقة"]
    assert _contents("وأكد رئيس الجامعة مقتل أربعة أشخاص لقناة سي إن إن ترك.") == [
        "مقتل أربعة أشخاص لقناة سي إن إن ترك"]


def test_a_name_spelt_with_ba_is_the_subject_not_a_bi_complement() -> None:
    # "وصرح بوتين للصحافيين ... "إن اعتقد أحد ..."" (Putin told reporters "if anyone
    # thinks ..."): بوتين is the speaker, not "bi-"; "تعهد بولسونارو بتوحيد" (Bolsonaro
    # pledged to unite): the بـ complement follows the name. "انتقادات مورينيو، الذي أشار"
    # (criticism by Mourinho, who said): the feminine head would take التي, so الذي is his.
    [(who, words)] = _told('وصرح بوتين للصحافيين بعد فوزه "إن اعتقد أحد أن شخصا ما في روسيا يسمح لنفسه '
                          'بالقيام بهذه الأمور فهو أمر لا معنى له".')
    assert who == "بوتين" and words.startswith("إن اعتقد أحد")
    [(who, words)] = _told('وتعهد بولسونارو بتوحيد البرازيليين في "أمة عظيمة".')
    assert who == "بولسونارو" and words.startswith("بتوحيد")
    [(who, _)] = _told("ولم يسلم اللاعبون السابقون من انتقادات مورينيو، الذي أشار إلى أن كل الذين تركهم فشلوا.")
    assert who == "مورينيو"


def test_a_joined_verb_after_a_that_clause_goes_on_with_the_speaker() -> None:
    # "اعتبر الأسد أن الاتفاق "مؤقتا" وأشار إلى أن" (al-Asad deemed the deal "temporary"
    # and said that): the second report is his, not the quoted word's; a named subject in
    # the clause keeps its verb ("إن ترامب اتصل به وأكد له"). "سي.إن.إن" with dots is CNN.
    quotes = _told('اعتبر الرئيس السوري، بشار الأسد، أن الاتفاق بشأن إدلب "مؤقتا" وأشار إلى أن النظام حقق '
                  "مكاسب كبيرة منه.")
    assert [who for who, _ in quotes] == ["بشار الأسد", "بشار الأسد"]
    [(who, words)] = _told('وقال إردوغان، في مقابلة مع قناة (سي.إن.إن ترك) التليفزيونية، يوم الخميس، إنه '
                          '"سوف يأمر الجيش بضرب جبال قنديل".')
    assert who == "إردوغان" and words.startswith("سوف يأمر")
    # An adverb of manner after the cue is no part of what is said ("أكد رسميا", confirmed
    # officially).
    [(who, words)] = _told("وأكد البنتاغون رسميا، الاثنين، تعليق المناورات العسكرية المشتركة المقبلة.")
    assert words.startswith("تعليق")


def test_a_count_of_sources_speaks_whole() -> None:
    # "أكثر من مصدر" (more than one source), "العديد من المسؤولين" (many officials): the
    # count and whom it counts, not "أكثر" (more) alone.
    assert _speakers("وأكد أكثر من مصدر مطلع على النقاشات أن مساعدي ترامب يشجعونه على توجيه ضربة.") == [
        "أكثر من مصدر مطلع"]
    assert _speakers("وقال العديد من المسؤولين إن الحكومة سترد.") == ["العديد من المسؤولين"]


def test_an_organisation_speaks_through_its_li_complement() -> None:
    # "الهيئة العامة للثقافة" (the general authority for culture) is one speaker, and so is
    # "المفوضية العليا للانتخابات"; a person's name stops at its li- phrase.
    assert _speakers("وقالت الهيئة العامة للثقافة إن الحفل قريب. "
                     "وأعلنت المفوضية العليا للانتخابات أن النتائج ستعلن غدا.") == [
        "الهيئة العامة للثقافة", "المفوضية العليا للانتخابات"]


def test_li_on_an_organisation_is_the_hearer() -> None:
    # "قال غوتيريش لبي بي سي" (Guterres told the BBC): the BBC hears.
    assert _speakers("وقال أنطونيو غوتيريش لبي بي سي إن هناك خطرا حقيقيا.") == ["أنطونيو غوتيريش"]
    assert _speakers("وقالت لرويترز إن الوضع صعب.") == [None]


def test_a_report_before_its_source_keeps_a_root_waw() -> None:
    # "وافق البرلمان ..., حسبما أوردت الوكالة": the report is "وافق ..." (wāfaqa, agreed),
    # not "افق"; the conjunction of "وقتل" (wa-qutila) is still left out.
    assert _contents("وافق البرلمان المصري على تأسيس الصندوق، حسبما أوردت وكالة الأنباء. "
                     "وقتل عشرون شخصا، وفق المرصد.") == ["وافق البرلمان المصري على تأسيس الصندوق",
                                                        "قتل عشرون شخصا"]


def test_a_bi_word_inside_the_speakers_name_opens_nothing() -> None:
    # "طالب ماورو بالما ... بالحصول" (Mauro Palma asked for): "بالما" is his surname, not
    # the bi- complement; the request starts at "بالحصول".
    assert _told("وطالب ماورو بالما رئيس المنظمة الإيطالية بالحصول على معلومات عاجلة.") == [
        ("ماورو بالما", "بالحصول على معلومات عاجلة")]


def test_ali_opens_the_speakers_name_after_a_title() -> None:
    # "علي" (ʿAlī) is normalised like "على" (on); after "آية الله" it opens the name.
    assert _speakers("وقال آية الله علي خامنئي إن الحرب انتهت.") == ["علي خامنئي"]


def test_brackets_tatweel_and_renewed_wins_around_a_speaker() -> None:
    # An age or gloss in brackets is no part of the speaker ("فاسيلي (39 عاما)"); the
    # tatweel of "لـصحيفة" (li-ṣaḥīfat) is no part of the source; "جدد الأهلي فوزه على"
    # (al-Ahly repeated its win over) is no speech, and the renewed affirmation in "جدد
    # الرئيس التأكيد على" is the object, not the speaker.
    assert _said("وأكد فاسيلي (39 عاما) على عدم تكرار حوادث العنف. ووعد فاسيلي بتوزيع الجعة، "
                 'وفقا لـصحيفة "صن" البريطانية. ثم جدد الأهلي فوزه على منافسه بثلاثة أهداف. '
                 "وجدد الرئيس التأكيد على ضرورة الحوار.") == [
        ("فاسيلي", "أكد"), ('صحيفة "صن" البريطانية', "وفقا"), ("الرئيس", "جدد")]


def test_reporters_told_are_no_part_of_the_speaker() -> None:
    # "أبلغ الوزير الصحافيين أن" (the minister told reporters that): the object follows.
    assert _speakers("وأبلغ الوزير الصحافيين أن خروج بريطانيا لا يقوض جاذبيتها.") == ["الوزير"]


def test_a_person_named_between_commas_after_a_long_title_speaks() -> None:
    # "ودان ممثل حرية الصحافة في منظمة ...، هارلم ديزير، ... قائلا" (the OSCE media
    # representative, Harlem Désir, ... saying): the title ends at the name between commas;
    # a person's name right before "الذي" is the antecedent, not the title before it.
    assert _speakers("ودان ممثل حرية الصحافة في منظمة الأمن والتعاون في أوروبا، هارلم ديزير، "
                     "مقتل مارينوفا، قائلا إنه مصدوم.") == ["هارلم ديزير"]
    assert _speakers("واستبعد الاتحاد اسم مدرب نانت الفرنسي حاليا كلاوديو رانييري، الذي كشف منذ "
                     "أيام أنه مستعد للتخلي عن تدريب فريقه.") == ["كلاوديو رانييري"]


def test_objects_inferences_and_adverbs_before_the_words_are_no_speakers() -> None:
    # "أكد ضرورة" (stressed the need) and "هدد علانية" (openly threatened): the speaker is
    # the one before; "مما يشير إلى أن" (which indicates that) is the narrator's inference,
    # no quote; "وحينها قال لنفسه" (then he said to himself) names no speaker.
    assert _said("وقال بوتين إن اللاجئين عبء على أوروبا. كما أكد ضرورة إصلاح الخدمات في سوريا. "
                 "وهدد علانية بوقف المساعدات.") == [("بوتين", "قال"), ("بوتين", "أكد"), ("بوتين", "هدد")]
    assert _said("وارتفعت الأسهم 3%، مما يشير إلى أن السوق ليست قلقة.") == []
    assert _speakers('ودخل الرجل غرفة مليئة بالغرباء، وحينها قال لنفسه "ما الذي فعلته؟".') == [None]


@pytest.mark.parametrize(("text", "speakers"), [
    # "يعلن فيها الجيش الإسرائيلي صراحة مسؤوليته" (in which the Israeli army openly claims
    # responsibility), "وتنفي سوريا باستمرار" (Syria constantly denies): how, not who.
    ("وهذه هي المرة الأولى التي يعلن فيها الجيش الإسرائيلي صراحة مسؤوليته عن تدمير المنشأة. "
     "وتنفي سوريا باستمرار أن يكون الموقع مفاعلا نوويا.", ["الجيش الإسرائيلي", "سوريا"]),
    # "وقال ترامب ممازحا" (Trump said jokingly), "شدد بشكل واضح على" (stressed clearly).
    ('وقال ترامب ممازحا لدى جلوسه إلى جانب ترودو "وافق جاستن على إلغاء كل الرسوم". ثم شدد بشكل '
     "واضح على أن الاتفاق قريب.", ["ترامب", "ترامب"]),
])
def test_an_adverb_of_manner_ends_the_speaker(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


def test_a_participle_after_its_subject_is_its_predicate_not_a_cue() -> None:
    # "أن بوتينا متهمة بالتآمر" (that Butina is accused of conspiring): no new report with
    # the cue "متهمة"; after a comma it is one ("، متهمة إياها بالفساد", accusing it).
    assert _said("وأكدت وزارة العدل في بيان أن مارييا بوتينا اعتقلت في واشنطن. وأضافت أن بوتينا متهمة "
                 'بالتآمر كعميلة لروسيا "من خلال إقامة علاقات مع أميركيين".') == [
        ("وزارة العدل", "أكدت"), ("وزارة العدل", "أضافت")]
    assert _said("وهاجمت الوزيرة الحكومة، متهمة إياها بالفساد.") == [("الوزيرة", "متهمة")]


def test_a_confirmed_death_is_the_object_and_a_served_leader_no_speaker() -> None:
    # "وأكدت ميليشيات الحوثي مقتل الصماد في غارة ... على الحديدة" (the Houthis confirmed
    # al-Sammad's death in a strike ... on Hodeidah): the death is what was confirmed, not
    # part of the speaker, and the later على is no "أكد على". "قائد مؤيد للرئيس السوري بشار
    # الأسد" (a commander loyal to the Syrian president Bashar al-Assad) is not Assad.
    assert _told("وأكدت ميليشيات الحوثي الانقلابية مقتل الصماد في غارة للتحالف العربي يوم الخميس "
                 "الماضي على الحديدة.") == [
        ("ميليشيات الحوثي الانقلابية", "مقتل الصماد في غارة للتحالف العربي يوم الخميس الماضي على الحديدة")]
    assert _speakers("ونقلت وكالة رويترز عن قائد مؤيد للرئيس السوري بشار الأسد قوله إن الغارة "
                     "استهدفت موقعا للجيش.") != ["بشار الأسد"]


def test_after_a_whole_name_a_possessed_noun_or_a_told_outlet_ends_the_speaker() -> None:
    # "أعلن برلمان كتالونيا استقلاله" (the Catalan parliament declared its independence):
    # the possessed noun is the object; "مسؤول في وزارة الخزانة لسكاي نيوز عربية" (an
    # official of the Treasury, to Sky News Arabia): the outlet is told.
    assert _speakers("ويعيش في منفاه منذ أن أعلن برلمان كتالونيا استقلاله عن إسبانيا. وأكد مسؤول في "
                     "وزارة الخزانة لسكاي نيوز عربية إن الخطوات مهمة.") == [
        "برلمان كتالونيا", "مسؤول في وزارة الخزانة"]


def test_a_persons_whole_name_ends_the_speaker_before_a_description() -> None:
    # "قال ريك سكوت حاكم ولاية فلوريدا إن" (Rick Scott, governor of Florida, said): the
    # person speaks; "أعلن دونالد ترامب شعار حملته" (announced his campaign slogan): the
    # object follows; "نفى محمد يوسف وصول أية عروض" (denied that any offers arrived).
    assert _speakers('وأعلن دونالد ترامب شعار حملته الجديد "الحفاظ على أميركا عظيمة". وقال ريك سكوت حاكم '
                     "ولاية فلوريدا إن كل المقاطعات صدر لها تحذير.") == ["دونالد ترامب", "ريك سكوت"]


def test_a_lone_unknown_given_name_may_go_on() -> None:
    # "قال ريشتارد فوتري رئيس الرابطة" (Richard Vautrey, the association's chair): the
    # tagger's "ريشتارد" alone is a name cut short, so the next word is no description.
    assert _speakers("وقال ريشتارد فوتري رئيس الرابطة إن الأزمة كبيرة.")[0] != "ريشتارد"


def test_a_quoted_name_after_a_naming_word_is_no_quote() -> None:
    # 'وعلى موقع "تويتر"، رحب بومبيو' (on Twitter, Pompeo welcomed): a name, no words; and
    # 'قال لصحيفة "ذا صن": "..."' (told The Sun: ...): the words are the second quotation.
    assert _told('وعلى موقع "تويتر"، رحب وزير الخارجية الأميركي مايك بومبيو بأنباء الإفراج عنه. '
                 'وقالت سارة برور لصحيفة "ذا صن": "إن الجلوس لفترات طويلة مضر".') == [
        ("سارة برور", "إن الجلوس لفترات طويلة مضر")]


def test_a_name_ending_in_what_looks_like_fa_and_a_cue_is_no_cue() -> None:
    # "باسكال فيري" (Pascal Ferré): inside the name, "فيري" is no fa- + "يري" (sees).
    assert "يري" not in [c for _, c in _said("ونقلت صحيفة الماركا عن رئيس التحرير باسكال فيري "
                                             "قوله إنه يعتذر من إنييستا.")]


def test_a_quoted_outlet_after_sources_and_addressing_are_the_speakers() -> None:
    # 'أفادت مصادر "سكاي نيوز عربية"، بأن' (Sky News Arabia's sources reported that): the
    # outlet is whose sources, not the words; "وتابع متوجها إلى ترامب" (and went on,
    # addressing Trump) is said by the one before.
    assert _told('أفادت مصادر "سكاي نيوز عربية"، بأن المطالب الروسية أجلت إقرار مشروع القرار.')[0] == (
        'مصادر "سكاي نيوز عربية"', "المطالب الروسية أجلت إقرار مشروع القرار")
    assert _speakers('وقال مكريفن "أحرجتنا في نظر أولادنا"، وتابع متوجها إلى ترامب "سأعتبره شرفا لي".') == [
        "مكريفن", "مكريفن"]


def test_after_or_before_that_is_a_time_not_the_words() -> None:
    # "علقت المحكمة التنفيذ قبل أن تعود" (the court suspended the deportation before it
    # went back): "قبل أن" opens a time, so "علقت" (also "commented") reports nothing;
    # "قال الوزير بعد أن التقى نظيره إن" (said, after meeting, that): the words follow إن.
    assert _said("إلا أن المحكمة الأوروبية لحقوق الإنسان علقت التنفيذ قبل أن تعود لإعطاء الضوء الأخضر.") == []
    assert _told("وقال الوزير بعد أن التقى نظيره إن المحادثات إيجابية.") == [("الوزير", "المحادثات إيجابية")]


def test_a_name_with_its_title_between_kana_and_the_verb_speaks() -> None:
    # "وكان أنطونيو غوتيريش الأمين العام للأمم المتحدة وصف الأوضاع" (Guterres, the UN
    # secretary-general, had described the situation): he speaks, not "الأوضاع".
    assert _speakers('وكان أنطونيو غوتيريش الأمين العام للأمم المتحدة وصف الأوضاع في الغوطة الشرقية '
                     'بأنها "جهنم على الأرض".') == ["أنطونيو غوتيريش"]


def test_a_state_named_whole_speaks_not_the_party_after_it() -> None:
    # "حذرت الولايات المتحدة نظام بشار الأسد من ..." (the US warned Bashar al-Assad's
    # regime against ...), "حذرت فرنسا روسيا": the state after the cue speaks; the name
    # after it is the one warned. "على لسان" (by the tongue of) still gives the minister.
    assert _speakers("وللمرة الثالثة، حذرت الولايات المتحدة نظام بشار الأسد من استخدام "
                     "الأسلحة الكيماوية في هجوم مرتقب.") == ["الولايات المتحدة"]
    assert _speakers("حذرت فرنسا روسيا من استخدام الأسلحة الكيماوية في إدلب.") == ["فرنسا"]
    assert _speakers("فيما أبلغ العراق على لسان وزير خارجيته إبراهيم الجعفري، أنقرة، الأربعاء، "
                     "رفض بغداد لقيام أنقرة بعمليات عسكرية.") == ["إبراهيم الجعفري"]


def test_a_part_of_a_month_after_the_cue_is_no_speaker() -> None:
    # "وكان مسؤول عراقي أكد مطلع مايو أن ..." (an Iraqi official had affirmed early in May
    # that ...): the official speaks, not "مطلع مايو"; "مصدر مطلع" (an informed source)
    # keeps its adjective.
    assert _speakers("وكان مسؤول عراقي أكد مطلع مايو أن البغدادي ما زال على قيد الحياة.") == ["مسؤول عراقي"]
    assert _speakers("وكان وزير الخارجية قال أوائل الشهر الماضي إن المفاوضات متعثرة.") == ["وزير الخارجية"]
    assert _speakers("وقال مصدر مطلع إن المفاوضات متعثرة.") == ["مصدر مطلع"]


def test_idioms_that_look_like_cues_report_nothing() -> None:
    # "على حد سواء" (alike) is no "على حد قوله" (as he put it); "ردّ فعل" (a reaction) is no
    # "ردّ" (replied), so the cue before it reaches its quotation; "لم" after a speaker
    # opens a clause on it.
    assert _quotes_of("وقد يكون هذا الانطباع جيدا أو سيئا على حد سواء. على سبيل المثال، لو كانت "
                      "لغة جسدك متوترة.") == ()
    assert _said('وقالت المتحدثة سارة ساندرز في أول ردّ فعل أميركي على الإعلان السعودي "نشعر '
                 'بالحزن لتبلغنا النبأ".') == [("سارة ساندرز", "قالت")]
    assert _speakers("وتتناقض هذه التصريحات التي أتت على لسان مسؤول في وزارة الخارجية لم يكشف "
                     "عن اسمه، مع ما قاله الوزير.")[0] == "مسؤول في وزارة الخارجية"


def test_no_speaker_after_a_plural_verb_a_manner_or_an_object_pronoun() -> None:
    # "كما أكدوا ابتعادها" (they also affirmed her distance): a verb marked plural carries
    # its subject; "قالت ماجدة ضاحكة" (Majda said, laughing), "متهمة إياها" (accusing her).
    assert "ابتعادها" not in _speakers("وتحدث أبناء بن لادن في حوار مع غارديان، كما أكدوا ابتعادها عن "
                                       "نهجه المتشدد.")
    assert _speakers("وتقول ماجدة ضاحكة إن النساء السوريات صبورات للغاية.") == ["ماجدة"]
    assert "إياها" not in _speakers("وفرضت عليها حظرا تجاريا متهمة إياها بتقديم الدعم لمجموعات متطرفة.")


def test_li_on_an_outlet_after_a_speaker_is_the_hearer() -> None:
    # "وقال أحد ممثلي الادعاء لرويترز" (one of the prosecutors told Reuters): Reuters hears,
    # after a common noun as after a name.
    [q] = _quotes_of("وقال أحد ممثلي الادعاء لرويترز، إن المحكمة لم تطلب من المتهم شيئا.")
    assert q.speaker is not None and q.speaker.text == "أحد ممثلي الادعاء"
    assert q.addressee is not None and q.addressee.text == "رويترز"


def test_a_title_or_a_body_in_construct_is_one_speaker() -> None:
    # "رئيس وزراء الهند" (the prime minister of India), "غرفة عمليات القوات الجوية" (the air
    # force operations room): a chain of nouns in construct is one speaker, not its head.
    assert _speakers("وقال رئيس وزراء الهند إنه اجتمع إليها قبل مدة.") == ["رئيس وزراء الهند"]
    assert _speakers("ودعت غرفة عمليات القوات الجوية سكان المنطقة إلى البقاء بعيدا عن مواقع "
                     "المسلحين.") == ["غرفة عمليات القوات الجوية"]
    # A name and its object stay apart ("ووصفت هايلي مشروع القرار", Haley called the draft).
    assert _speakers("ووصفت هايلي مشروع القرار بأنه أحادي الجانب.") != ["هايلي مشروع القرار"]
