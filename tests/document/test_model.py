from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.document import (
    Article,
    Document,
    Entity,
    Event,
    EventDate,
    Place,
    Quote,
    Ref,
    Related,
    Sentence,
    Span,
    SpeakerRef,
    Time,
)

ARABIC = st.text(alphabet=st.sampled_from([*list('ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآةى،."«»\n'), "ً", "ـ"]), min_size=1, max_size=80)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(ARABIC)
    n = len(text)

    def span() -> Span:
        s = draw(st.integers(0, n))
        e = draw(st.integers(s, n))
        return Span.of(text, s, e)

    ents = tuple(
        Entity(id=f"e{i}", type=draw(st.sampled_from(["PER", "ORG", "GPE"])), name=draw(ARABIC),
               mentions=(span(), span()), name_en=draw(st.none() | st.text(max_size=5)),
               kb_id=draw(st.none() | st.just("marsad:x")))
        for i in range(draw(st.integers(0, 3)))
    )
    sp = span()
    quotes = tuple(
        Quote(id=f"q{i}", kind="direct", start=sp.start, end=sp.end, text=sp.text, cue=span(),
              speaker=SpeakerRef("e1", sp.start, sp.end, sp.text), addressee=Ref(None, "x"),
              relayed_by=draw(st.none() | st.just(Ref("e2", "y"))))
        for i in range(draw(st.integers(0, 2)))
    )
    events = tuple(
        Event(id=f"v{i}", type="THREATEN", trigger=span(), mode=draw(st.none() | st.just("m")),
              context=("terrorism",), actor=(Ref("e1", "a"),), target=(Ref(None, "b"),),
              place=Ref("e3", "p"), date=EventDate("2019-03-18", "أمس", "time"),
              quote=draw(st.none() | st.just("q0")), status="future",
              confidence=draw(st.floats(0, 1)))
        for i in range(draw(st.integers(0, 2)))
    )
    t = span()
    times = (Time(t.start, t.end, t.text, draw(st.none() | st.just("XXXX-03-18")), "DATE"),)
    places = (Place(entity="e1", kind="city", mentions=(span(),), name_en="Baghouz",
                    geonames_id=draw(st.none() | st.integers(1, 10**7)), lat=34.46, lon=40.94,
                    country="SY", admin1="Deir ez-Zor", kb_id="marsad:baghouz"),)
    return Document(
        text=text,
        article=Article(id="a1", title=draw(st.none() | ARABIC), outlet="o", byline=None,
                        url=None, published=draw(st.none() | st.just("2019-03-19"))),
        related=(Related("عنوان"),), sentences=(Sentence(0, n),), entities=ents, quotes=quotes,
        events=events, times=times, places=places,
    )


@given(documents())
def test_document_round_trips_through_dict(doc: Document) -> None:
    assert Document.from_dict(doc.to_dict()) == doc


@given(documents())
def test_document_spans_slice_text(doc: Document) -> None:
    for s in doc.iter_spans():
        assert doc.text[s.start : s.end] == s.text


def test_document_to_dict_has_contract_keys() -> None:
    d = Document(text="نص", article=Article(id="x")).to_dict()
    assert d["schema"] == "marsad.analysis/1"
    assert set(d) >= {"schema", "article", "text", "related", "sentences", "entities", "quotes",
                      "events", "times", "places"}
    assert set(d["article"]) == {"id", "title", "outlet", "byline", "url", "published", "language"}


def test_document_from_dict_rejects_other_schema() -> None:
    import pytest

    from marsad.errors import InputError

    with pytest.raises(InputError):
        Document.from_dict({"schema": "marsad.analysis/9", "text": "", "article": {"id": "x"}})


def test_document_with_layers_keeps_original_untouched() -> None:
    doc = Document(text="نص", article=Article(id="x"))
    new = doc.with_layers(sentences=(Sentence(0, 2),))
    assert doc.sentences == () and new.sentences == (Sentence(0, 2),)


def test_derived_view_is_built_once_and_shared_by_copies() -> None:
    doc = Document(text="قال الرئيس", article=Article(id="a"))  # qāla al-raʾīs, the president said
    calls: list[int] = []
    source = object()

    def build() -> tuple[str, ...]:
        calls.append(1)
        return tuple(doc.text.split())

    first = doc.derived("words", source, build)
    later = doc.with_layers(sentences=()).derived("words", source, build)
    assert first == later == ("قال", "الرئيس")
    assert later is first and len(calls) == 1
    # Another resource (another pipeline's matcher) gets its own view.
    doc.derived("words", object(), build)
    assert len(calls) == 2
    # The cache is no part of equality or of the contract.
    assert doc == Document(text=doc.text, article=doc.article)
    assert "_cache" not in doc.to_dict()
