"""Tests of in-article resolution (`marsad.stages.coref`) on hand-made mentions."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic import tokenize
from marsad.stages.coref import (
    Cluster,
    Mention,
    add_descriptions,
    loose,
    mention_words,
    merge_short_forms,
    name_key,
    short_form_of,
)


@dataclass(frozen=True)
class Entry:
    name: str
    descriptions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    country: str | None = None
    population: int | None = None


ENTRIES = {
    "isis": Entry("داعش", ("التنظيم", "الدولة")),
    "baghdadi": Entry("أبو بكر البغدادي"),
    "sdf": Entry("قوات سوريا الديمقراطية", ("المليشيات الكردية",)),
    "rio": Entry("ريو دي جانيرو", country="BR", population=6_747_815),
    "reo": Entry("ريو", country="BF", population=33_894),
    "hezbollah": Entry("حزب الله", country="LB"),
    "kataib": Entry("كتائب حزب الله", country="IQ"),
}


def entry(kb_id: str | None) -> Entry | None:
    return ENTRIES.get(kb_id or "")


def mention(text: str, s: str, typ: str, kb: str | None = None, nth: int = 1) -> Mention:
    pos = -1
    for _ in range(nth):
        pos = text.index(s, pos + 1)
    return Mention(pos, pos + len(s), typ, "kb" if kb else "ner", (kb,) if kb else ())


def key(words: str) -> set[tuple[str, ...]]:
    """A name's forms as `merge_short_forms` keys them."""
    return {name_key([loose(w) for w in words.split()])}


def test_short_form_rules() -> None:
    # A surname joins the person, a kunya's leading part too.
    assert short_form_of(key("البغدادي"), "PER", key("أبو بكر البغدادي"), "PER", False)
    assert short_form_of(key("أبو بكر"), "PER", key("أبو بكر البغدادي"), "PER", False)
    # After "بن" the last word is the father's: "سلمان" is not Mohammed bin Salman; "بن
    # لادن" (two words) is bin Laden, and "كونابل" of "بن كونابل" (Ben Connable) is he.
    assert not short_form_of(key("سلمان"), "PER", key("محمد بن سلمان"), "PER", False)
    assert short_form_of(key("بن لادن"), "PER", key("أسامة بن لادن"), "PER", False)
    assert short_form_of(key("كونابل"), "PER", key("بن كونابل"), "PER", False)
    # A distinctive word joins the organisation; its generic head does not.
    assert short_form_of(key("النصرة"), "ORG", key("جبهة النصرة"), "ORG", False)
    assert not short_form_of(key("جبهة"), "ORG", key("جبهة النصرة"), "ORG", False)
    # A place's leading part, or the name after a class word.
    assert short_form_of(key("الغوطة"), "LOC", key("الغوطة الشرقية"), "LOC", False)
    assert short_form_of(key("سنجار"), "GPE", key("مدينة سنجار"), "GPE", False)
    # "شرقي سوريا" (eastern Syria) is no fuller form of Syria.
    assert not short_form_of(key("سوريا"), "GPE", key("شرقي سوريا"), "LOC", False)


def test_compound_names_are_one_key_however_written() -> None:
    # "عبد الله" and "عبدالله" (ʿabd allāh), "نصر الله" and "نصرالله" (naṣr allāh) are the
    # same names; "حزب الله" (Hezbollah) keeps its head apart.
    assert key("عبد الله الثاني") == {(loose("عبدالله"), loose("الثاني"))}
    assert key("حسن نصرالله") == key("حسن نصر الله")
    assert name_key([loose("حزب"), loose("الله")]) == (loose("حزب"), loose("الله"))
    assert short_form_of(key("عبد الله"), "PER", key("عبدالله الثاني"), "PER", False)
    assert short_form_of(key("عبدالمحسن النمر"), "PER", key("الشيخ عبد المحسن النمر"), "PER", False)
    # "عبد الرحمن" is two written words: the leading part of a name, as "أبو بكر" is.
    assert short_form_of(key("عبد الرحمن"), "PER", key("عبد الرحمن عثمان"), "PER", False)


def test_mention_words_restore_the_article_after_lam() -> None:
    text = "قال مسؤول للحكومة السورية"
    m = Mention(text.index("لحكومة"), len(text), "ORG", "ner")
    assert mention_words(text, m) == [loose("الحكومة"), loose("السورية")]


def test_merge_short_forms_links_the_surname() -> None:
    text = "قال أبو بكر البغدادي إن التنظيم باق. وأضاف البغدادي أن المعركة طويلة."
    full = mention(text, "أبو بكر البغدادي", "PER", "baghdadi")
    short = mention(text, "البغدادي", "PER", nth=2)
    clusters = [Cluster([full], "baghdadi"), Cluster([short], None)]
    out = merge_short_forms(text, clusters, entry)
    assert len(out) == 1 and out[0].kb_id == "baghdadi"
    assert [(m.start, m.reason) for m in out[0].mentions] == [
        (full.start, None), (short.start, "short-form")]


def test_descriptions_need_a_prior_name_and_no_adjective() -> None:
    text = 'قال التنظيم إن داعش باق، وإن "الدولة" عائدة، وإن التنظيم قوي، وإن الدولة السورية ضعيفة.'
    isis = mention(text, "داعش", "ORG", "isis")
    out = add_descriptions(text, tokenize(text), [Cluster([isis], "isis")], entry)
    got = [text[m.start:m.end] for m in out[0].mentions]
    # Not the first "التنظيم" (before the name), not "الدولة السورية" (the Syrian state).
    assert got == ["داعش", "الدولة", "التنظيم"]
    assert {m.reason for m in out[0].mentions[1:]} == {"description"}


def test_a_description_with_its_adjective_may_point_ahead_in_its_sentence() -> None:
    # "He called for attacks on "the Kurdish militias" and warned against joining the SDF."
    text = 'ودعا إلى شن هجمات ضد المليشيات الكردية وحذر من الالتحاق بقوات سوريا الديمقراطية. والمليشيات الكردية قوية.'
    sdf = mention(text, "قوات سوريا الديمقراطية", "ORG", "sdf")
    out = add_descriptions(text, tokenize(text), [Cluster([sdf], "sdf")], entry)
    got = [text[m.start:m.end] for m in out[0].mentions]
    assert got.count("المليشيات الكردية") == 2
    # Not across a sentence end: the name must follow in the same sentence.
    text2 = "ودعا إلى شن هجمات ضد المليشيات الكردية. وحذر من الالتحاق بقوات سوريا الديمقراطية."
    sdf2 = mention(text2, "قوات سوريا الديمقراطية", "ORG", "sdf")
    out2 = add_descriptions(text2, tokenize(text2), [Cluster([sdf2], "sdf")], entry)
    assert len(out2[0].mentions) == 1


def test_a_person_named_in_full_is_named_after_by_the_last_name() -> None:
    # "Matthew Muller kidnapped them ... and Muller was arrested months later."
    text = "واختطف ماثيو مولر الشريكين من منزلهما. واعتقل مولر بعد ستة أشهر."
    full = mention(text, "ماثيو مولر", "PER")
    out = add_descriptions(text, tokenize(text), [Cluster([full], None)], entry)
    got = [text[m.start:m.end] for m in out[0].mentions]
    assert got == ["ماثيو مولر", "مولر"]
    assert out[0].mentions[1].reason == "surname"
    # Not before the full name, and not a last name two persons share.
    text2 = "قال مولر إن ماثيو مولر وكريس مولر غادرا."
    a, b = mention(text2, "ماثيو مولر", "PER"), mention(text2, "كريس مولر", "PER")
    out2 = add_descriptions(text2, tokenize(text2), [Cluster([a], None), Cluster([b], None)], entry)
    assert [len(c.mentions) for c in out2] == [1, 1]


def test_a_given_name_and_a_namesake_town_join_the_fuller_name() -> None:
    # An unlinked given name joins the one person named in two words with it; a small town
    # of another country ("ريو", Réo in Burkina Faso) yields to the fuller place name;
    # organisations of two KB entries stay apart.
    text = "قتلت مارييل فرانكو في ريو دي جانيرو. وأصيبت مارييل بأربع رصاصات في وسط ريو."
    clusters = [Cluster([mention(text, "مارييل فرانكو", "PER")], None),
                Cluster([mention(text, "ريو دي جانيرو", "GPE", "rio")], "rio"),
                Cluster([mention(text, "مارييل", "PER", nth=2)], None),
                Cluster([mention(text, "ريو", "GPE", "reo", nth=2)], "reo")]
    out = merge_short_forms(text, clusters, entry)
    assert sorted(len(c.mentions) for c in out) == [2, 2]
    assert {c.kb_id for c in out} == {None, "rio"}
    text = "وقال حزب الله إن كتائب حزب الله جزء من المقاومة."
    clusters = [Cluster([mention(text, "حزب الله", "ORG", "hezbollah")], "hezbollah"),
                Cluster([mention(text, "كتائب حزب الله", "ORG", "kataib")], "kataib")]
    assert len(merge_short_forms(text, clusters, entry)) == 2


def test_a_fuller_name_keeps_a_surname_link_only_with_its_given_name() -> None:
    # "إسلام سليماني" (Islam Slimani, a footballer) then "سليماني": the KB's "قاسم
    # سليماني" linked to the short form is someone else; "الله علي خامنئي" keeps Ali
    # Khamenei, and a kunya's "أبو" is no given name.
    ENTRIES["soleimani"] = Entry("قاسم سليماني", aliases=("سليماني",))
    ENTRIES["khamenei"] = Entry("علي خامنئي", aliases=("خامنئي",))
    try:
        text = "انضم المهاجم إسلام سليماني إلى الفريق. وقال سليماني إنه سعيد."
        clusters = [Cluster([mention(text, "إسلام سليماني", "PER")], None),
                    Cluster([mention(text, "سليماني", "PER", "soleimani", nth=2)], "soleimani")]
        [merged] = merge_short_forms(text, clusters, entry)
        assert merged.kb_id is None and len(merged.mentions) == 2
        text = "وقال الله علي خامنئي إن ... وأضاف خامنئي أن ..."
        clusters = [Cluster([mention(text, "الله علي خامنئي", "PER")], None),
                    Cluster([mention(text, "خامنئي", "PER", "khamenei", nth=2)], "khamenei")]
        [merged] = merge_short_forms(text, clusters, entry)
        assert merged.kb_id == "khamenei"
    finally:
        del ENTRIES["soleimani"], ENTRIES["khamenei"]
