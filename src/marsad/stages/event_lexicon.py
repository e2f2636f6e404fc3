"""Arabic trigger lexicon for PLOVER event coding, compiled once into one matcher.

A trigger is a word or short phrase that expresses an event: a verb in any of its
conjugations ("هدد" haddada, "يهدد" yuhaddidu, "هددت" haddadat: threatened), a verbal
noun ("تهديد" tahdīd, threat), a participle ("متوعدا" mutawaʿʿidan, vowing), or a
phrase ("أطلق سراح" aṭlaqa sarāḥ, released). Each entry carries the PLOVER type and,
where the word says it, the mode and context, plus what the role finder needs to know
about the word's syntax (verb or noun, passive, which role a following genitive fills).

Matching works on tokens: a token's normalised form is stripped of proclitics
(و wa, ف fa, ب bi, ل li, ك ka, س sa, ال al and their combinations) and pronoun suffixes
in every admissible way, and each candidate stem is looked up in one dictionary built
from all conjugated forms. Phrases are matched longest-first from their first word, so
"وقف إطلاق النار" (waqf iṭlāq an-nār, ceasefire) wins over "إطلاق النار" (shooting).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, NamedTuple, Protocol

from marsad.arabic.normalize import normalize

Frame = Literal["verb", "passive", "noun", "participle"]
GenRole = Literal["actor", "target"]

# Speech acts: their complement (what is threatened, asked, denied) is not an event
# of its own, and their actor is the speaker when they sit in a quote's cue.
SPEECH_TYPES = frozenset({"THREATEN", "REQUEST", "REJECT", "ACCUSE", "SUPPORT", "AGREE"})


@dataclass(frozen=True, slots=True)
class Sense:
    """What a trigger means and how its participants are found.

    `gen` is the role of an entity in the genitive right after a verbal noun
    ("اغتيال الحريري" ightiyāl al-ḥarīrī: the killing of Hariri -> target;
    "هجوم داعش" hujūm dāʿish: ISIS's attack -> actor). `lam` is the role of an entity
    introduced by لـ li- ("هجوم لميليشيات" -> actor, "مطالبات لمجلس الأمن" -> target).
    `weak` triggers are ambiguous words that only count with a participant.
    """

    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    frame: Frame = "verb"
    gen: GenRole = "target"
    lam: GenRole = "target"
    weight: float = 0.7
    weak: bool = False
    definite: bool = True  # may take the article ال
    needs: tuple[str, ...] = ()  # one of these words must stand within two words of it
    negates: bool = False  # its complement is reported as not having happened (a denial)
    evaluates: bool = False  # a judgement on a party's act ("غير مقبولة", unacceptable)
    describes: bool = False  # "وصف ... بأنه" (described as): the judgement after it decides


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger found in a token list: tokens `[first, last]` and the sense."""

    first: int
    last: int
    start: int
    end: int
    sense: Sense
    prefix: str
    form: str
    verbal: bool = False  # the form is a finite verb
    nominal: bool = True  # the form is (also) a noun, participle or phrase


class Word(Protocol):
    """A word or punctuation mark of the text: offsets, surface, normalised form.

    `marsad.arabic.Token` is one (the stage reads the tokens the entities stage already
    made), and so is `PlainWord` (what `words` makes when no tokens are at hand). The
    lexicon does its own clitic analysis, so a token's stem split is never read.
    """

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def norm(self) -> str: ...
    @property
    def is_word(self) -> bool: ...


class PlainWord(NamedTuple):
    """A `Word` without clitic analysis, lighter than `marsad.arabic.Token`."""

    start: int
    end: int
    text: str
    norm: str
    is_word: bool


def words(text: str, memo: dict[str, str] | None = None) -> list[PlainWord]:
    """The words of `text` (same boundaries as `marsad.arabic.tokenize`).

    >>> [w.norm for w in words("قصفت الطائرات")]  # qaṣafat aṭ-ṭāʾirāt, the planes shelled
    ['قصفت', 'الطائرات']
    """
    from marsad.arabic.tokenize import TOKEN_RE

    memo = {} if memo is None else memo
    out: list[PlainWord] = []
    for m in TOKEN_RE.finditer(text):
        w = m.group()
        n = memo.get(w)
        if n is None:
            n = memo[w] = normalize(w)
        out.append(PlainWord(m.start(), m.end(), w, n, n[:1].isalnum()))
    return out


# --- conjugation helpers ------------------------------------------------------------------

_PERF_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
_IMPERF_PREFIXES = ("ي", "ت", "ن")
_IMPERF_SUFFIXES = ("", "ون", "ان", "ن", "وا", "ا", "ين")


def verb(perf: str, imperf: str | None = None) -> tuple[str, ...]:
    """Perfect and imperfect forms of a sound verb (normalised spelling).

    >>> "هددت" in verb("هدد", "هدد")  # haddadat, she threatened
    True
    """
    forms = [perf + s for s in _PERF_SUFFIXES]
    if imperf:
        forms += [p + imperf + s for p in _IMPERF_PREFIXES for s in _IMPERF_SUFFIXES]
    return tuple(forms)


def noun(*stems: str) -> tuple[str, ...]:
    """A verbal noun with its feminine (ة), plural (ات) and dual forms where written."""
    out: list[str] = []
    for s in stems:
        out.append(s)
        if s.endswith("ة"):
            base = s[:-1]
            out += [base + "ات", base + "تان", base + "تين"]
    return tuple(out)


def participle(*stems: str) -> tuple[str, ...]:
    """Participles with their plural (ون/ين) and feminine (ة/ات) forms."""
    out: list[str] = []
    for s in stems:
        out += [s, s + "ون", s + "ين", s + "ة", s + "ات"]
    return tuple(out)


Entry = tuple[tuple[str, ...], Sense]


def _entries() -> tuple[list[Entry], frozenset[str], frozenset[str]]:
    """The built-in lexicon (normalised forms; phrases are space-separated) and the set of
    forms that are finite verbs and of those that are (also) nouns, participles or phrases."""
    mil = ("military",)
    dip = ("diplomatic",)
    leg = ("legal",)
    e: list[Entry] = []

    verb_count: Counter[str] = Counter()
    all_count: Counter[str] = Counter()

    def add(forms: Iterable[str], sense: Sense) -> None:
        tf = tuple(forms)
        all_count.update(tf)
        e.append((tf, sense))

    def v(perf: str, imperf: str | None = None) -> tuple[str, ...]:
        forms = verb(perf, imperf)
        verb_count.update(forms)
        return forms

    def finite(*forms: str) -> tuple[str, ...]:
        """Verb forms written out where `verb` cannot build them (a weak final root)."""
        verb_count.update(forms)
        return forms

    # ASSAULT ---------------------------------------------------------------------------
    add(v("هاجم", "هاجم") + v("اغار"), Sense("ASSAULT", None, mil, weight=0.8))
    add(noun("هجوم", "هجمات", "هجمة", "الهجوم", "اغارة", "غزوة", "غزو", "اجتياح", "توغل",
             "عدوان", "اعتداء", "اعتداءات", "تعدي"),
        Sense("ASSAULT", None, mil, frame="noun", gen="actor", lam="actor", weight=0.75))
    add(v("اجتاح", "جتاح") + v("غزا") + v("توغل", "توغل")
        + v("اعتدي", "عتدي") + v("اقتحم", "قتحم"),
        Sense("ASSAULT", None, mil, weight=0.7))
    add(noun("اقتحام"), Sense("ASSAULT", None, mil, frame="noun", weight=0.75))
    # A coup against the government ("انقلابهم على السلطة", their coup against the authority).
    add(noun("انقلاب", "الانقلاب"), Sense("ASSAULT", None, mil, frame="noun", gen="actor",
                                       weight=0.65, needs=("علي",)))
    add(noun("غارة", "ضربة جوية", "ضربات جوية", "قصف جوي", "طلعات جوية"),
        Sense("ASSAULT", "aerial", mil, frame="noun", gen="actor", lam="actor", weight=0.8))
    add(("قصف", "القصف", "قصفا"),
        Sense("ASSAULT", "shelling", mil, frame="noun", gen="actor", lam="actor", weight=0.75))
    add(("قذائف", "قذيفة", "صواريخ", "صاروخ", "الصواريخ", "القذائف"),
        Sense("ASSAULT", "heavy-weapons", mil, frame="noun", gen="actor", weight=0.5, weak=True))
    add(v("قصف", "قصف") + v("استهدف", "ستهدف") + v("ضرب", "ضرب"),
        Sense("ASSAULT", None, mil, weight=0.75))
    add(("قصف مدفعي", "قصف صاروخي", "قصفا مدفعيا", "بالهاون", "بالهاونات", "بقذائف الهاون"),
        Sense("ASSAULT", "shelling", mil, frame="noun", gen="actor", lam="actor", weight=0.8))
    add(noun("استهداف", "ضربة", "ضربات"),
        Sense("ASSAULT", None, mil, frame="noun", gen="target", lam="actor", weight=0.7))
    add(noun("اشتباك", "اشتباكات", "معارك", "معركة", "مواجهات", "قتال", "المعارك",
             "الاشتباكات", "العمليات العسكرية", "عملية عسكرية", "عمليات عسكرية",
             "حملة عسكرية", "هجوم بري", "الهجوم البري"),
        Sense("ASSAULT", None, mil, frame="noun", gen="actor", lam="actor", weight=0.75))
    add(v("اشتبك", "شتبك") + v("قاتل", "قاتل") + v("حارب", "حارب"),
        Sense("ASSAULT", "firearms", mil, weight=0.7))
    add(v("اغتال", "غتال") + noun("اغتيال", "اغتيالات", "محاولة اغتيال"),
        Sense("ASSAULT", "assassinate", (), frame="noun", gen="target", weight=0.85))
    add(("اغتيل", "يغتال", "اغتيلت"),
        Sense("ASSAULT", "assassinate", (), frame="passive", weight=0.85))
    add(v("قتل", "قتل"), Sense("ASSAULT", None, (), weight=0.65))
    add(noun("مقتل", "قتل"), Sense("ASSAULT", None, (), frame="noun", gen="target", weight=0.6))
    add(("قتل على يد", "قتلوا على يد", "قتلت على يد"),
        Sense("ASSAULT", None, (), frame="passive", weight=0.8))
    add(v("ذبح", "ذبح") + v("اعدم", "عدم") + noun("ذبح", "اعدام", "اعدامات", "الاعدام"),
        Sense("ASSAULT", "beat", (), weight=0.6))
    add(v("فجر", "فجر") + noun("تفجير", "تفجيرات", "انفجار", "انفجارات", "الانفجار")
        + v("انفجر", "نفجر") + ("عبوة ناسفة", "عبوات ناسفة", "سيارة مفخخة", "لغم ارضي",
                                   "شاحنة ملغومة", "المفخخات", "مفخخات",
                                   "طرود مفخخة", "العبوات"),
        Sense("ASSAULT", "explosives", (), frame="noun", gen="target", lam="actor", weight=0.75))
    add(("هجوم انتحاري", "تفجير انتحاري", "عملية انتحارية", "انتحاري", "انتحارية",
         "الانتحاري", "حزام ناسف"),
        Sense("ASSAULT", "suicide-attack", ("terrorism",), frame="noun", gen="actor", weight=0.8))
    add(("اطلاق النار", "اطلاق نار", "اطلق النار", "اطلقوا النار", "اطلقت النار",
         "اطلق عليه النار", "اطلق عليهم النار", "اطلاق الرصاص",
         "اطلق الرصاص", "اطلقوا الرصاص", "اطلاق النار الجماعي"),
        Sense("ASSAULT", "firearms", (), frame="noun", gen="target", weight=0.8))
    # Whose bullets or fire they are is who shoots ("برصاص الجيش الإسرائيلي", by the
    # Israeli army's bullets).
    add(("برصاص", "رصاص", "بنيران"),
        Sense("ASSAULT", "firearms", (), frame="noun", gen="actor", weight=0.8))
    # (Not "قناص", a sniper: who shoots, not a shooting; "برصاص قناص" is told by "برصاص".)
    add(v("اختطف", "ختطف") + v("خطف", "خطف") + noun("اختطاف", "خطف")
        + ("اختطفت", "اختطقت"),
        Sense("ASSAULT", "abduct", (), weight=0.8))
    add(v("دمر", "دمر") + noun("تدمير"), Sense("ASSAULT", "destroy", (), weight=0.65))
    add(("دهس", "عملية دهس", "بالدهس"), Sense("ASSAULT", "beat", (), frame="noun", weight=0.7))
    add(noun("الهجوم الكيماوي", "هجوم كيماوي", "الهجوم الكيميائي", "هجوم كيميائي",
             "غاز السارين", "بغاز السارين", "غاز الكلور", "بغاز الكلور"),
        Sense("ASSAULT", "cbrn", mil, frame="noun", gen="actor", weight=0.8))
    add(("طائرة مسيرة", "طائرات مسيرة", "الطائرات المسيرة", "درون"),
        Sense("ASSAULT", "drone", mil, frame="noun", gen="actor", weight=0.6, weak=True))
    add(v("سيطر") + noun("السيطرة على"),
        Sense("ASSAULT", None, mil, weight=0.55, weak=True))
    # Territory taken by force: advances and recaptures ("أحرزت تقدما" aḥrazat taqaddum,
    # made an advance; "استعادت" istaʿādat, retook).
    add(("حققت تقدما", "حقق تقدما", "احرزت تقدما", "احرز تقدما", "تقدم ميداني", "تقدما ميدانيا", "التدخل العسكري", "تدخل عسكري", "القضاء على", *v("انتزع", "نتزع"), *v("استعاد", "ستعيد")),
        Sense("ASSAULT", None, mil, frame="verb", gen="actor", weight=0.5, weak=True))
    # What the noun governs is its victim ("إبادة الأزيديين", the genocide of the Yazidis).
    add(("ابادة", "الابادة الجماعية", "ابادة جماعية", "تطهير عرقي"),
        Sense("ASSAULT", "cleansing", mil, frame="noun", gen="target", weight=0.7))
    add(v("عذب", "عذب") + noun("تعذيب"), Sense("ASSAULT", "torture", (), weight=0.7))

    # COERCE ----------------------------------------------------------------------------
    add(v("اعتقل", "عتقل") + v("احتجز", "حتجز") + noun("اعتقال", "اعتقالات", "احتجاز",
                                                          "توقيف", "القبض", "القاء القبض",
                                                          "الاعتقال"),
        Sense("COERCE", "arrest", leg, frame="noun", gen="target", weight=0.8))
    add(("القي القبض", "القت القبض", "القوا القبض", "يلقي القبض", "تلقي القبض", *v("اوقف")),
        Sense("COERCE", "arrest", leg, weight=0.8))
    add(v("حاصر", "حاصر") + noun("حصار", "الحصار"),
        Sense("COERCE", "restrict", mil, frame="noun", gen="target", weight=0.65))
    # With the article it is mostly the adjective ("المناطق المحاصرة", the besieged areas).
    add(("محاصرة",), Sense("COERCE", "restrict", mil, frame="noun", gen="target", weight=0.6,
                          definite=False))
    add(v("صادر", "صادر") + noun("مصادرة"), Sense("COERCE", "confiscate", leg, weight=0.7))
    add((*noun("ترحيل"), "رحلت", "رحلوا"), Sense("COERCE", "deport", leg, frame="noun", weight=0.6))
    add(("حظر التجول", "حظر تجول"), Sense("COERCE", "curfew", leg, frame="noun", weight=0.8))
    add(("حالة الطوارئ", "الاحكام العرفية"), Sense("COERCE", "martial-law", leg, frame="noun", weight=0.6, weak=True))
    add(v("منع", "منع"), Sense("COERCE", "restrict", leg, weight=0.45, weak=True))
    add(("سجنت", "سجنوا", "يسجن", "تسجن"), Sense("COERCE", "arrest", leg, weight=0.5, weak=True))
    # "سجن" is "prison" too; after a pronoun subject ("وإنه سجن", and that he was jailed)
    # it is the verb.
    add(("سجن",), Sense("COERCE", "arrest", leg, weight=0.5, weak=True, definite=False,
                        needs=tuple(f"{c}{p}{s}" for c in ("", "و", "ف") for p in ("ان", "لكن")
                                    for s in ("ه", "ها", "هم"))))
    add((*v("حظر", "حظر"), "عزلت", "يعزل", "تعزل"),
        Sense("COERCE", "ban", leg, weight=0.5, weak=True))

    # SANCTION --------------------------------------------------------------------------
    add(noun("عقوبات", "العقوبات", "فرض عقوبات", "عقوبات اقتصادية"),
        Sense("SANCTION", None, ("economic",), frame="noun", gen="target", lam="target", weight=0.7))
    add(v("جمد", "جمد") + noun("تجميد", "تجميد اصول", "تجميد الاصول"),
        Sense("SANCTION", "discontinue", ("economic",), frame="noun", weight=0.65, weak=True))
    add(v("قاطع", "قاطع") + noun("مقاطعة", "المقاطعة"),
        Sense("SANCTION", "withdraw", dip, frame="noun", gen="target", weight=0.55, weak=True))
    add(("طرد دبلوماسيين", "طرد الدبلوماسيين", "طرد السفير", "طرد سفير"),
        Sense("SANCTION", "expel", dip, frame="noun", weight=0.8))
    # Forces driving forces out ("طرد تنظيم الدولة من ...", ṭard, expulsion) is fighting.
    add(v("طرد", "طرد") + noun("طرد"), Sense("ASSAULT", None, mil, frame="verb", gen="target", weight=0.5, weak=True))
    add(("قطع العلاقات", "قطعت علاقاتها", "قطع علاقاتها", "قطع العلاقات الدبلوماسية",
         "تعليق جميع الاتصالات", "تعليق الاتصالات", "تعليق عضوية", "علقت عضوية",
         "خفض العلاقات", "سحب السفير", "سحبت سفيرها", "استدعت سفيرها"),
        Sense("SANCTION", "withdraw", dip, frame="noun", weight=0.8))
    add(("ادين", "ادينت", "المدان", "مدان", "المدانين", "حكم عليه", "حكم عليها", "حكمت",
         "الحكم عليه", "بالسجن"),
        Sense("SANCTION", "convict", leg, frame="passive", weight=0.6))

    # ACCUSE ----------------------------------------------------------------------------
    add(v("اتهم", "تهم") + noun("اتهام", "اتهامات", "الاتهامات", "الاتهام"),
        Sense("ACCUSE", "disapprove", (), weight=0.8))
    # "المتهمين" (the defendants) names people more often than it reports an accusation.
    add(participle("متهم", "المتهم"), Sense("ACCUSE", "disapprove", (), frame="noun",
                                           gen="target", weight=0.6, weak=True))
    add(v("ندد", "ندد") + noun("تنديد") + v("دان", "دين") + v("ادان", "دين")
        + noun("ادانة", "الادانة") + v("استنكر", "ستنكر") + noun("استنكار")
        + v("شجب", "شجب") + noun("شجب"),
        Sense("ACCUSE", "disapprove", dip, frame="noun", gen="target", weight=0.8))
    add(v("انتقد", "نتقد") + noun("انتقاد", "انتقادات", "الانتقادات"),
        Sense("ACCUSE", "disapprove", (), frame="noun", gen="target", weight=0.75))
    # A sharp attack in words ("شنت الصين هجوما حادا على السياسة التجارية", China launched a
    # sharp attack on the trade policy) is criticism, not force.
    add(("هجوما حادا", "هجوم حاد", "الهجوم الحاد", "هجوما لاذعا", "هجوم لاذع", "هجوما كلاميا",
         "هجوم كلامي", "هجوما اعلاميا", "هجوم اعلامي", "هجوما شديد اللهجة", "هجوم شديد اللهجة"),
        Sense("ACCUSE", "disapprove", (), frame="noun", gen="actor", weight=0.75))
    add(("حمل مسؤولية", "حمل المسؤولية", "حملت مسؤولية", "حملت المسؤولية", "تحميل مسؤولية",
         "تحميلها مسؤولية", "تحميله مسؤولية", "يحمل مسؤولية", "تحمل مسؤولية"),
        Sense("ACCUSE", "disapprove", (), weight=0.6))
    # "تحقيق" is also "achieving" ("لتحقيق أهدافها"): an investigation is opened, run or
    # made into something.
    add(noun("تحقيق", "تحقيقات", "التحقيق", "التحقيقات"),
        Sense("ACCUSE", "investigate", leg, frame="noun", gen="target", weight=0.55, weak=True,
              needs=("في", "مع", "بشان", "حول", "فتح", "فتحت", "يجري", "تجري", "اجري", "اجرت",
                     "لجنة", "يخضع", "خضع", "تخضع", "جنائي", "رسمي", "دولي")))
    add(v("استجوب", "ستجوب") + noun("استجواب"),
        Sense("ACCUSE", "investigate", leg, frame="noun", gen="target", weight=0.55, weak=True))
    # Characterising someone ("وصف ... بأنه", waṣafa, described as) and naming them as
    # involved or suspected are accusations when a target is named.
    # Not the imperfect "نصف" (naṣif, we describe), which is "half".
    add(("وصف", "وصفت", "وصفوا", "يصف", "تصف", "يصفون", "واصفا", "واصفة", "واصفين"),
        Sense("ACCUSE", "disapprove", (), frame="verb", gen="actor", weight=0.45, weak=True,
              describes=True))
    add(noun("تورط") + v("تورط", "تورط") + noun("اشتباه", "الاشتباه") + v("اشتبه", "شتبه"),
        Sense("ACCUSE", "disapprove", (), frame="noun", gen="target", weight=0.45, weak=True))
    add(("يحاكم", "تحاكم", "يحاكمون", *noun("محاكمة", "المحاكمة")),
        Sense("ACCUSE", "investigate", leg, frame="noun", gen="target", weight=0.55, weak=True))

    # REJECT ----------------------------------------------------------------------------
    add(v("رفض", "رفض") + noun("رفض") + participle("رافض"),
        Sense("REJECT", None, (), frame="verb", gen="actor", weight=0.75))
    # A denial leaves what is denied on record, negated ("نفى أن يكون قصف", denied having
    # shelled); a refusal swallows what is refused.
    add(("نفي", "نفت", "نفوا", "نفى", "ينفي", "تنفي", "ينفون", "نفيا", "النفي", "نافيا"),
        Sense("REJECT", None, (), weight=0.75, negates=True))
    add(v("استبعد", "ستبعد"), Sense("REJECT", None, (), weight=0.5, weak=True))

    # THREATEN --------------------------------------------------------------------------
    add(v("هدد", "هدد") + participle("مهدد"),
        Sense("THREATEN", None, (), frame="verb", gen="actor", weight=0.85))
    # The noun also means a danger ("التهديد الأمني", the security threat): it counts only
    # with a named author or target.
    add(noun("تهديد", "تهديدات", "التهديد", "التهديدات"),
        Sense("THREATEN", None, (), frame="noun", gen="actor", lam="target", weight=0.7, weak=True))
    # Idioms of retaliation in statements ("رد قاس", a harsh response; "سيدفع الثمن",
    # will pay the price; "ستندم", will regret).
    add(("ردا صارما", "ردا قاسيا", "ردا حازما", "رد حازم", "رد قاس", "رد صارم", "ردا مناسبا",
         "سيرد", "سترد", "سنرد", "ستندم", "سيندم", "تندم", "يندم", "سيدفع الثمن", "ستدفع الثمن",
         "ثمنا باهظا", "ثمنا كبيرا", "الثمن غاليا", "بكل حزم", "سيكون قاسيا", "ستكون قاسية",
         "سيكون حازما", "ستكون حازمة"),
        Sense("THREATEN", "violence", (), frame="verb", gen="actor", weight=0.55, weak=True))
    add(v("توعد", "توعد") + participle("متوعد") + noun("وعيد"),
        Sense("THREATEN", "violence", (), weight=0.85))
    add(v("حذر", "حذر") + participle("محذر"),
        Sense("THREATEN", None, (), frame="verb", gen="actor", weight=0.6))
    # The nouns ("تحذيرات من بقاء خطر التنظيم", warnings of the danger) are commentary
    # on a danger, not threats, and are left out.
    add(v("انذر", "نذر") + noun("انذار", "انذارا"),
        Sense("THREATEN", "relations", dip, weight=0.6, weak=True))
    add(v("انتقم", "نتقم") + noun("انتقام", "الانتقام"),
        Sense("THREATEN", "violence", (), weight=0.5, weak=True))
    # The diplomatic reservation of a response ("تحتفظ بحقها في اتخاذ الإجراءات", reserves
    # its right to take measures; "بحق الرد", the right to respond) is a veiled threat.
    add(("تحتفظ بحقها", "يحتفظ بحقه", "نحتفظ بحقنا", "تحتفظ بالحق", "يحتفظ بالحق",
         "تحتفظ بحق الرد", "يحتفظ بحق الرد", "الاحتفاظ بحق الرد", "احتفاظها بحق الرد"),
        Sense("THREATEN", None, (), frame="verb", gen="actor", weight=0.6))
    add(("اعلان حرب", "اعلان الحرب", "بمثابة اعلان حرب"),
        Sense("THREATEN", "violence", mil, frame="noun", weight=0.7))

    # REQUEST ---------------------------------------------------------------------------
    add(("دعا", "دعت", "دعوا", "دعوت", "يدعو", "تدعو", "ندعو", "يدعون", "تدعوا", "داعيا",
         "داعين", "داعية", "دعوة", "دعوات", "الدعوة", "الدعوات", "ادعو"),
        Sense("REQUEST", None, (), frame="verb", gen="actor", weight=0.8))
    add(v("طالب", "طالب") + noun("مطالبة", "المطالبة", "مطالب")
        + participle("مطالب"),
        Sense("REQUEST", None, (), frame="verb", gen="actor", weight=0.7))
    add(v("طلب", "طلب") + v("حث", "حث") + v("ناشد", "ناشد") + noun("مناشدة", "نداء",
                                                                           "نداءات"),
        Sense("REQUEST", None, (), frame="verb", gen="actor", weight=0.7))
    add(v("اقترح", "قترح") + noun("اقتراح", "مقترح", "مقترحا", "مقترحات"),
        Sense("REQUEST", "change", (), frame="verb", gen="actor", weight=0.6))
    add(("شدد على ضرورة", "شددت على ضرورة", "اكد على ضرورة", "اكد ضرورة", "اكدت ضرورة",
         "يجب على", "يتوجب على", "يستوجب على", "من الضروري", "ضرورة"),
        Sense("REQUEST", None, (), weight=0.5, weak=True))
    # Recommendations and requirements stated by someone ("توصيات", recommendations).
    add((*v("اوصي", "وصي"), "اوصى", "اوصت", *noun("توصية", "التوصيات"), "يتطلب", "تتطلب"),
        Sense("REQUEST", "change", (), frame="verb", gen="actor", weight=0.5, weak=True))

    # CONSULT ---------------------------------------------------------------------------
    # A meeting's li- phrase is who holds it ("جلسة طارئة لمجلس الأمن", an emergency
    # session of the Security Council), unlike a visit's, which is whom it goes to.
    add((*finite("التقى", "التقت", "التقيا", "التقتا", "التقوا", "يلتقي", "تلتقي", "يلتقيان",
                 "تلتقيان", "يلتقون"), *noun("لقاء", "اللقاء", "لقاءات", "اجتماع", "الاجتماع", "اجتماعات", "محادثات", "المحادثات", "مباحثات", "المباحثات", "مشاورات", "قمة", "القمة", "جلسة طارئة")),
        Sense("CONSULT", None, dip, frame="noun", gen="actor", lam="actor", weight=0.75))
    add(v("اجتمع", "جتمع") + v("تباحث", "تباحث") + v("ناقش", "ناقش"),
        Sense("CONSULT", None, dip, weight=0.65))
    add(v("بحث", "بحث"), Sense("CONSULT", None, dip, weight=0.5, weak=True))
    add((*v("زار", "زور"), "زارت", "يزور", "تزور", "زاروا", *noun("زيارة", "الزيارة")),
        Sense("CONSULT", "visit", dip, frame="noun", gen="actor", weight=0.75))
    add(v("استقبل", "ستقبل"), Sense("CONSULT", "host", dip, weight=0.65))
    add(("اتصال هاتفي", "اتصالا هاتفيا", "مكالمة هاتفية", "اتصالا هاتفيا", "مكالمة",
         "اتصالات هاتفية"),
        Sense("CONSULT", "phone", dip, frame="noun", gen="actor", lam="actor", weight=0.8))
    add(v("تفاوض", "تفاوض"), Sense("CONSULT", None, dip, frame="noun", gen="actor", weight=0.7))
    # The nouns name talks planned, hoped for or going on somewhere ("موعد المفاوضات",
    # the date of the talks; "خبرة في الوساطة", experience in mediation): with a party only.
    add(noun("مفاوضات", "المفاوضات", "التفاوض", "مفاوضة", "وساطة", "الوساطة"),
        Sense("CONSULT", None, dip, frame="noun", gen="actor", weight=0.6, weak=True))

    # AGREE -----------------------------------------------------------------------------
    add(v("اتفق", "تفق"), Sense("AGREE", None, dip, frame="noun", gen="actor", weight=0.65))
    # The noun alone names an agreement that exists, is hoped for or denied ("تطبيق اتفاق
    # خفض التوتر", applying the de-escalation deal; "أعظم اتفاق", the greatest deal): it is
    # an event where it is reached, concluded or signed ("توصلا إلى اتفاق", reached a deal).
    add(noun("اتفاق", "الاتفاق", "اتفاقا", "اتفاقية", "الاتفاقية", "تسوية", "مذكرة تفاهم"),
        Sense("AGREE", None, dip, frame="noun", gen="actor", weight=0.65,
              needs=("الي", "توصل", "توصلت", "توصلا", "توصلوا", "التوصل", "للتوصل", "ابرام",
                     "ابرم", "ابرمت", "عقد", "عقدت", "وقع", "وقعت", "وقعا", "توقيع", "بتوقيع",
                     "اعلن", "اعلنت", "اعلان", "عن")))
    add(v("وافق", "وافق") + noun("موافقة", "قبول", "القبول") + v("التزم", "لتزم")
        + noun("التزام"),
        Sense("AGREE", None, dip, weight=0.6))
    # A pledge is an agreement, unless what is pledged is violence (then THREATEN, see
    # the events stage): "تعهد ... بمواصلة القتال" (pledged to keep fighting).
    add(v("تعهد", "تعهد") + noun("تعهد", "تعهدات"),
        Sense("AGREE", "pledge", dip, weight=0.6))
    add(("وقع اتفاق", "وقع اتفاقا", "وقعت اتفاقا", "وقع اتفاقية", "وقعت اتفاقية",
         "توقيع اتفاق", "توقيع اتفاقية"),
        Sense("AGREE", None, dip, frame="noun", gen="actor", weight=0.8))

    # SUPPORT ---------------------------------------------------------------------------
    # "أعرب عن تقديره" (aʿraba ʿan taqdīrihi, expressed his appreciation): support; the same
    # frame with condemnation or concern is an accusation.
    add(("اعرب عن تقديره", "اعرب عن تقديرها", "اعرب عن دعمه", "اعربت عن دعمها", "اعرب عن تضامنه",
         "اعربت عن تضامنها", "اعرب عن ترحيبه", "اعربت عن ترحيبها", "اعرب عن ارتياحه",
         "اعربت عن ارتياحها", "اعرب عن امتنانه"),
        Sense("SUPPORT", None, dip, frame="verb", gen="actor", weight=0.7))
    add(("اعرب عن ادانته", "اعربت عن ادانتها", "اعرب عن استنكاره", "اعربت عن استنكارها",
         "اعرب عن قلقه", "اعربت عن قلقها", "اعرب عن رفضه", "اعربت عن رفضها"),
        Sense("ACCUSE", "disapprove", dip, frame="verb", gen="actor", weight=0.7))
    add(v("اشاد", "شيد") + noun("اشادة") + v("رحب", "رحب") + noun("ترحيب")
        + v("ايد", "ؤيد") + noun("تاييد") + ("ثمنت", "يثمن", "تثمن")
        + ("تضامني", "تاييدي", "دعمي", "تقديري")
        + noun("تضامن", "التضامن") + ("تضامنت", "يتضامن", "تتضامن")
        + participle("متضامن"),
        Sense("SUPPORT", None, dip, frame="verb", gen="actor", lam="target", weight=0.75))
    add(v("اعترف", "عترف") + noun("اعتراف"),
        Sense("SUPPORT", None, dip, frame="noun", gen="actor", weight=0.5, weak=True))

    # Judgements on a party's act, said by someone: no fixed verb, the predicate is the
    # act ("وصفت الخارجية الإجراءات بأنها غير مقبولة", the ministry called the measures
    # unacceptable: a refusal; "خطوة سليمة", a sound step: approval; "مخالف للقانون",
    # against the law: an accusation). They count only with a named party (`weak`).
    add(("غير مقبول", "غير مقبولة", "غير مقبولين", "امر مرفوض", "مرفوض", "مرفوضة",
         "لا قيمة لها", "لا قيمة له", "استفزاز", "استفزازا", "استفزازي", "استفزازية"),
        Sense("REJECT", None, (), frame="noun", gen="actor", weight=0.5, weak=True,
              definite=False, evaluates=True))
    add(("خطوة سليمة", "خطوة ايجابية", "خطوة مهمة", "خطوة هامة", "خطوة جيدة", "خطوة صحيحة",
         "خطوة شجاعة", "خطوة تاريخية", "خطوة في الاتجاه الصحيح", "رجل عظيم", "قرار حكيم",
         "موقف مشرف"),
        Sense("SUPPORT", None, dip, frame="noun", gen="actor", weight=0.5, weak=True,
              definite=False, evaluates=True))
    add(("مخالف للقانون", "مخالفا للقانون", "مخالفة للقانون", "مخالفة صريحة", "انتهاك صارخ",
         "انتهاكا صارخا", "انتهاكا للقانون", "انتهاك للقانون", "غير مسؤول", "غير مسؤولة",
         "من غير المعقول", "تلفيق", "ملفقة", "مسؤول عن", "مسؤولة عن", "مسؤولون عن",
         "مسؤولين عن"),
        Sense("ACCUSE", "disapprove", (), frame="noun", gen="actor", weight=0.5, weak=True,
              definite=False, evaluates=True))

    # AID -------------------------------------------------------------------------------
    # The genitive after the noun is who is supported ("دعم الجيش السوري", support for
    # the Syrian army); the supporter comes with من or as an adjective ("دعم تركي").
    add(v("دعم", "دعم") + noun("دعم", "الدعم", "دعما"),
        Sense("AID", None, (), frame="verb", gen="target", lam="target", weight=0.6, weak=True))
    add(("دعم جوي", "دعما جويا", "اسناد جوي", "غطاء جوي", "دعم عسكري", "دعما عسكريا",
         "اسناد", "تسليح", "سلح", "يسلح"),
        Sense("AID", "military", mil, frame="noun", gen="actor", lam="target", weight=0.7))
    add(v("ساعد", "ساعد") + noun("مساعدة", "مساعدات", "المساعدات", "المساعدة")
        + ("ليقدم المساعدة", "قدم مساعدات", "تقديم المساعدات"),
        Sense("AID", None, (), frame="noun", gen="actor", lam="target", weight=0.6))
    add(noun("اغاثة", "الاغاثة", "مساعدات انسانية", "المساعدات الانسانية"),
        Sense("AID", "humanitarian", ("humanitarian",), frame="noun", gen="actor", weight=0.65))
    # Whom a rescue governs is the one rescued ("لإنقاذ الأزيديين", to rescue the Yazidis).
    add(v("انقذ", "نقذ") + noun("انقاذ"),
        Sense("AID", "humanitarian", ("humanitarian",), frame="noun", gen="target", weight=0.65))
    add(noun("تمويل") + v("مول", "مول"),
        Sense("AID", "economic", ("economic",), frame="noun", gen="actor", weight=0.5, weak=True))
    # Granted asylum, not the word alone: "طالبي اللجوء" (asylum seekers), "سياسة اللجوء"
    # (asylum policy) and "اللجوء إلى القضاء" (recourse to the courts) are no aid.
    add(("لجوء", "اللجوء"), Sense("AID", "asylum", (), frame="noun", weight=0.5, weak=True, needs=tuple(
        normalize(p + w) for p in ("", "و", "ب") for w in (
            "منح", "منحت", "يمنح", "تمنح", "منحوا", "حق", "منحها", "منحهم", "منحتهم"))))
    add(("ملاذا امنا", "ملاذات امنة"), Sense("AID", "asylum", (), frame="noun", weight=0.5, weak=True))

    # COOPERATE -------------------------------------------------------------------------
    add(v("تعاون", "تعاون") + noun("تعاون", "التعاون") + v("نسق", "نسق")
        + noun("تنسيق", "التنسيق") + v("ساند", "ساند") + noun("مساندة")
        + v("اندمج", "ندمج") + noun("اندماج") + ("تحالف مع", "في تحالف", "تحالفت"),
        Sense("COOPERATE", None, (), frame="verb", gen="actor", weight=0.6))

    # RETREAT ---------------------------------------------------------------------------
    add(v("انسحب", "نسحب") + noun("انسحاب", "الانسحاب"),
        Sense("RETREAT", "withdraw", mil, frame="verb", gen="actor", weight=0.75))
    # "سراح" and "سبيل" govern the one released ("أطلق سراح هوسكينز", released Huskins): a
    # noun's genitive, not the subject of a verb.
    add(("اطلق سراح", "اطلقت سراح", "اطلاق سراح", "اطلق سراحه", "اطلاق سراحه", "اخلاء سبيل"),
        Sense("RETREAT", "release", leg, frame="noun", gen="target", weight=0.8))
    add(("افرج", "افرجت", "الافراج", "افراج", "يفرج", "تفرج"),
        Sense("RETREAT", "release", leg, weight=0.8))
    add(noun("هدنة", "الهدنة", "وقف اطلاق النار", "وقف لاطلاق النار", "وقفا لاطلاق النار",
             "وقف اطلاق نار", "وقف لاطلاق نار", "وقفا لاطلاق نار",
             "وقف القتال", "وقف الاعمال العدائية"),
        Sense("RETREAT", "ceasefire", mil, frame="noun", gen="actor", weight=0.7))
    add(("ممر امن", "ممرات امنة", "ممرا امنا", "ممرات انسانية", "ممر انساني", "فتح ممر",
         "فتح ممرات", "ممرات امنه"),
        Sense("RETREAT", "access", ("humanitarian",), frame="noun", weight=0.7))
    add(("نزع السلاح", "تخلص من ترسانتها", "سحب قواتها", "سحبت قواتها", "سحب القوات"),
        Sense("RETREAT", "disarm", mil, frame="noun", weight=0.7))
    add(v("استسلم", "ستسلم") + noun("استسلام", "الاستسلام"),
        Sense("RETREAT", "disarm", mil, frame="verb", gen="actor", weight=0.75))

    # CONCEDE ---------------------------------------------------------------------------
    add(v("اعتذر", "عتذر") + noun("اعتذار", "اعتذارا") + v("تنازل", "تنازل")
        + noun("تنازلات") + v("رضخ", "رضخ"),
        Sense("CONCEDE", None, (), frame="verb", gen="actor", weight=0.7))

    # PROTEST ---------------------------------------------------------------------------
    add(v("تظاهر", "تظاهر") + noun("تظاهرة", "مظاهرة", "المظاهرات", "التظاهرات")
        + participle("متظاهر", "المتظاهر") + v("احتج", "حتج")
        + noun("احتجاج", "احتجاجات", "الاحتجاجات") + participle("محتج", "المحتج")
        + noun("اعتصام", "اعتصامات") + v("اعتصم", "عتصم"),
        Sense("PROTEST", "demo", (), frame="noun", gen="actor", weight=0.75))
    add((*noun("اضراب", "الاضراب", "اضرابات"), "اضربت", "اضربوا"),
        Sense("PROTEST", "boycott", (), frame="noun", gen="actor", weight=0.65))
    add(("اضراب عن الطعام",), Sense("PROTEST", "hunger", (), frame="noun", weight=0.85))
    add(("اعمال شغب", "شغب"), Sense("PROTEST", "riot", (), frame="noun", weight=0.7))

    # MOBILIZE --------------------------------------------------------------------------
    add(v("حشد", "حشد") + noun("حشود", "تعزيزات", "تعزيزات عسكرية", "استنفار", "الاستنفار")
        + ("نشر قوات", "نشرت قوات", "نشر جنود", "ارسل قوات", "ارسلت قوات", "الدفع بتعزيزات"),
        Sense("MOBILIZE", "troops", mil, frame="noun", gen="actor", lam="actor", weight=0.7))
    add(noun("تجنيد") + v("جند", "جند") + noun("مناورات", "مناورات عسكرية"),
        Sense("MOBILIZE", "troops", mil, frame="noun", gen="actor", weight=0.6, weak=True))
    add(("تجارب صاروخية", "تجربة صاروخية", "تجارب نووية", "تجربة نووية", "اختبارات صاروخية"),
        Sense("MOBILIZE", "weapons", mil, frame="noun", gen="actor", weight=0.55, weak=True))
    # Tests alone are weapons tests only beside a weapon or a verb of carrying them out
    # ("لم تجر تجارب", has carried out no tests), not "تجارب صوتية" (sound experiences)
    # or a laboratory's experiments.
    add(("تجارب",),
        Sense("MOBILIZE", "weapons", mil, frame="noun", gen="actor", weight=0.55, weak=True,
              needs=tuple(normalize(w) for w in (
                  "الصواريخ", "صواريخ", "صاروخية", "الصاروخية", "الأسلحة", "أسلحة", "نووية",
                  "النووية", "الباليستية", "باليستية", "البالستية", "بالستية", "تجر", "تجري",
                  "يجري", "أجرت", "أجرى", "إجراء"))))
    nominal = frozenset(f for f, n in all_count.items() if n > verb_count[f])
    return e, frozenset(verb_count), nominal


# --- matching ------------------------------------------------------------------------------

_PREFIXES = (
    "", "و", "ف", "ب", "ل", "ك", "س", "وب", "ول", "وس", "فس", "فب", "فل", "وك", "فك",
    "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "لي", "ولي",
)
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "كم", "نا", "ني", "ك", "ا")
_PREFIX_SET = frozenset(_PREFIXES)
# The clitics a word can carry, by its first (last) letter, in the order of _PREFIXES
# (_SUFFIXES): most words then test one or two instead of all 28 (11). The order is kept
# because readings come out most literal first.
_PREFIXES_BY_INITIAL: Mapping[str, tuple[str, ...]] = MappingProxyType({
    c: tuple(p for p in _PREFIXES if p[:1] in ("", c)) for c in {p[0] for p in _PREFIXES if p}
})
_SUFFIXES_BY_FINAL: Mapping[str, tuple[str, ...]] = MappingProxyType({
    c: tuple(s for s in _SUFFIXES if s[-1:] in ("", c)) for c in {s[-1] for s in _SUFFIXES if s}
})
# Words whose clitic reading makes a trigger they are not: "بالضرورة" (bi-ḍ-ḍarūra,
# necessarily) is no "ضرورة" (necessity, a demand); "إيدن" (Eden, as in Eden Hazard) no
# "أيّدن" (they supported), "إيدا" (Kore-eda) no "أيّدا".
_NOT_TRIGGERS = frozenset(normalize(w) for w in ("بالضرورة", "إيدن", "إيدا"))
LIGHT_VERBS = frozenset(
    verb("شن", "شن") + verb("نفذ", "نفذ") + verb("قاد", "قود") + verb("اطلق", "طلق")
    + verb("وجه", "وجه") + verb("خاض", "خوض") + verb("ارتكب", "رتكب") + verb("اعلن", "علن")
    + ("تنفيذ", "شن", "بشن", "خوض", "اصدر", "اصدرت")
)


@lru_cache(maxsize=100_000)
def candidate_stems(norm: str) -> tuple[tuple[str, str], ...]:
    """(prefix, stem) readings of a normalised word, most literal first (memoised: a
    pure function of the word, called for every word of every article).

    >>> ("ب", "هجوم") in candidate_stems("بهجوم")  # bi-hujūm, with an attack
    True
    """
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    n = len(norm)
    suffixes = _SUFFIXES_BY_FINAL.get(norm[-1:], ("",))
    for pre in _PREFIXES_BY_INITIAL.get(norm[:1], ("",)):
        if not norm.startswith(pre):
            continue
        for suf in suffixes:
            if not norm.endswith(suf):
                continue
            stem = norm[len(pre) : n - len(suf)]
            if len(stem) < 2:
                continue
            pronoun = bool(suf) and suf != "ا"
            for v in _variants(stem, pronoun, pre) if pronoun or pre.endswith("لل") else (stem,):
                if v not in seen:
                    seen.add(v)
                    out.append((pre, v))
    return tuple(out)


def _variants(stem: str, pronoun: bool, pre: str) -> list[str]:
    """The stem and the words it may stand for before a pronoun or after لل."""
    variants = [stem]
    if pronoun:
        if stem.endswith("ت"):
            variants.append(stem[:-1] + "ة")  # دعوته -> دعوة + ه
        if stem.endswith("و"):
            variants.append(stem + "ا")  # اتهموها -> اتهموا + ها
    if pre.endswith("لل"):
        variants.append("ال" + stem)
    return variants


def _verb_prefix(pre: str) -> bool:
    """Only conjunctions, the future sa- and li- ("لينتقم") attach to a finite verb."""
    return all(c in "وفسل" for c in pre) and "ال" not in pre


class TriggerLexicon:
    """All triggers, compiled into one dictionary from first word to phrases.

    Build once (`TriggerLexicon.default()`, a few milliseconds) and share it.
    """

    def __init__(
        self, entries: Sequence[Entry], verb_forms: frozenset[str] = frozenset(),
        nominal_forms: frozenset[str] | None = None,
    ) -> None:
        # first word -> list of (rest words, sense, whole form), longest phrases first
        index: dict[str, list[tuple[tuple[str, ...], Sense, str]]] = {}
        for forms, sense in entries:
            for form in forms:
                words = tuple(normalize(form).split())
                if not words:
                    continue
                index.setdefault(words[0], []).append((words[1:], sense, " ".join(words)))
        for lst in index.values():
            lst.sort(key=lambda x: -len(x[0]))
        self._index = index
        self._verbs = frozenset(normalize(f) for f in verb_forms)
        # Forms not known to be verbs are nominal; a verb form also listed as a noun
        # ("قصف" qaṣf, shelling / qaṣafa, shelled) is both, and context decides.
        if nominal_forms is None:
            nominal_forms = frozenset(f for forms, _ in entries for f in forms) - verb_forms
        self._nominal = frozenset(" ".join(normalize(f).split()) for f in nominal_forms)
        # What a first word looks like between its clitics, before `_variants` restores
        # ة (written ت before a pronoun), the alef of اتهموا (dropped before ها) or the ال
        # of لل: a new word none of whose bare readings is one of these starts no trigger,
        # which is cheaper to tell than building all its readings.
        self._bare_firsts = frozenset(index) | frozenset(
            b for k in index for b in (
                k[:-1] + "ت" if k.endswith("ة") else "",
                k[:-1] if k.endswith("وا") else "",
                k[2:] if k.startswith("ال") else "",
            ) if b
        )

        # Memo of `_readings_of` per word form: a pure function of the lexicon, called for
        # every word of every article, and nearly always empty.
        self._readings = lru_cache(maxsize=200_000)(self._readings_of)

    def _readings_of(
        self, norm: str
    ) -> tuple[tuple[str, tuple[tuple[tuple[str, ...], Sense, str], ...]], ...]:
        """(clitic prefix, entries) for each reading of a word that starts a trigger."""
        if not self._may_start(norm) or norm in _NOT_TRIGGERS:
            return ()  # nearly every word
        out = []
        index = self._index
        for pre, stem in candidate_stems(norm):
            if stem not in index:
                continue  # nearly every reading of nearly every word
            entries = tuple(
                (rest, sense, form) for rest, sense, form in index[stem]
                if (sense.definite or not ("ال" in pre or pre.endswith("لل")))
                # "بدأنا" is not bi- + "دان" (condemned): no بـ on a finite verb
                and (form not in self._verbs or form in self._nominal or _verb_prefix(pre))
            )
            if entries:
                out.append((pre, entries))
        return tuple(out)

    def _may_start(self, norm: str) -> bool:
        """Whether some clitic reading of `norm` leaves a bare first word of a trigger
        (a superset of the words with a reading: `candidate_stems` decides)."""
        bare = self._bare_firsts
        n = len(norm)
        suffixes = _SUFFIXES_BY_FINAL.get(norm[-1:], ("",))
        for pre in _PREFIXES_BY_INITIAL.get(norm[:1], ("",)):
            if norm.startswith(pre):
                a = len(pre)
                for suf in suffixes:
                    if norm.endswith(suf) and norm[a:n - len(suf)] in bare:
                        return True
        return False

    @classmethod
    def default(cls) -> TriggerLexicon:
        entries, verbs, nominal = _entries()
        return cls(entries, verbs, nominal)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def _word_matches(self, tok: Word, word: str) -> bool:
        """Whether a token reads as `word` once clitics are allowed."""
        if tok.norm == word:
            return True
        return any(stem == word for _, stem in candidate_stems(tok.norm))

    def find(self, tokens: Sequence[Word]) -> list[TriggerMatch]:
        """Every trigger among `tokens`, leftmost-longest, not overlapping."""
        out: list[TriggerMatch] = []
        readings_of = self._readings
        n = len(tokens)
        # Nearly every word has no reading: one pass picks the few that have one.
        starts = [(i, r) for i, tok in enumerate(tokens) if (r := readings_of(tok.norm))]
        after = 0  # the first token not inside a match already found
        for i, readings in starts:
            tok = tokens[i]
            if i < after or not tok.is_word:
                continue
            best: TriggerMatch | None = None
            for pre, entries in readings:
                for rest, sense, form in entries:
                    j = i
                    ok = True
                    for w in rest:
                        j += 1
                        while j < n and tokens[j].norm in '"«»“”' and not tokens[j].is_word:
                            j += 1
                        if j >= n or not self._word_matches(tokens[j], w):
                            ok = False
                            break
                    if not ok:
                        continue
                    words = len(rest) + 1
                    if best is None or words > best.last - best.first + 1 or (
                        words == best.last - best.first + 1 and len(pre) < len(best.prefix)
                    ):
                        best = TriggerMatch(
                            i, j, tok.start, tokens[j].end, sense, pre, form,
                            verbal=form in self._verbs and "ال" not in pre,
                            nominal=form in self._nominal or "ال" in pre,
                        )
                    break  # phrases are sorted longest first
            if best is not None:
                out.append(best)
                after = best.last + 1
        return out
