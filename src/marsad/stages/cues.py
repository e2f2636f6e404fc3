"""The lexicon of Arabic reporting cues: the words that introduce reported speech.

Every entry is keyed by its normalised form (`marsad.arabic.normalize`: no harakat, alef
forms unified, ى as ي) without the conjunctions و wa / ف fa, which the quote stage strips
before looking a word up. A cue says how it introduces speech:

- `verb`: a finite reporting verb, "قال" (qāla, he said), "أكدت" (ʾakkadat, she stressed),
  "يقول" (yaqūlu, he says). Its subject normally follows (verb–subject order), or precedes.
- `circ`: a circumstantial participle, "مضيفا" (muḍīfan, adding), "مشيرا" (mušīran,
  pointing out), whose subject is the current speaker of the sentence.
- `source`: an attribution adverbial, "بحسب" (bi-ḥasab, according to), "وفقا ل"
  (wifqan li, according to), "نقلا عن" (naqlan ʿan, quoting), "على لسان" (ʿalā lisān, in
  the words of); the reported clause is the rest of the reporter's sentence.
- `masdar`: a verbal noun that carries the content after a verb, "بالقول" (bi-l-qawl,
  saying), or heads a statement, "إعلان" (iʿlān, announcement).

`frames` lists the complements that make the word a report rather than some other use of
the verb ("أضاف" also means "added X to Y"; only "أضاف أن/:/«" is speech): "that" (إن/أن),
"quote" (a quotation mark), "colon" (a colon, then verbatim speech), and prepositions with
a reported proposition, "ila" (إلى), "bi" (بـ), "ala" (على), "an" (عن), "min" (من), "obj"
(an object then بـ, as in "اتهم X بـ" ittahama X bi, accused X of), "np" (a bare noun phrase,
as "نفى" nafā, denied), and "qbi"/"qan" (بـ/عن right before a quotation: evaluative and topic
verbs such as "ندد بـ"..."" naddada bi, denounced "...", report words only then).

Bare evaluative verbs ("دان" dāna, condemned; "أشاد بـ" ʾašāda bi, praised; "أعرب عن" ʾaʿraba
ʿan, expressed) are no cues unless a quotation follows them: they report an attitude, not
words. Forms that are mostly something else in news text are left out: "يذكر أن" (it is
noted), "بين" (between), "أمر" (matter), "تبلغ" (reaches), "يدعي" (is called), "مجددا" (again).
"""

from __future__ import annotations

from dataclasses import dataclass

THAT = "that"
QUOTE = "quote"
COLON = "colon"
ILA = "ila"
BI = "bi"
ALA = "ala"
AN = "an"
MIN = "min"
OBJ = "obj"
NP = "np"
QBI = "qbi"  # بـ then a quotation: "ندد بـ"..."" (naddada bi, denounced "...")
QAN = "qan"  # عن then a quotation: "تحدث عن "..."" (taḥaddaṯa ʿan, spoke of "...")

_SPEECH = frozenset({THAT, QUOTE, COLON})


@dataclass(frozen=True, slots=True)
class Cue:
    """One written form of a reporting cue."""

    lemma: str
    kind: str  # verb | circ | source | masdar
    frames: frozenset[str]
    feminine: bool = False
    relay: bool = False  # نقل (naqala): the subject conveys someone else's words


@dataclass(frozen=True, slots=True)
class _Verb:
    past: tuple[str, ...]
    imperfect: tuple[str, ...]
    participle: tuple[str, ...]
    frames: frozenset[str]
    relay: bool = False


def _f(*names: str) -> frozenset[str]:
    return _SPEECH | frozenset(names)


# Verbs of opinion report a proposition, not words: "اعتبر X "Y"" (iʿtabara X "Y",
# considered X to be "Y") is no quotation; only "اعتبر أن" (iʿtabara ʾanna) reports.
_THAT = frozenset({THAT, COLON})


# Past (3rd person m., f., pl., dual), imperfect (m., f., pl.), participle (m. acc., f.,
# pl.): the forms news Arabic uses for third-person reporting, normalised.
_VERBS: dict[str, _Verb] = {
    "قال": _Verb(("قال", "قالت", "قالوا", "قالا", "قالتا", "قلن"), ("يقول", "تقول", "يقولون", "يقولان"),
                 ("قائلا", "قائلة", "قائلين", "قايلا"), _f()),
    "أضاف": _Verb(("اضاف", "اضافت", "اضافوا", "اضافا"), ("يضيف", "تضيف", "يضيفون"),
                  ("مضيفا", "مضيفة", "مضيفين", "مضيفتا"), _f()),
    "أكد": _Verb(("اكد", "اكدت", "اكدوا", "اكدا"), ("يؤكد", "تؤكد", "يؤكدون", "يوكد"),
                 ("مؤكدا", "مؤكدة", "مؤكدين", "موكدا"), _f(ALA, NP)),
    "أوضح": _Verb(("اوضح", "اوضحت", "اوضحوا"), ("يوضح", "توضح"), ("موضحا", "موضحة", "موضحين"), _f()),
    "أشار": _Verb(("اشار", "اشارت", "اشاروا"), ("يشير", "تشير", "يشيرون"),
                  ("مشيرا", "مشيرة", "مشيرين"), _f(ILA)),
    "لفت": _Verb(("لفت", "لفتت", "لفتوا"), ("يلفت", "تلفت"), ("لافتا", "لافتة", "لافتين"), _f(ILA)),
    "نوه": _Verb(("نوه", "نوهت"), ("ينوه", "تنوه"), ("منوها", "منوهة"), _f(ILA)),
    "نبه": _Verb(("نبه", "نبهت"), ("ينبه", "تنبه"), ("منبها", "منبهة"), _f(ILA)),
    "تابع": _Verb(("تابع", "تابعت", "تابعوا"), ("يتابع", "تتابع"), ("متابعا", "متابعة"), _f()),
    "أردف": _Verb(("اردف", "اردفت"), ("يردف", "تردف"), ("مردفا", "مردفة"), _f()),
    "استطرد": _Verb(("استطرد", "استطردت"), ("يستطرد",), ("مستطردا", "مستطردة"), _f()),
    "استدرك": _Verb(("استدرك", "استدركت"), ("يستدرك",), ("مستدركا", "مستدركة"), _f()),
    "دعا": _Verb(("دعا", "دعت", "دعوا"), ("يدعو", "تدعو", "يدعون"), ("داعيا", "داعية", "داعين"),
                 _f(ILA)),
    "طالب": _Verb(("طالب", "طالبت", "طالبوا"), ("يطالب", "تطالب", "يطالبون"),
                  ("مطالبا", "مطالبة", "مطالبين"), _f(BI, OBJ)),
    "حث": _Verb(("حث", "حثت", "حثوا"), ("يحث", "تحث"), ("حاثا",), _f(ALA, OBJ)),
    "ناشد": _Verb(("ناشد", "ناشدت", "ناشدوا"), ("يناشد", "تناشد"), ("مناشدا", "مناشدة"), _f(OBJ)),
    "هدد": _Verb(("هدد", "هددت", "هددوا"), ("يهدد", "تهدد"), ("مهددا", "مهددة"), _f(BI)),
    "توعد": _Verb(("توعد", "توعدت", "توعدوا"), ("يتوعد", "تتوعد"), ("متوعدا", "متوعدة"), _f(BI)),
    "حذر": _Verb(("حذر", "حذرت", "حذروا"), ("يحذر", "تحذر", "يحذرون"), ("محذرا", "محذرة", "محذرين"),
                 _f(MIN)),
    "نفى": _Verb(("نفي", "نفت", "نفوا", "نفيا"), ("ينفي", "تنفي", "ينفون"), ("نافيا", "نافية"), _f(NP)),
    "اتهم": _Verb(("اتهم", "اتهمت", "اتهموا", "اتهما"), ("يتهم", "تتهم", "يتهمون"),
                  ("متهما", "متهمة", "متهمين"), _f(OBJ)),
    # "نقل" also means "transported" ("نقل إلى المستشفى"): only عن, a that-clause, a colon,
    # or بـ right before a quotation make it a relay.
    "نقل": _Verb(("نقل", "نقلت", "نقلوا"), ("ينقل", "تنقل"), ("ناقلا", "ناقلة"), _f(AN, QBI), relay=True),
    "كشف": _Verb(("كشف", "كشفت", "كشفوا"), ("يكشف", "تكشف"), ("كاشفا", "كاشفة"), _f(AN, NP)),
    "أعلن": _Verb(("اعلن", "اعلنت", "اعلنوا"), ("يعلن", "تعلن"), ("معلنا", "معلنة"), _f(AN, NP)),
    "صرح": _Verb(("صرح", "صرحت", "صرحوا"), ("يصرح", "تصرح"), ("مصرحا", "مصرحة"), _f(BI)),
    "ذكر": _Verb(("ذكر", "ذكرت", "ذكروا"), ("تذكر",), ("ذاكرا", "ذاكرة"), _f(NP)),  # not "يذكر أن" (it is noted)
    "اعتبر": _Verb(("اعتبر", "اعتبرت", "اعتبروا"), ("يعتبر", "تعتبر", "يعتبرون"),
                   ("معتبرا", "معتبرة", "معتبرين"), _THAT),
    "رأى": _Verb(("راي", "رات", "راوا"), ("يري", "تري", "يرون"), ("رائيا",), _THAT),
    "شدد": _Verb(("شدد", "شددت", "شددوا"), ("يشدد", "تشدد"), ("مشددا", "مشددة", "مشددين"), _f(ALA)),
    # "أفادت سانا عن إصابة" (SANA reported injuries): عن governs what is reported.
    "أفاد": _Verb(("افاد", "افادت", "افادوا"), ("يفيد", "تفيد"), ("مفيدا", "مفيدة"), _f(BI, AN)),
    "أصر": _Verb(("اصر", "اصرت", "اصروا"), ("يصر", "تصر", "يصرون"), ("مصرا", "مصرة"), _f(ALA)),
    "أبلغ": _Verb(("ابلغ", "ابلغت", "ابلغوا", "ابلغنا"), (), ("مبلغا",), _f(OBJ)),  # not "تبلغ" (reaches)
    "أخبر": _Verb(("اخبر", "اخبرت", "اخبروا"), ("يخبر", "تخبر"), ("مخبرا",), _f(OBJ)),
    "كتب": _Verb(("كتب", "كتبت", "كتبوا"), ("يكتب", "تكتب"), ("كاتبا",), _f()),
    "وصف": _Verb(("وصف", "وصفت", "وصفوا"), ("يصف", "تصف", "يصفون"), ("واصفا", "واصفة", "واصفين"),
                 _f(OBJ)),
    "اقترح": _Verb(("اقترح", "اقترحت"), ("يقترح", "تقترح"), ("مقترحا", "مقترحة"), _f(ALA)),
    # "اعترف بـ" is also diplomatic recognition and "أقر" passing a law: a that-clause only.
    "اعترف": _Verb(("اعترف", "اعترفت", "اعترفوا"), ("يعترف", "تعترف"), ("معترفا", "معترفة"), _f()),
    "أقر": _Verb(("اقر", "اقرت"), ("يقر", "تقر"), ("مقرا", "مقرة"), _f()),
    "زعم": _Verb(("زعم", "زعمت", "زعموا"), ("يزعم", "تزعم", "يزعمون"), ("زاعما", "زاعمة"), _THAT),
    # Not "يدعي": it is also "يُدعى" (yudʿā, is called), normalised alike.
    "ادعى": _Verb(("ادعي", "ادعت", "ادعوا"), (), ("مدعيا", "مدعية"), _f()),
    "تعهد": _Verb(("تعهد", "تعهدت", "تعهدوا"), ("يتعهد", "تتعهد"), ("متعهدا", "متعهدة"), _f(BI)),
    "أجاب": _Verb(("اجاب", "اجابت"), ("يجيب", "تجيب"), ("مجيبا", "مجيبة"), _f()),
    "علق": _Verb(("علق", "علقت"), ("يعلق", "تعلق"), ("معلقا", "معلقة"), _f()),
    "تساءل": _Verb(("تساءل", "تساءلت"), ("يتساءل", "تتساءل"), ("متسائلا", "متسائلة"), _f()),
    "بين": _Verb(("بينت",), ("يبين",), ("مبينا", "مبينة"), _f()),  # not "بين" (bayna, between)
    "أورد": _Verb(("اورد", "اوردت"), ("يورد", "تورد"), ("موردا",), _f()),
    "روى": _Verb(("روي", "روت"), ("يروي", "تروي"), ("راويا",), _f()),
    "رجح": _Verb(("رجح", "رجحت"), ("يرجح", "ترجح"), ("مرجحا", "مرجحة"), _THAT),
    "توقع": _Verb(("توقع", "توقعت", "توقعوا"), ("يتوقع", "تتوقع"), ("متوقعا", "متوقعة"), _THAT),
    "استبعد": _Verb(("استبعد", "استبعدت"), ("يستبعد", "تستبعد"), ("مستبعدا", "مستبعدة"), _THAT),
    "جدد": _Verb(("جدد", "جددت"), ("يجدد", "تجدد"), (), frozenset({ALA})),  # not "مجددا" (again)
    "وثق": _Verb(("وثق", "وثقت"), ("يوثق", "توثق"), ("موثقا",), _f(NP)),
    "أبدى": _Verb(("ابدي", "ابدت"), ("يبدي", "تبدي"), (), frozenset()),
    "طلب": _Verb(("طلب", "طلبت", "طلبوا"), ("يطلب", "تطلب"), ("طالبا", "طالبة"), _f(MIN)),
    "أمر": _Verb(("امرني", "امره", "امرهم", "امرها"), (), (), _f(OBJ)),  # not "أمر" (ʾamr, matter)
    "رد": _Verb(("رد", "ردت"), ("يرد", "ترد"), (), frozenset({COLON, QUOTE})),
    # "مخاطبا" (muḫāṭiban, addressing) names the addressee of another cue, not a cue itself.
    "خاطب": _Verb(("خاطب", "خاطبت"), ("يخاطب", "تخاطب"), (), frozenset({COLON, QUOTE})),
    "أجمع": _Verb(("اجمع", "اجمعت", "اجمعوا"), (), (), frozenset({ALA})),
    # Evaluative and topic verbs report words only when a quotation follows them.
    "ندد": _Verb(("ندد", "نددت", "نددوا"), ("يندد", "تندد"), ("منددا", "منددة"), frozenset({QBI})),
    "انتقد": _Verb(("انتقد", "انتقدت"), ("ينتقد", "تنتقد"), ("منتقدا", "منتقدة"), frozenset({QBI})),
    "رحب": _Verb(("رحب", "رحبت"), ("يرحب", "ترحب"), ("مرحبا", "مرحبة"), frozenset({QBI})),
    "أشاد": _Verb(("اشاد", "اشادت"), ("يشيد", "تشيد"), ("مشيدا", "مشيدة"), frozenset({QBI})),
    "تحدث": _Verb(("تحدث", "تحدثت", "تحدثوا"), ("يتحدث", "تتحدث"), ("متحدثا",), frozenset({QAN})),
    "ختم": _Verb(("ختم", "ختمت"), ("يختم", "تختم"), ("مختتما", "مختتمة"), frozenset({COLON, QUOTE})),
}

# Attribution adverbials: single words and the two-word forms (the second word follows).
_SOURCES: dict[str, str] = {
    "بحسب": "بحسب", "حسب": "بحسب", "حسبما": "بحسب", "بحسبما": "بحسب",
    "وفق": "وفق", "وفقا": "وفق", "وفقما": "وفق", "طبقا": "وفق",
}
# (first word, second word) -> lemma: "نقلا عن" naqlan ʿan, "على لسان" ʿalā lisān.
SOURCE_PAIRS: dict[tuple[str, str], str] = {
    ("نقلا", "عن"): "نقلا عن",
    ("علي", "لسان"): "على لسان",  # normalised: ى is written ي
    ("علي", "حد"): "على حد",
}

# Verbal nouns that carry reported content right after a verb ("تابع بالقول" tābaʿa
# bi-l-qawl, went on saying) or head a report ("إعلان X أن" iʿlān X ʾanna).
_MASDARS: dict[str, frozenset[str]] = {
    "بالقول": frozenset({THAT, QUOTE, COLON}),
    "الحديث": frozenset({QAN}),
    "اعلان": frozenset({THAT, AN, NP}),
    "تاكيد": frozenset({THAT}),
}

# Heads of an outlet's name ("قناة", qanāt, channel; "وكالة", wakāla, agency): told "لقناة
# ..." (li-qanāt, to the channel ...), the outlet hears the words and is no party to them.
MEDIA_HEADS = ("قناة", "صحيفة", "وكالة", "شبكة", "موقع", "اذاعة", "تلفزيون", "مجلة", "وسائل", "محطة")


# Statement nouns: "في بيان" (fī bayān, in a statement), "جاء في بيان" (jāʾa fī bayān, a
# statement read); the quote stage uses them for speaker and addressee context.
STATEMENT_NOUNS = frozenset({
    "بيان", "البيان", "بيانا", "تصريح", "تصريحات", "تصريحه", "كلمة", "كلمته", "مؤتمر", "رسالة",
    "رسالته", "تغريدة", "تغريدات", "حوار", "مقابلة", "حديث", "حديثه", "خطاب", "خطابه", "مذكرة",
    "تقرير", "التقرير", "بلاغ", "تسجيل", "مكالمة", "اتصال", "الرسالة", "البلاغ", "رسائل", "رسائله",
    "الرسائل", "المذكرة", "تدوينة", "منشور",
})


def _feminine(form: str, imperfect: bool) -> bool:
    """She-forms: past "قالت" (qālat), imperfect "تقول" (taqūlu); not "تابع" (tābaʿa, he went on)."""
    if imperfect:
        return form.startswith("ت")
    return form.endswith(("ت", "تا", "ن"))


def _build() -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for lemma, v in _VERBS.items():
        for form in (*v.past, *v.imperfect):
            fem = _feminine(form, form in v.imperfect and form not in v.past)
            out.setdefault(form, Cue(lemma, "verb", v.frames, fem, v.relay))
            if OBJ in v.frames:
                # An object pronoun on the verb: "اتهموها" (ittahamūhā, they accused her).
                stem = form[:-1] if form.endswith("وا") else form
                for suffix in ("ه", "ها", "هم", "هما"):
                    out.setdefault(stem + suffix, Cue(lemma, "verb", v.frames, fem, v.relay))
        for form in v.participle:
            out.setdefault(form, Cue(lemma, "circ", v.frames, form.endswith("ة"), v.relay))
    for form, lemma in _SOURCES.items():
        out[form] = Cue(lemma, "source", frozenset())
    for form, frames in _MASDARS.items():
        out.setdefault(form, Cue(form, "masdar", frames))
    return out


def build_lexicon() -> dict[str, Cue]:
    """The cue lexicon by normalised written form (built on call; the stage keeps one)."""
    return _build()


# Function words that open the reported clause after a cue, normalised.
THAT_WORDS = frozenset({
    "ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "اني", "انهن", "انكم",
    "بان", "بانه", "بانها", "بانهم", "بانهما", "باننا", "لان", "بالا",
})
