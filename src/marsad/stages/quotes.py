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
from typing import NamedTuple

from marsad.arabic.calendar import MONTHS, PARTIAL_MONTHS
from marsad.arabic.normalize import normalize
from marsad.arabic.segment import QUOTE_PAIRS
from marsad.arabic.segment import sentences as split_sentences
from marsad.document import Document, Entity, Quote, Ref, SpeakerRef
from marsad.stages.cues import ALA as ALA_FRAME
from marsad.stages.cues import (
    AN,
    BI,
    COLON,
    ILA,
    MEDIA_HEADS,
    MIN,
    NP,
    OBJ,
    QAN,
    QBI,
    QUOTE,
    SOURCE_PAIRS,
    STATEMENT_NOUNS,
    THAT,
    THAT_WORDS,
    Cue,
    build_lexicon,
)

log = logging.getLogger(__name__)

_LETTERS = (
    "0-9A-Za-z_#\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f"
    "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d"
)
_TOKEN_RE = re.compile(rf"[{_LETTERS}]+|[^\s{_LETTERS}]")
_WORD_RE = re.compile(rf"[{_LETTERS}]+")
_OPEN_MARKS = frozenset(QUOTE_PAIRS)
# "دبي، الإمارات العربية المتحدة (CNN)— " (Dubai, UAE (CNN)—): the outlet's dateline.
_DATELINE_RE = re.compile(r"[^.\n]{0,100}?\([^()\n]{1,20}\)\s*[-—–]{1,2}\s*")
_ALL_MARKS = frozenset("«»“”„‘’\"‹›")
# One C-level scan instead of a Python loop over every character of the article.
_ANY_MARK_RE = re.compile("[" + re.escape("".join(sorted(_ALL_MARKS))) + "]")
_TRIM = " \t\n\r،,.:؛;!؟?…-–—ـ" + "".join(_ALL_MARKS)  # (ـ: the tatweel of "لـصحيفة")

# Words that end a speaker's noun phrase: prepositions, relatives, adverbs of time and
# manner that sit between a verb's subject and its complement (normalised).
_STOP_WORDS = frozenset({
    "في", "خلال", "امام", "عبر", "قبل", "بعد", "عقب", "حيث", "الذي", "التي", "الذين", "والذي",
    "والتي", "والذين", "وهو", "وهي", "عن", "قد", "ضمن", "علي", "منذ", "مع", "الي", "الى", "اي",
    "ايضا", "كذلك", "امس", "اليوم", "يوم", "مساء", "صباح", "ظهر", "فجر", "ليل", "ليلة", "الاحد",
    "الاثنين", "الإثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "اول", "له", "لها", "لهم", "لنا", "لي", "لك", "لكم", "من", "بدوره", "بدورها", "بدورهم", "حينها",
    "بينما", "فيما", "ان", "إن", "انه", "كما", "لكن", "لاحقا", "سابقا", "مجددا", "اخيرا",
    "مؤخرا", "الجمعه", "صباحا", "تعليقا", "ردا", "وذلك", "نفسه", "نفسها", "بعدما",
    "وفق", "وفقا", "بحسب", "حسب", "حسبما", "نقلا", "طبقا", "ووفقا", "وبحسب", "قائلا", "بالقول",
    "اثر", "وسط", "اثناء", "لدي", "فور", "سابق", "حين", "عندما", "خاصة", "تحديدا", "حتي", "اذ",
    "اذا", "لو", "اما", "ربما", "لعل", "كي", "لكي", "ليس", "هل", "فقد", "مخاطبا", "مخاطبة",
    "موجها", "موجهة", "متوجها", "متوجهة",
    # negations open a clause on the speaker ("مسؤول في وزارة الخارجية لم يكشف عن اسمه")
    "لم", "لن",
})
# Cues whose عن governs what is reported ("كشف عن خطة", disclosed a plan), not a source.
_AN_REPORTS = frozenset({"كشف", "أعلن", "اعلان", "أفاد"})
_PREPS = ("في", "من", "عن", "علي", "الي", "مع", "لدي", "عند", "ل", "ب", "عبر", "امام", "خلال",
          # Words of time that govern a noun ("قبيل وصوله", shortly before his arrival).
          "قبيل", "بعيد", "اثر", "عقب", "اثناء", "ابان", "قبل", "بعد")
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "ي", "ني", "نا", "ك", "كم")
# Prepositional phrases that open the words after a cue instead of a subject: "قال فيها"
# (qāla fīhā, he said in it), "قال لي" (qāla lī, he told me), "قال للصحفيين".
_PP_WORDS = frozenset(p + x for p in _PREPS for x in _SUFFIXES if p + x not in ("ب", "ل"))
# Words that open a new clause after a comma: a report does not run across them.
_CLAUSE_OPENERS = frozenset({
    "ولم", "ولا", "وهو", "وهي", "وقد", "وكان", "وكانت", "وذلك", "ما", "فيما", "بينما", "حيث",
    "ولكن", "لكن", "الا", "غير", "كما", "ثم", "وفق", "وفقا", "بحسب", "حسب", "حسبما", "ووفقا", "بل",
})
# Unnamed sources whose affiliation follows ("مصدر في الحكومة", maṣdar fī al-ḥukūma).
_GENERIC_SOURCES = frozenset({
    "مصدر", "مصادر", "مسؤول", "مسؤولون", "مسؤولين", "عضو", "اعضاء", "متحدث", "ناطق", "ضابط",
    "ضباط", "قيادي", "قياديون", "مقاتل", "مقاتلون", "ناشط", "ناشطون", "سكان", "شهود", "مراسل",
    "دبلوماسي", "دبلوماسيون", "خبير", "خبراء", "محلل", "محللون", "مصدران", "مسؤولة", "موظف",
    "مصدرا", "عناصر", "قادة", "مسؤولو", "مسؤولي", "اطباء", "طبيب", "مواطنون", "ناشطين",
    "اثنان", "اثنين", "احد", "احدي", "عدد", "بعض", "ثلاثة", "مجموعة", "اكثر", "العديد", "عشرات",
    "مئات", "الاف", "الكثير",
})
_PRONOUN_PPS = frozenset({
    "عنه", "عنها", "عنهم", "له", "لها", "لهم", "لنا", "لي", "فيه", "فيها", "منه", "منها", "اليه", "اليها",
})
# Particles that join a new report to the previous one.
_JOINERS = frozenset({"الا", "ان", "غير", "لكن", "ولكن", "و", "بينما", "فيما", "وفيما", "كما", "ثم", "في", "حين"})
# Words that cannot open a reported noun phrase ("إعلان ترامب بشأن القدس": about, not what).
_NP_NOT_CONTENT = frozenset({"بشان", "حول", "تجاه", "ازاء", "بخصوص", "ضد", "لدي", "امام", "الذي", "التي"})
# bi- + a verbal noun of manner: "باستنكار" (indignantly), "باختصار" (briefly), "بالقول".
_MANNER = ("بال", "باست", "باخت", "بانف", "باقت", "باعت", "باند")
# How something was said ("تابع بغضب", went on angrily): no speaker.
_MANNER_WORDS = frozenset(normalize(w, loose=loose) for loose in (False, True) for w in (
    "بغضب", "بحزم", "بسخرية", "بثقة", "بوضوح", "بصراحة", "بحدة", "بتهكم", "بأسف", "بفخر",
    "بحماس", "بمرارة", "بهدوء", "بقوة", "بحسرة", "بتأثر", "بدهشة", "بلهجة", "بنبرة", "بتحد",
    "بسرعة", "مازحا", "ساخرا", "متسائلا", "مستغربا", "علانية", "علنا", "صراحة", "ضمنا",
    "باستمرار", "دائما", "مرارا", "تكرارا", "رسميا", "ممازحا", "ممازحة", "مبتسما", "ضاحكا",
    "متهكما", "مستنكرا", "بشكل", "بصورة", "بطريقة", "ساخرة", "مازحة", "متسائلة", "مستغربة",
    "مبتسمة", "ضاحكة", "متهكمة", "مستنكرة",
    # object pronouns ("متهمة إياها", accusing her)
    "إياه", "إياها", "إياهم", "إياهما"))
# Words after which a quotation is a name: "يسمى بـ"، "تنظيم "داعش"" (tanẓīm "Dāʿiš").
# "امتنعت عن ذكر اسمها" (declined to give its name): this عن is the aside's.
_REFRAINING = frozenset({"امتنع", "امتنعت", "امتنعوا", "رفض", "رفضت", "رفضوا", "تحفظ", "تحفظت"})
_NEGATIONS = frozenset({"لم", "ولم", "فلم", "لن", "ولن", "لا", "ولا", "ما", "وما"})
# Verbs of suspecting whose that-clause is theirs, not the report's ("أعلنت مقتل ثلاثة
# عناصر يشتبه بأنهم", announced the death of three men suspected of being ...).
_SUSPECTING = frozenset({"يشتبه", "تشتبه", "يشتبهون", "المشتبه", "يعتقد", "تعتقد", "يرجح", "ترجح",
                         "يظن", "يزعم", "تزعم", "يفترض", "يعتقدون", "يرجحون"})
# Instruments a ruling follows, not sources ("وفقا لقانون مكافحة الإرهاب", under the
# anti-terrorism law).
_INSTRUMENTS = frozenset(normalize(w, loose=True) for w in (
    "قانون", "القانون", "اتفاق", "الاتفاق", "اتفاقية", "الاتفاقية", "الدستور", "دستور", "المادة",
    "مادة", "بند", "البند", "لوائح", "اللوائح", "معايير", "المعايير", "شروط", "الشروط", "قواعد",
    "القواعد", "مبادئ", "المبادئ",
    # ... and circumstances ("قابلة للتمديد وفقا للتطورات", extendable as things develop)
    "التطورات", "تطورات", "الظروف", "الحاجة", "الأوضاع", "المعطيات", "المستجدات",
    # ... and of categories ("حسب الجنس", by sex; "حسب العمر", by age)
    "الجنس", "العمر", "الفئة", "الفئات", "النوع", "الأعمار", "الجنسية", "الترتيب", "الأهمية"))
_NAMING = frozenset({
    "ب", "يسمي", "المسمي", "المسماة", "تسمي", "باسم", "اسم", "عنوان", "بعنوان", "شعار", "تنظيم",
    "حركة", "جماعة", "جبهة", "منظمة", "عملية", "مجموعة", "قناة", "صحيفة", "وكالة", "موقع", "شبكة",
    "حزب", "فصيل", "لواء", "كتائب", "ميليشيا", "مليشيا", "مركز", "مؤسسة", "هيئة", "جيش", "قوات",
})
# Verbal nouns that are the object of a verb placed before its subject ("جدد التأكيد").
# Also what a verb of stress puts first ("أكد ضرورة إصلاح", stressed the need to reform).
_MASDAR_OBJECTS = frozenset({
    "التاكيد", "الدعوة", "المطالبة", "الاشارة", "التحذير", "الرفض", "التزامه", "دعوته", "مطالبته",
    "رفضه", "تاكيده", "ترحيبه", "استعداده", "ادانته", "قلقه", "ضرورة", "اهمية", "حرصه", "حرصها",
    "استعدادها", "رفضها", "التزامها", "دعمه", "دعمها",
})
# A leader served by the one a title names ("قائد مؤيد للرئيس", a commander loyal to the
# president); after a statement noun li- names its author instead ("بيان للمتحدث").
_SERVED = frozenset({"للرئيس", "للملك", "للامير", "للمرشد", "للزعيم", "لولي"})
# What a verb of report confirms ("أكدت الميليشيات مقتل الصماد", the militia confirmed the
# death): the object, and the end of the speaker; a later على is no "أكد على".
_EVENT_OBJECTS = frozenset({"مقتل", "وفاة", "اعتقال", "سقوط", "اصابة", "نبا", "وصول", "تلقي", "تلقيها", "تلقيه"})
# What a verb reveals, never who reveals ("تكشف وجود مساع", reveal the existence of efforts;
# "كشفت تفاصيل الحادث", revealed the details), though a source may be one ("بحسب تفاصيل"),
# and results speak ("أظهرت نتائج التعداد أن", the census results showed).
_REVEALED = frozenset({"وجود", "تفاصيل", "حجم", "هوية", "ملامح"})
_CONDITIONALS = frozenset({"اذا", "لو", "لئن", "حال"})
# "ما" (what) and a clause it opens ("مما يشير إلى أن", which indicates that), and "قال
# لنفسه" (he said to himself): no speaker there; the one before speaks.
_WHAT = frozenset({"ما", "مما", "بما", "لنفسه", "لنفسها"})
_THEN_ADVERBS = frozenset({"حينها", "عندها", "بعدها", "حينذاك", "وقتها", "ساعتها"})
_DEMONSTRATIVES = frozenset({"هذه", "هذا", "ذلك", "تلك", "هذين", "هاتين", "هولاء"})
# "قبل أن" / "بعد أن" (before / after): a clause of time, not what was said.
_TIME_BEFORE_AN = frozenset({"قبل", "بعد", "منذ", "عقب", "لحين", "ريثما"})
_INFERRING = frozenset({"أشار", "أكد", "كشف", "أوضح", "أظهر"})
# Who is told, the object after a subject ("أبلغ الوزير الصحافيين أن", the minister told
# reporters that).
_HEARERS = frozenset({"الصحافيين", "الصحفيين", "الصحافيون", "الصحفيون", "المراسلين"})
# Words that begin another clause after a source's name ("وفق المرصد فيما ...").
_NEW_CLAUSE = frozenset({"فيما", "بينما", "حيث", "حين", "عندما", "بعدما", "لكن", "لكنه", "لكنها",
                         "ولكن", "ولكنه", "ولكنها", "غير"})
# "فإن"/"فقد" after a fronted source ("ووفقا للوثائق فقد ارتفع"): what it covers follows.
_THEN = frozenset({"فان", "فانه", "فانها", "فقد"})
# Frequent words whose first letter is a root و, not the conjunction ("وافق", wāfaqa,
# agreed; "وزير", wazīr, minister): a report that opens with one starts at that letter.
_ROOT_WAW = frozenset(normalize(w) for w in (
    "وافق", "وافقت", "وافقوا", "وقع", "وقعت", "وقعا", "وقعوا", "وصل", "وصلت", "وصلوا", "وجد",
    "وجدت", "وضع", "وضعت", "وجه", "وجهت", "وصف", "وصفت", "وقف", "وقفت", "ورد", "وردت",
    "وعد", "وعدت", "ولد", "ولدت", "وفر", "وفرت", "واجه", "واجهت", "واصل", "واصلت", "وزير",
    "وزيرة", "وزارة", "وزراء", "وكالة", "وكالات", "وفد", "وسائل", "وحدات", "وحدة", "وثيقة",
    "ولاية", "ولايات", "وقت", "وفاة", "وسط", "واشنطن", "وارسو", "ويلز",
))
# Asides that a report runs across: "قال X، وهو خبير، إن"، "قال X، وفقا لـ Y، إن".
_PARENTHETICAL = frozenset({"وهو", "وهي", "وفق", "وفقا", "بحسب", "حسب", "حسبما", "ووفقا"})
# Words right before a quoted personal name: "العميد الركن "ذياب القبلي"".
_NAME_INTRO = frozenset({"الركن", "المدعو", "المدعوة", "السيد", "السيدة", "المهندس", "الحاج"})
# Adjectives that take ل: "مساندة للفلسطينيين" (supporting the Palestinians).
_ADJ_WITH_LI = frozenset(
    f"{a}{b}{c}" for a in ("", "ال") for b in (
        "مساند", "مؤيد", "موالي", "داعم", "مناهض", "معارض", "تابع", "مقرب", "مناصر", "صديق", "معادي",
    ) for c in ("", "ة", "ين", "ون")
)
# Verbs whose object is the one called upon, warned or told.
_CALL_VERBS = frozenset({"دعا", "طالب", "حث", "ناشد", "حذر", "أبلغ", "أخبر", "أمر", "هدد", "توعد"})
_AFFILIATED = frozenset({
    "التابع", "التابعة", "التابعين", "المقرب", "المقربة", "الموالي", "الموالية", "المدعوم",
    "المدعومة", "المرتبط", "المرتبطة",
})
# Sentence openers that begin with ب but are no prepositional fragment.
_NOT_FRAGMENT = frozenset({"بعد", "بعض", "بالتاكيد", "بالطبع", "بلا", "بين", "بينما", "بالنسبة", "بدون", "بالفعل"})
_QUANTIFIERS = frozenset({"جميع", "كل", "بعض", "عدد", "معظم", "اغلب", "كافة", "احد", "احدي"})
_RELATIVE_SPEECH = frozenset({"القائلة", "القائل", "القائلين", "القائلون"})
_TIME_ADVERBS = frozenset({
    "سابقا", "مؤخرا", "امس", "اليوم", "لاحقا", "مجددا", "ايضا", "كذلك", "صباحا", "مساء", "الليلة",
    "بدوره", "بدورها", "بدورهم", "بدورهما", "الاسبوع", "الشهر", "العام", "السنة", "الماضي", "الماضية",
    # parts of a month or a year ("قال منتصف الشهر", he said in the middle of the month;
    # "مطلع", also "informed", is one only before a month: see `_early_in`)
    "منتصف", "اواخر", "اوائل", "اواسط", "عشية", "غداة", "صبيحة",
    # ... and of place and existence ("كان هناك إشادة بما وصفته", there was praise of what it
    # described as ...)
    "هناك", "هنالك", "هنا", "ثمة",
    # ... and of manner and degree ("أن الاتفاق "مؤقتا" وأشار", that the deal is temporary,
    # and he said)
    "موقتا", "مؤقتا", "نهائيا", "حاليا", "رسميا", "تماما", "جدا", "فعلا", "اصلا", "دائما", "احيانا", "غالبا",
    "علنا", "سرا",
})
# Subordinators that open a clause of time or cause before its verb ("بعدما ذكر", after he said).
_SUBORDINATORS = frozenset({
    "بعدما", "عندما", "حينما", "بينما", "فيما", "كلما", "حين", "لما", "اذ", "اذا", "لو", "حيث",
    "كما", "قبل", "بعد", "عقب", "اثر", "اثناء", "منذ", "خلال", "حتي", "طالما", "ريثما"})
_WEEKDAYS = frozenset({"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت"})
# Leading particles before a subject in subject–verb order.
_LEAD = frozenset({
    "و", "ف", "لكن", "ولكن", "كما", "ثم", "قد", "وقد", "كان", "كانت", "وكان", "وكانت", "فيما",
    "بينما", "حيث", "غير", "الا", "ان", "إلا", "وهو", "هذا", "وهذا", "هذ", "لقد", "بل", "اذ", "فقد",
    "لكنه", "لكنها", "ولكنه", "ولكنها", "لكنهم", "ولكنهم", "انه", "انها", "وفيما", "اما",
})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "والذي", "والتي", "والذين", "اللذين", "اللتين"})
# Titles and functions that precede a name in apposition (normalised, with and without ال).
# Heads that open a chain of nouns in construct ("رئيس وزراء الهند", the prime minister of
# India; "غرفة عمليات القوات الجوية"): after them an indefinite noun is the next link.
_CHAIN_HEADS = frozenset({
    "رئيس", "وزير", "وزيرة", "امين", "مدير", "مديرة", "قائد", "زعيم", "نائب", "مساعد", "مستشار",
    "سفير", "مندوب", "ممثل", "متحدث", "ناطق", "غرفة", "مجلس", "هيئة", "ادارة", "نادي", "فريق",
    "لجنة", "وكالة", "منظمة", "مكتب", "قيادة", "وزارة", "جهاز", "مركز", "دائرة", "احد", "جميع",
    "بعض", "معظم", "اسطورة", "نجم", "مسؤول", "خبير",
})
_TITLES = frozenset({
    "رئيس", "الرئيس", "وزير", "الوزير", "وزيرة", "المتحدث", "متحدث", "المتحدثة", "متحدثة",
    "الناطق", "ناطق", "الناطقة", "ناطقة", "مدير", "المدير", "مديرة", "السفير", "سفير", "السفيرة",
    "الامين", "امين", "زعيم", "الزعيم", "قائد", "القائد", "المبعوث", "مبعوث", "ممثل", "الممثل",
    "مسؤول", "المسؤول", "الشيخ", "الملك", "الامير", "نائب", "عضو", "الخبير", "خبير", "الناشط",
    "ناشط", "الكاتب", "المحلل", "محلل", "الباحث", "باحث", "القيادي", "قيادي", "المستشار", "مستشار",
    "العميد", "اللواء", "العقيد", "الجنرال", "المرشد", "شريف", "الشريف", "رئيسة", "الرئيسة",
    "المفوض", "المفوضة", "محافظ", "المحافظ", "قاضي", "القاضي", "المدعي", "النائب", "السيناتور",
    "الدكتور", "د", "الصحفي", "المراسل", "الضابط", "ضابط", "المنسق", "منسق", "الامينة", "المقرر",
    "سكرتير", "السكرتير", "مساعد", "المساعد", "العقيدة", "الرائد", "النقيب", "المقدم",
    "اية",  # "آية الله علي خامنئي" (Ayatollah Ali Khamenei)
    "عمدة", "العمدة", "المذيع", "المذيعة", "مذيع", "مذيعة", "نجم", "النجم", "لاعب", "اللاعب",
    "مدرب", "المدرب",
})
# Adjectives of an office that are no nisba: "الأمين العام" (the secretary-general).
_TITLE_ADJECTIVES = frozenset({
    "العام", "العامه", "العامة", "الخاص", "الخاصه", "الخاصة", "الدائم", "الدائمه", "الدائمة",
    "الاعلي", "الاول", "الاولي", "الاقدم", "المساعد", "المساعده",
})
# Nouns for a message whose author is named after them: "نقل المهاجر وصية البغدادي" (naqala
# al-muhājir waṣiyyat al-baghdādī: al-Muhajir conveyed al-Baghdadi's will).
_MESSAGE_NOUNS = frozenset({
    "وصية", "رسالة", "كلمة", "كلام", "تصريحات", "تصريح", "دعوة", "تهديد", "تحذير", "قول", "اقوال",
    "حديث", "بيان", "وصيه",
})
_PRONOUN_SPEAKERS = frozenset({"قوله", "قولها", "تعبيره", "تعبيرها", "رايه", "رايها", "قولهم", "تعبيرهم"})
# Address: "مخاطبا" (muḫāṭiban, addressing), "موجها حديثه إلى" (muwajjihan ḥadīṯahu ʾilā).
_ADDRESS_VERBS = frozenset({"مخاطبا", "مخاطبة", "موجها", "موجهة", "متوجها", "متوجهة"})
_NOT_BI = frozenset({"باسم", "بين", "بينها", "بينهم", "بينهما", "بعد", "بيان", "بيانا", "بلاده", "بلادها", "بلد", "برس", "بي"})


_JAA = Cue("جاء في", "verb", frozenset({THAT, QUOTE, COLON}))


class _Tok(NamedTuple):
    """A token of one sentence (a named tuple: built for every word, read-only)."""

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
    source: bool = False  # from "بحسب/وفق" (according to): the reporter, not a speaker


@dataclass(slots=True)
class _State:
    """Per-document memory: the last speaker and descriptions seen in apposition."""

    last: SpeakerRef | None = None
    aliases: dict[str, SpeakerRef] = field(default_factory=dict)
    pending: Ref | None = None  # a relay ("نقلت الوكالة أن ...") waiting for its inner report
    consumed: int = -1  # end of the last source cue ("بحسب ما أعلنت"): its verb is no new cue
    voices: list[tuple[SpeakerRef, bool]] = field(default_factory=list)  # (speaker, feminine cue)

    def take_pending(self) -> Ref | None:
        """The relay waiting for its inner report, handed over once. A method, not an
        attribute read: type checkers keep `state.pending` narrowed to None after the
        loop clears it, though the report readers it calls set it again (and mypyc
        compiles what the checker infers)."""
        ref, self.pending = self.pending, None
        return ref

    def recent(self, feminine: bool) -> SpeakerRef | None:
        """The last speaker, or the last one the verb's gender agrees with: after "قال ترامب"
        and "قالت ساندرز", "وأضافت" (wa-ʾaḍāfat, she added) is Sanders."""
        if not self.voices or self.voices[-1][0] != self.last or self.voices[-1][1] == feminine:
            return self.last
        for who, fem in reversed(self.voices[-4:]):
            if fem == feminine:
                return who
        return self.last


# Words after a cue that make its hearer the narrator: "طلب مني" (ṭalaba minnī, he asked
# me), "قال لي" (he told me).
_TO_NARRATOR = frozenset({"لي", "مني", "لنا", "منا"})


def _to_narrator(toks: list[_Tok], i: int) -> bool:
    """Whether the cue's hearer is the narrator: "أمرني" (amaranī, he ordered me), "طلب مني"."""
    return toks[i].core.endswith("ني") or (i + 1 < len(toks) and toks[i + 1].norm in _TO_NARRATOR)


def _carried(last: SpeakerRef | None, toks: list[_Tok], i: int, mentions: _Mentions
             ) -> SpeakerRef | None:
    """The last speaker carried over to a cue that names no speaker, unless the cue cannot be
    his: a plural cue ("وقالوا", wa-qālū, and they said) is a group's, not a person's."""
    if last is None:
        return None
    core = toks[i].core
    if core.endswith(("وا", "ون")) and last.entity in mentions.persons:
        return None
    return last


class QuoteStage:
    """Direct, partial and indirect quotes with speaker, addressee and relay.

    Patterns and the cue lexicon are built once per stage object; `__call__` is pure.
    """

    name = "quotes"
    requires = frozenset({"sentences", "entities"})
    provides = frozenset({"quotes"})

    def __init__(self) -> None:
        self._lex: dict[str, Cue] = build_lexicon()
        # One pass over a normalised sentence tells whether it can hold a report at all, so
        # that most sentences are never tokenised.
        forms = {*self._lex, "جاء", *(b for _, b in SOURCE_PAIRS), *(a for a, _ in SOURCE_PAIRS if a != "علي")}
        self._triggers = frozenset(p + f for f in forms for p in ("", "و", "ف", "وب", "فب"))
        # The forms a token must have (as itself or without its conjunction) to open a
        # report: the other words of a sentence are passed over without a lexicon look-up.
        self._openers = frozenset({*self._lex, "جاء", *(a for a, _ in SOURCE_PAIRS)})

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
        for d in drafts:
            if d.speaker is not None and d.speaker.entity is None and d.cue:
                d.speaker = _document_issuer(text, d.speaker, d.cue[0], mentions, doc.entities) or d.speaker
        quotes = []
        for n, d in enumerate(sorted(drafts, key=lambda d: d.start), 1):
            cue = doc.span(*d.cue) if d.cue else None
            quotes.append(Quote(f"q{n}", d.kind, d.start, d.end, text[d.start:d.end], cue,
                                d.speaker, d.addressee, d.relayed_by))
        log.debug("%s: %d quotes", doc.article.id, len(quotes))
        return doc.with_layers(quotes=tuple(quotes))

    # --- one sentence -------------------------------------------------------------------

    def _sentence(self, text: str, s: int, e: int, marks: list[tuple[int, int, int, int]],
                  mentions: _Mentions, state: _State, previous: list[_Draft]) -> list[_Draft]:
        state.pending = None
        sent = normalize(text[s:e])
        if self._triggers.isdisjoint(_WORD_RE.findall(sent)) and not _ANY_MARK_RE.search(text, s, e):
            if mentions.items:
                # Only the first three tokens can open a subject (`_track_subject`).
                short = min(e, s + 80)
                head = sent if short == e else normalize(text[s:short])
                _track_subject(text, _tokenize(text, s, short, head, limit=3), mentions, state, self._lex)
            return []
        toks = _tokenize(text, s, e, sent)
        _track_subject(text, toks, mentions, state, self._lex)
        out: list[_Draft] = []
        openers = self._openers
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not tok.word or (tok.norm not in openers and tok.core not in openers
                                and not (tok.core[:2] in ("وب", "فب") and tok.core[1:] in openers)):
                i += 1  # neither a cue (`_cue`) nor the start of a source pair
                continue
            pair = tok.word and (tok.core, _core_at(toks, i + 1)) in SOURCE_PAIRS
            cue = Cue(tok.core, "source", frozenset()) if pair else self._cue(tok) if tok.word else None
            if tok.core == "جاء" and _core_at(toks, i + 1) in ("في", "فيه", "فيها"):
                # "وجاء في البيان:" (wa-jāʾa fī al-bayān, the statement read).
                cue = _JAA
            if cue is None or _inside_marks(marks, tok.start) or (
                    i > 0 and toks[i - 1].norm in ("لم", "لن", "لا", "ولم", "ولا")
                    and cue.kind == "verb"):
                # "لم يؤكد" (lam yuʾakkid, did not confirm) reports nothing.
                i += 1
                continue
            if tok.norm != tok.core and _inside_name(mentions, tok.start, tok.end):
                i += 1  # "باسكال فيري" (Pascal Ferré): no fa- + "يري" (sees) inside a name
                continue
            if (cue.lemma, _core_at(toks, i + 1)) in _IDIOMS or (
                    pair and SOURCE_PAIRS[(tok.core, _core_at(toks, i + 1))] == "على حد"
                    and _core_at(toks, i + 2) == "سواء"):
                # "ردّ فعل" (radd fiʿl, a reaction), "على حد سواء" (ʿalā ḥadd sawāʾ, alike):
                # a noun phrase and an adverb, no cue.
                i += 1
                continue
            if cue.kind == "verb" and i > 0 and toks[i - 1].word and (
                    (p := self._cue(toks[i - 1])) is not None and p.kind == "verb"):
                i += 1  # "وقال طالب آخر" (wa-qāla ṭālib ʾāḫar): a student, not "demanded"
                continue
            if tok.start < state.consumed:
                i += 1
                continue
            if cue.kind == "circ" and not tok.norm.endswith("ا") and i > 0 and toks[i - 1].word \
                    and toks[i - 1].norm not in _LEAD and i + 1 < len(toks) and toks[i + 1].norm.startswith("ب"):
                # "أن بوتينا متهمة بالتآمر" (that Butina is accused of conspiring): a
                # participle right after its subject and before bi- is its predicate; the
                # speaking one is accusative ("متهما", accusing) or after a comma.
                i += 1
                continue
            if cue.lemma == "وصف" and i > 0 and toks[i - 1].norm == "ما" and not any(
                    t.text in _OPEN_MARKS for t in toks[i + 1:i + 4]):
                i += 1  # "رفض ما وصفها بالمزاعم" (what he called claims): the reporter's gloss
                continue
            owner = next((d for d in out if d.start <= tok.start < d.end), None)
            # "قالت إن المسلحين ينسحبون بعد أن هددت تركيا بعمل عسكري" (baʿda ʾan haddadat):
            # a report inside a reported clause stands on its own and leaves it whole.
            nested = owner is not None and not owner.strict and cue.kind == "verb" and i >= 2 \
                and toks[i - 1].norm == "ان" and toks[i - 2].norm in ("بعد", "قبل", "عقب", "منذ")
            if owner is not None and not nested and not self._continues(toks, i, cue, owner):
                i += 1
                continue
            if cue.kind == "source":
                draft = self._source(text, toks, i, s, e, marks, mentions, state, out)
            else:
                draft = self._report(text, toks, i, cue, s, e, marks, mentions, state, out)
            if draft is not None and owner is not None and (draft.start < tok.start or (nested and draft.end > owner.end)):
                draft = None  # '"حرام" ويعتبر رشوة': no new report inside the open one
            if draft is not None:
                if owner is not None and not nested:
                    _cut(text, owner, toks, i, draft)
                if draft.relayed_by is None:
                    draft.relayed_by = state.take_pending()
                out = [d for d in out if d.end > d.start]
                out.append(draft)
                if draft.speaker is not None:
                    state.last = draft.speaker
                    if cue.kind in ("verb", "circ"):
                        state.voices = [*state.voices[-5:], (draft.speaker, cue.feminine)]
            i += 1
        out.extend(self._bare_quotes(text, toks, s, e, marks, state, out, previous))
        seen: set[tuple[int, int]] = {(d.start, d.end) for d in previous}
        kept = []
        for d in out:
            if _content_ok(text, d) and (d.start, d.end) not in seen:
                seen.add((d.start, d.end))
                kept.append(d)
        return kept

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
        if cue.kind == "circ" or cue is _JAA or (cue.kind == "masdar" and cue.lemma == "بالقول"):
            return True
        prev = toks[i - 1].text if i > 0 else ""
        # A conjunction only when the word without it is the cue: "وقالت" (wa-qālat), not
        # "وصفه" (waṣafahu, described it).
        conj = toks[i].norm[:1] in ("و", "ف") and toks[i].norm not in self._lex and toks[i].core in self._lex
        if cue.kind == "source":
            return prev in ("،", ",", "(")
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if conj and nxt is not None and (nxt.norm in THAT_WORDS or (nxt.text == ":" or nxt.text in _OPEN_MARKS)):
            return True  # "نفت هذه المعلومات وقالت إن" (and said that): a second report
        if (i >= 3 and toks[i - 2].norm in ("الا", "غير") and toks[i - 1].norm == "ان") or \
                (i >= 2 and toks[i - 1].norm in ("لكن", "ولكن")) or \
                (i >= 3 and toks[i - 3].norm in ("الا", "غير") and toks[i - 2].norm == "ان"):
            return True  # "إلا أن أنقرة تصر" (ʾillā ʾanna ʾAnqara tuṣirr, but Ankara insists)
        return (conj and (prev in ("،", ",", "؛", ";", ".", "(") or prev in _ALL_MARKS)) or prev in (
            "كما", "وكما", "ثم", "بينما", "فيما", "وفيما", "وبينما")

    # --- reporting verbs, participles, verbal nouns -------------------------------------

    def _report(self, text: str, toks: list[_Tok], i: int, cue: Cue, s: int, e: int,
                marks: list[tuple[int, int, int, int]], mentions: _Mentions, state: _State,
                out: list[_Draft]) -> _Draft | None:
        tok = toks[i]
        # The cue without its conjunction ("وقال" -> "قال"), unless the و is the root's ("وصف").
        conj = tok.norm != tok.core and tok.norm not in self._lex and tok.text[:1] in ("و", "ف")
        cue_span = (tok.start + 1 if conj else tok.start, tok.end)
        opener = _find_opener(toks, i, cue, marks, self._lex, mentions)
        if opener is None and NP in cue.frames and cue.kind in ("verb", "masdar"):
            opener = _np_opener(text, toks, i, mentions)
            if opener is not None and cue.kind == "masdar" and not (
                    toks[i + 1].norm.startswith("ال") or _named_start(toks[i + 1:i + 2], mentions)):
                opener = None  # "إعلان خلاص أهالي المدينة": no one is named as announcing
            if opener is not None and cue.kind == "verb" and _subject_before(toks, i) \
                    and i + 1 < len(toks) and toks[i + 1].word and not _is_pp(toks[i + 1]):
                # "لكن كوشنر أعلن انقطاع ..." (lākinna Kušnar ʾaʿlana): subject first.
                opener = (NP, i + 1, toks[i + 1].start)
        if opener is None and NP in cue.frames and cue.kind == "circ" and i + 2 < len(toks) \
                and toks[i + 1].word and not _is_pp(toks[i + 1]):
            # "مؤكدة رفضها سياسة الإجلاء" (muʾakkidatan rafḍahā): the participle's object.
            opener = (NP, i + 1, toks[i + 1].start)
        if opener is None:
            return self._backward(text, toks, i, cue, cue_span, s, e, marks, mentions, state)
        frame, j, content_at = opener
        # "وبعد مطالبة الأكراد قوات النظام بالتدخل" (muṭālabat al-ʾakrād, the Kurds' demand):
        # after a word, a feminine participle form is the verbal noun and its subject follows.
        if cue.kind == "circ" and tok.norm.endswith("ين") and i > 0 and toks[i - 1].word \
                and not toks[i - 1].norm.startswith("ال") and frame not in (THAT, QUOTE, COLON):
            return None  # "4 أشخاص متهمين بالارتباط" (muttahamīn, accused): an adjective
        nominal = cue.kind == "circ" and tok.norm.endswith("ة") and frame not in (THAT, QUOTE, COLON) \
            and i > 0 and toks[i - 1].word
        region = toks[i + 1:j]
        # A later cue of the same clause carries the speech: "رد قائلا:" (radda qāʾilan).
        last_word = next((t for t in reversed(region) if t.word), None)
        if last_word is not None and (c := self._cue(last_word)) is not None and c.kind in ("circ", "masdar"):
            return None
        # "نفى التقارير القائلة إن" (nafā al-taqārīr al-qāʾila ʾinna): the object is reported.
        rel = next((k for k, t in enumerate(region) if t.norm in _RELATIVE_SPEECH), None)
        if rel is not None:
            content_at = region[0].start if region else content_at
            region = []
        relay: Ref | None = None
        speaker: SpeakerRef | None = None
        if cue is _JAA:
            speaker = _statement_author(text, toks, i, region, mentions, state)
        if cue.relay:
            speaker, relay = self._relay(text, region, mentions, state)
            if frame == THAT and _nested_report(toks, j, self._lex):
                # "نقلت الوكالة بأن بوتين ذكر أن": the inner report is the quote.
                by = _speaker_from(text, region, mentions, state)
                state.pending = Ref(by.entity, by.text) if by else None
                return None
        if nominal:
            speaker = _chunk_speaker(text, region, mentions, state)
            if speaker is None:
                return None
        if speaker is None and cue.kind == "masdar" and cue.lemma != "بالقول" and region:
            # "إعلان روسيا التوصل إلى اتفاق" (iʿlān Rūsiyā): the genitive is the speaker.
            speaker = _chunk_speaker(text, region, mentions, state)
        if speaker is None and cue.kind in ("circ", "masdar"):
            speaker = _sentence_speaker(out) or _clause_subject(text, toks, i, mentions, state, self._lex,
                                                                coordinated=True)
        if speaker is None and OBJ in cue.frames and region and _is_pp(region[0]):
            # "ووصف فيه الجولاني بأنهم" (wa-waṣafa fīhi al-Jawlānī): the named are the object.
            speaker = _sentence_speaker(out) or state.last
        if speaker is None and OBJ in cue.frames and out and i > 0 and (toks[i - 1].norm in (
                "فيما", "كما", "بينما", "ثم") or tok.norm != tok.core) and "،" not in [t.text for t in region] \
                and not _person_start(region, mentions):
            # "فيما طالب العشائر ..." (fīmā ṭālaba al-ʿašāʾir): the tribes are addressed.
            speaker = _sentence_speaker(out)
        if speaker is None and cue.kind == "verb" and tok.norm == tok.core and _kana_subject(toks, i, mentions):
            # "وكان أردوغان توعد المسؤولين" (wa-kāna Erdoğan tawaʿʿada al-masʾūlīn): the
            # name between "كان" and the verb is its subject; what follows is the object.
            speaker = _left_subject(text, toks, i, mentions, state, cue.feminine)
        # An indefinite accusative after a verb taking an object is who is told ("أخبرت
        # موظفا بأنها", she told an employee that she ...); a noun with a possessive after a
        # joined verb is its object ("وتؤكد تضامنها", and it stresses its solidarity). The
        # speaker is then the verb's own subject.
        addressed = bool(region) and (
            (OBJ in cue.frames and _accusative(region[0], mentions))
            or (cue.kind == "verb" and tok.norm != tok.core and tok.text[:1] in ("و", "ف")
                and (NP in cue.frames or ALA_FRAME in cue.frames or OBJ in cue.frames)
                and _possessed(region[0], mentions)))
        # A verb marked plural carries its subject ("وأكدوا ابتعادها", and they affirmed
        # her distance; "وطلبوا التأكد"): the words after it are no speaker.
        plural = cue.kind == "verb" and tok.core.endswith(("وا", "ون")) and len(tok.core) > 4
        if speaker is None and (OBJ in cue.frames or frame == NP or frame in (ILA, BI)) and region \
                and not addressed and not plural:
            speaker = _chunk_speaker(text, region, mentions, state)
        if speaker is None and not addressed and not plural:
            speaker = _speaker_from(text, region, mentions, state)
        if speaker is None and cue.kind in ("circ", "masdar"):
            speaker = state.recent(cue.feminine)
        if speaker is None and i > 0 and toks[i - 1].norm == "ما":
            # "في إطار ما قالت إنها" (fī ʾiṭār mā qālat ʾinnahā): the clause's subject said it.
            speaker = _clause_subject(text, toks, i, mentions, state, self._lex) or state.last
        inference = i > 0 and toks[i - 1].norm in ("مما", "بما") and cue.lemma in _INFERRING
        if speaker is None and not _to_narrator(toks, i) and not inference:
            # ("مما يشير إلى أن", which indicates that: the narrator's inference, no one's
            # words.)
            # (A cue whose hearer is the narrator, "أمرني" (amaranī, he ordered me), belongs
            # to the story the narrator tells: its speaker is no one named before.)
            coordinated = (i > 1 and toks[i - 1].text in ("،", ",") and tok.text[:1] in ("و", "ف")) or addressed
            speaker = (_left_subject(text, toks, i, mentions, state, cue.feminine) or _sentence_speaker(out)
                       or _clause_subject(text, toks, i, mentions, state, self._lex, coordinated)
                       or _carried(state.recent(cue.feminine), toks, i, mentions))
        if inference and speaker is None:
            return None
        # The addressee follows the speaker's words: "قال قائد الشرطة للصحفيين".
        after = i + 1
        if speaker is not None and j > i + 1 and toks[i].start < speaker.start < toks[j - 1].end:
            spoken_end = speaker.end
            after = next((k for k in range(i + 1, j) if toks[k].start >= spoken_end), j)
        addressee = _addressee(text, toks, after, j, mentions)
        if addressee is None and cue.lemma in _CALL_VERBS and after < j:
            # "دعا X جميع العناصر إلى" (daʿā X jamīʿ al-ʿanāṣir ʾilā): the called are addressed.
            obj = [t for t in toks[after:j] if t.text not in ("،", ",") and t.norm not in _MANNER_WORDS]
            if obj and obj[0].word and not _is_pp(obj[0]):
                end = _chunk_end(obj, 0, mentions)
                s0, e0 = _trim(text, obj[0].start, obj[max(0, end - 1)].end)
                if e0 > s0:
                    hits = _mentions_in(mentions, s0, e0)
                    addressee = Ref(hits[0][2] if hits else None, text[s0:e0])
        if addressee is None and cue.kind == "circ" and out and out[-1].speaker == speaker:
            addressee = out[-1].addressee  # "قال لقناة العربية إن ...، مضيفا أن": same audience
        start, end, kind, strict = _content(text, toks, frame, content_at, e, marks, self._lex)
        if end <= start:
            return None
        return _Draft(kind, start, end, cue_span, speaker, i, addressee, relay, strict)

    def _relay(self, text: str, region: list[_Tok], mentions: _Mentions,
               state: _State) -> tuple[SpeakerRef | None, Ref | None]:
        """"نقلت X عن Y" (naqalat X ʿan Y) and "نقل X وصية Y": speaker Y, relayed by X."""
        for k, t in enumerate(region):
            if t.norm == "عن" or t.norm in _MESSAGE_NOUNS or t.core in _MESSAGE_NOUNS:
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
        if k == i - 1 and toks[i].text[:1] in ("و", "ف") and toks[i].norm != toks[i].core:
            return None  # 'تعتبر العقوبات "غير مشروعة" وتؤكد': the quotation is the verb before's
        span = next((m for m in marks if m[3] == toks[k].end), None)
        if span is None or span[1] >= span[2]:
            return None
        opener = next((o for o in range(k, -1, -1) if toks[o].start == span[0]), None)
        if opener is not None and opener > 0 and _naming_word(toks[opener - 1]) \
                and len(_WORD_RE.findall(text, span[1], span[2])) <= 5:
            return None  # 'وعلى موقع "تويتر"، رحب' (on Twitter, welcomed): a name, no words
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
        # "وفقا لما ذكرته الشرطة" (wifqan li-mā ḏakarathu al-šurṭa): skip "لما"/"ما" + verb;
        # "حسبما أفاد" (ḥasabamā ʾafāda) carries its "ما".
        if tok.core.endswith("ما") and j < len(toks) and toks[j].word and self._cue(toks[j]) is not None:
            cue_span = (toks[i].start, toks[j].end)
            j += 1
        elif j < len(toks) and toks[j].core in ("لما", "ما", "ل"):
            j += 1
            if j < len(toks) and toks[j].word and toks[j].core not in _STOP_WORDS:
                cue_span = (toks[i].start, toks[j].end)
                j += 1
        state.consumed = cue_span[1]  # the verb of "بحسب ما أعلنت" is part of this cue
        k = j
        word_stop = False  # the source ends at a word that is part of what follows
        while k < len(toks) and toks[k].text not in ("،", ",", ".", "؛", ";", ":") and not (
                toks[k].text in _ALL_MARKS and k > j + 3) and toks[k].norm not in _THEN:
            if k > j and (toks[k].norm in _NEW_CLAUSE or (
                    toks[k].norm == "في" and k + 1 < len(toks) and toks[k + 1].norm == "وقت")
                    or ((c := self._cue(toks[k])) is not None and c.kind == "verb")):
                # "وفق المرصد في وقت أفادت سانا عن ..." (according to the Observatory, while
                # SANA reported ...): the source ends where another clause or report begins.
                word_stop = True
                break
            k += 1
        # Where what the source covers begins, when it follows the source.
        rest_at = toks[k].start if word_stop and k < len(toks) else toks[k].end if k < len(toks) else e
        region = toks[j:k]
        # A name in apposition after a comma belongs to the source: "على لسان نائب الرئيس،
        # علي محسن الأحمر، الذي ..." (ʿalā lisān nāʾib al-raʾīs, in the words of the VP).
        if k < len(toks) and toks[k].text in ("،", ","):
            k2 = k + 1
            while k2 < len(toks) and toks[k2].text not in ("،", ",", ".", "؛", ";", ":") and k2 - k <= 5:
                k2 += 1
            if k2 - k <= 5 and region and _apposition(region, [t for t in toks[k + 1:k2] if t.word] or region,
                                                       mentions):
                region = toks[j:k2]
        relay: Ref | None = None
        if region and region[0].core in _PRONOUN_SPEAKERS:
            speaker = state.last  # "حسب قوله" (ḥasab qawlihi, as he put it)
            if len(region) > 1 and region[1].norm in THAT_WORDS and speaker is not None:
                # "يجب حسب رأيه أن ..." (yajib ḥasab raʾyihi ʾan): the clause is his.
                at = toks[j + 2].start if j + 2 < len(toks) else e
                start, end, kind, strict = _content(text, toks, THAT, at, e, marks, self._lex)
                if end > start:
                    return _Draft(kind if kind != "direct" else "partial", start, end, cue_span,
                                  speaker, i, strict=strict)
        else:
            cut = next((n for n, t in enumerate(region) if t.norm == "عن"), None)
            if cut:
                # "وفق ما نقل المرصد عن عائلات الضحايا": the families speak, relayed.
                by = _speaker_from(text, region[:cut], mentions, state)
                relay = Ref(by.entity, by.text) if by else None
                region = region[cut + 1:]
            speaker = _speaker_from(text, region, mentions, state, keep_lam=False)
        same = [d for d in out if d.cue is not None]
        if same:
            # A source in a sentence that already reports says who relayed its reports:
            # "قال X إن ...، مضيفا أن ...، وفق ما نقلته الوكالة" (as the agency carried it).
            for d in same:
                if speaker is not None and speaker != d.speaker and d.relayed_by is None:
                    d.relayed_by = Ref(speaker.entity, speaker.text)
            return None
        first_word = next((t for t in toks if t.word), None)
        sent_start = s
        lead = 0
        while lead < len(toks) and (toks[lead].core in ("وقد", "قد", "كما", "و") or toks[lead].norm == "و"):
            lead += 1
        if lead < len(toks):
            sent_start = toks[lead].start
            if toks[lead].norm[:1] in ("و", "ف") and toks[lead].norm != toks[lead].core \
                    and not toks[lead].norm.startswith(("وال", "فال")) and toks[lead].norm not in _ROOT_WAW:
                sent_start += 1  # "وقتل عشرة" (wa-qutila): the report starts at the verb
        dateline = _DATELINE_RE.match(text, s, e)
        if dateline:
            sent_start = max(sent_start, dateline.end())
        if first_word is not None and first_word is tok:
            # "ووفقا للمرصد، قتل ..." (wa-wifqan li-l-marṣad, qutila): the report follows.
            if k + 1 < len(toks) and toks[k + 1].norm in _THEN:
                start, end = _trim(text, toks[k + 1].end, e)
            else:
                start, end = _trim(text, rest_at, e)
        else:
            before = _trim(text, sent_start, tok.start)
            after = _trim(text, rest_at, e) if k < len(toks) - 1 else (e, e)
            if k + 1 < len(toks) and toks[k + 1].norm in _THEN:
                after = _trim(text, toks[k + 1].end, e)  # "وبحسب X، فإن ..." (fa-ʾinna)
            # Attached to the clause before it ("X وفق المرصد، Y") the source covers X; set
            # off by commas on both sides it covers the longer side.
            attached = i > 0 and toks[i - 1].text not in ("،", ",", "(")
            if k + 1 < len(toks) and (toks[k + 1].norm in _CLAUSE_OPENERS or toks[k + 1].norm in ("بينما", "فيما")):
                attached = True  # "بحسب المصور، بينما ..." : what follows is another clause
            start, end = before if attached or before[1] - before[0] >= after[1] - after[0] else after
        if end - start < 8:
            if speaker is not None:
                state.last = speaker  # "جاء ذلك على لسان X" (that came from X): X speaks next
            return None
        head = normalize(speaker.text, loose=True).split()[:1] if speaker is not None else []
        if speaker is None or (head and head[0].removeprefix("ل") in _INSTRUMENTS):
            return None  # (no one speaks in "وفقا لقانون مكافحة الإرهاب", under the law)
        return _Draft("indirect", start, end, cue_span, speaker, i, relayed_by=relay, source=True)

    # --- quotation marks no cue claimed -------------------------------------------------

    def _bare_quotes(self, text: str, toks: list[_Tok], s: int, e: int,
                     marks: list[tuple[int, int, int, int]], state: _State, out: list[_Draft],
                     previous: list[_Draft]) -> list[_Draft]:
        """A whole quoted sentence continuing the last speaker's words."""
        if out or state.last is None or not previous:
            return []
        last = previous[-1]
        if s - last.end > 400 or (last.kind == "indirect" and not last.strict):
            return []
        inner = [m for m in marks if s <= m[0] and m[3] <= e + 1]
        cand: tuple[int, int] | None = None
        for m in inner:
            opens = _trim(text, s, m[0]) == (m[0], m[0]) or not text[s:m[0]].strip("و ")
            if opens and not text[m[3]:e].strip(_TRIM):
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

def _tokenize(text: str, s: int, e: int, normalized: str, limit: int | None = None) -> list[_Tok]:
    """Words and punctuation of text[s:e] (`normalized` is its normalised form, which the
    caller has anyway) with their normalised forms; the first `limit` of them if given.

    The sentence is normalised once; when that keeps its length (no harakat or ligatures,
    the common case) each word's form is a slice of it, else each word is normalised alone.
    """
    sent = normalized.replace("#", " ").replace("_", " ")
    aligned = len(sent) == e - s
    out: list[_Tok] = []
    new = tuple.__new__  # skips the named tuple's Python-level __new__: ~340 tokens per article
    for m in _TOKEN_RE.finditer(text, s, e):
        if len(out) == limit:
            break
        a, b = m.span()
        t = text[a:b]
        c = t[0]
        if not (c.isalnum() or c in "#_"):
            out.append(new(_Tok, (a, b, t, t, t, False)))
            continue
        if aligned:
            norm = sent[a - s:b - s].strip()
        else:
            norm = normalize(t).replace("#", "").replace("_", " ")
        core = norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm
        out.append(new(_Tok, (a, b, t, norm, core, True)))
    return out


def _core_at(toks: list[_Tok], k: int) -> str:
    return toks[k].core if 0 <= k < len(toks) else ""


def _naming_word(tok: _Tok) -> bool:
    """A word after which a quotation is a name ("موقع", "لصحيفة", "بعنوان", "اسمها")."""
    n = tok.core
    return n in _NAMING or tok.norm in _NAMING or (n[:1] in ("ل", "ب") and n[1:] in _NAMING) or (
        n.startswith(("اسم", "عنوان")) and len(n) <= 6)


def _is_pp(tok: _Tok) -> bool:
    """A prepositional or adverbial word that cannot start a speaker's name."""
    n = tok.norm
    if n in ("ب", "ل", "ك", "و", "ف") or n in _PP_WORDS or tok.core in _PP_WORDS or n in _TIME_ADVERBS or n in _STOP_WORDS or n in _WEEKDAYS:
        return True
    if n[:1] in ("و", "ف") and (n[1:] in _PP_WORDS or n[1:] in _CONDITIONALS or n[1:] in _SUBORDINATORS):
        # "وفي حال أدينت" (wa-fī ḥāl ʾudīnat, and if she is convicted), "ومع ذلك", "فبعدما
        # ذكر" (fa-baʿdamā dhakara, for after he had said)
        return True
    if n in ("لا", "سيما", "لاسيما"):
        return True  # "لا سيما في حشد المواطنين" (especially in rallying citizens)
    if tok.core in _THEN_ADVERBS or (tok.core[:1] == "ب" and tok.core[1:] in _DEMONSTRATIVES):
        return True  # "وحينها قال" (and then he said), "وبهذه الخطوة" (with this step)
    if (n.startswith("لل") and len(n) > 4) or tok.text.startswith(("لأ", "لإ")):
        return True  # "للصحفيين", "لأسوشيتد برس" (to the journalists, to AP)
    if n.startswith("ل") and len(n) > 1 and (n[1:2].isascii() or n[1:].startswith(MEDIA_HEADS)):
        return True
    return n.startswith("بال") and len(n) > 5


# --- helpers: quotation marks ---------------------------------------------------------

def _quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, inner_start, inner_end, close_end) of every outermost quotation, per paragraph.

    A straight mark '"' opens when a letter follows it and a space precedes it, and closes
    otherwise, so a quotation inside a quotation ("لست أنا الذي وضع "الخط الأحمر" بل
    أوباما") stays inside. When that leaves a mark open at the paragraph end, the
    paragraph's straight marks are paired in order instead; a mark still left open ends
    at the next sentence end, so it never swallows the rest of the paragraph.
    """
    out: list[tuple[int, int, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not _ANY_MARK_RE.search(line):
            continue
        spans, unclosed = _pair_marks(text, ls, le, nested=True)
        if unclosed is not None and '"' in line:
            flat, still = _pair_marks(text, ls, le, nested=False)
            if still is None or len(flat) > len(spans):
                spans, unclosed = flat, still
        if unclosed is not None:
            m = _SENT_END_RE.search(text, unclosed + 1, le)
            end = m.start() + 1 if m else le
            spans = [sp for sp in spans if sp[0] < unclosed or sp[0] >= end]
            spans.append((unclosed, unclosed + 1, end, end))
        out.extend(spans)
    out.sort()
    return out


_SENT_END_RE = re.compile(r"[.؟?!](?=\s|$)")


def _pair_marks(text: str, ls: int, le: int, *, nested: bool) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """Outermost quotation spans of one paragraph and the first mark left open, if any."""
    spans: list[tuple[int, int, int, int]] = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, open position)
    for mark in _ANY_MARK_RE.finditer(text, ls, le):  # the marks only, not every character
        i = mark.start()
        ch = text[i]
        prev = text[i - 1] if i > ls else " "
        nxt = text[i + 1] if i + 1 < le else " "
        if ch == '"':
            opening = (prev.isspace() or prev in "(:،,/-–—") and not nxt.isspace()
            if stack and stack[-1][0] == '"' and (not opening or not nested):
                _close(stack, spans, i)
            elif opening or not stack:
                stack.append(('"', i))
            elif stack[-1][0] == '"':
                _close(stack, spans, i)
            continue
        if (stack and ch == stack[-1][0]) or (stack and ch in "”“" and stack[-1][0] in "”“"):
            _close(stack, spans, i)
            continue
        if ch in _OPEN_MARKS and (ch not in "”“" or not nxt.isspace()):
            stack.append((QUOTE_PAIRS[ch], i))
    return spans, (stack[0][1] if stack else None)


def _close(stack: list[tuple[str, int]], out: list[tuple[int, int, int, int]], i: int) -> None:
    _, o = stack.pop()
    if not stack:  # only outermost quotations are kept
        out.append((o, o + 1, i, i + 1))


def _inside_marks(marks: list[tuple[int, int, int, int]], pos: int) -> bool:
    k = bisect.bisect_right(marks, (pos, 10**12)) - 1
    return k >= 0 and marks[k][1] <= pos < marks[k][2]


def _mark_at(marks: list[tuple[int, int, int, int]], pos: int) -> tuple[int, int, int, int] | None:
    k = bisect.bisect_left(marks, (pos, -1))
    return marks[k] if k < len(marks) and marks[k][0] == pos else None


# --- helpers: complements and content -------------------------------------------------

def _spelt_letter(toks: list[_Tok], j: int) -> bool:
    """Whether "إن" at j is the letter N of an acronym ("لقناة سي إن إن ترك", to CNN Türk;
    "إن بي سي", NBC), not "إنّ" (ʾinna, that): "قالت شبكة إن بي سي إن" (NBC said that)."""
    if toks[j].norm != "ان":
        return False

    # The letters, with the dots some sites write between them ("سي.إن.إن").
    letters = [k for k in range(max(0, j - 6), min(len(toks), j + 4)) if toks[k].text != "."]
    at = letters.index(j)

    def word(d: int) -> str:
        k = at + d
        return toks[letters[k]].norm if 0 <= k < len(letters) and toks[letters[k]].word else ""

    if word(1) == "بي":
        return True  # "إن بي سي"
    if word(-1) == "سي":
        return word(-2) != "بي"  # "سي إن إن", not "بي بي سي إن" (the BBC said that)
    return word(-1) == "ان" and word(-2) == "سي"


def _find_opener(toks: list[_Tok], i: int, cue: Cue, marks: list[tuple[int, int, int, int]],
                 lex: dict[str, Cue], mentions: _Mentions | None = None) -> tuple[str, int, int] | None:
    """(frame, index of the opener token, char offset where the content starts)."""
    frames = cue.frames
    limit = min(len(toks), i + 30)
    bi_at = i + 1  # where a bare بـ complement may start
    for j in range(i + 1, limit):
        t = toks[j]
        if t.word and j > i + 1 and (c := lex.get(t.norm) or lex.get(t.core)) is not None \
                and not (toks[j - 1].word and lex.get(toks[j - 1].core) is not None) \
                and c.kind == "verb" and t.norm not in THAT_WORDS \
                and (c.lemma, _core_at(toks, j + 1)) not in _IDIOMS \
                and toks[j - 1].norm not in ("عن", "من", "علي", "في", "الي"):
            # (After a preposition it is a verbal noun: "امتنعت عن ذكر اسمها", declined
            # to give its name.)
            break  # another report begins: "كشف فيها عن وصية البغدادي دعا فيها إلى"
        if t.word and j > i + 2 and t.norm in _SUSPECTING:
            break  # "أعلنت مقتل ثلاثة يشتبه بأنهم": the that-clause is the suspicion's
        if j == bi_at and t.word and BI in frames and t.norm.startswith("ب") and len(t.norm) > 3 \
                and t.norm not in _NOT_BI and t.norm not in THAT_WORDS:
            name = [m for m in _mentions_in(mentions, t.start, t.end) if m[0] == t.start] if mentions else []
            if not name:
                return BI, j, t.start  # "متوعدا بعودة ..." (mutawaʿʿidan bi-ʿawdat)
            # A name spelt with ب is the subject ("وصرح بوتين للصحافيين", Putin told
            # reporters; "تعهد بولسونارو بتوحيد", Bolsonaro pledged to unite): بـ may follow it.
            bi_at = next((k for k in range(j + 1, limit) if toks[k].start >= name[0][1]), limit)
        if t.text in (".", "؛", ";", "؟", "?", "!") and not (
                t.text == "." and 0 < j < len(toks) - 1 and toks[j - 1].end == t.start
                and toks[j + 1].start == t.end and toks[j + 1].word):
            break  # (not the dot of a domain name: 'لـ"العربية.نت"')
        if t.core == "جاء" and j + 1 < len(toks) and toks[j + 1].norm in ("في", "فيه", "فيها"):
            break  # "بيانا جاء فيه أن" (a statement that read): its own report
        if t.text in ("،", ",") and j + 1 < limit and toks[j + 1].norm in _CLAUSE_OPENERS \
                and toks[j + 1].norm not in _PARENTHETICAL:
            break  # but "قال X، وهو خبير في ...، إن" (wa-huwa, who is) goes on
        if AN in frames and t.word and t.norm == "عن" and cue.lemma in _AN_REPORTS \
                and toks[j - 1].norm not in _REFRAINING:
            return AN, j, toks[j + 1].start if j + 1 < len(toks) else t.end  # "كشف X عن خطة"
        if THAT in frames and t.word and t.norm in THAT_WORDS and not (
                j > 0 and toks[j - 1].text in _OPEN_MARKS and _mark_at(marks, toks[j - 1].start)) \
                and not _spelt_letter(toks, j) and not (j > 0 and toks[j - 1].norm in _TIME_BEFORE_AN):
            # The reported clause starts after "أن"/"إنه" (ʾanna, ʾinnahu: that, that he);
            # not "إن" opening a quoted name ("شبكة "إن بي سي نيوز"").
            return THAT, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if QUOTE in frames and t.text == ":":
            return COLON, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if QUOTE in frames and t.text in _OPEN_MARKS and _mark_at(marks, t.start):
            m = _mark_at(marks, t.start) or (t.start, t.start + 1, t.start + 1, t.start + 1)
            inner = toks[j + 1:]
            # A quoted name right after the verb ("قال "أبو الحسن"") is the speaker, not speech.
            words = sum(1 for x in inner if x.word and x.start < m[2])
            said = sum(1 for x in toks[i + 1:j] if x.word) > 0 or toks[j - 1].text == ":"
            after = next((x for x in inner if x.start >= m[3]), None)
            if words <= 4 and toks[j - 1].text in ("،", ",") and after is not None \
                    and after.text in ("،", ","):
                continue  # a name in apposition: "المتحدث باسم التنظيم، "أبو الحسن المهاجر"،"
            if words <= 12 and j >= 2 and toks[j - 2].core.startswith(("اطلق", "سمي", "تسمي")):
                continue  # "التي أطلق عليها "..."" (that he named "..."): a title
            if words <= 4 and after is not None and after.text in ("،", ",") and (
                    toks[j - 1].norm in _TITLES or toks[j - 1].norm in _NAME_INTRO) and any(
                    x.word and x.norm in THAT_WORDS for x in inner if m[3] <= x.start < m[3] + 120):
                continue  # 'وقال العميد الركن "ذياب القبلي"، قائد اللواء، إن': a name
            if words <= 5 and _naming_word(toks[j - 1]):
                continue  # a name: "ما يسمى بـ "مركز اعلام الغوطة"", "حركة "أحرار الشام""
            if words <= 4 and (toks[j - 1].core in _GENERIC_SOURCES or toks[j - 1].norm in _GENERIC_SOURCES) \
                    and after is not None and not after.word:
                continue  # whose sources: 'أفادت مصادر "سكاي نيوز عربية"، بأن' (Sky News Arabia's)
            if words <= 4 and toks[j - 1].norm in ("ل", "لـ") and after is not None and after.text in ("،", ","):
                continue  # told to an outlet: 'قال لـ"سكاي نيوز عربية"، الخميس، إن
            if words >= 6 or (m[3] >= toks[-1].end - 2 and words >= 2) or (
                    (words >= 4 or (said and words >= 2)) and _ends_clause(toks, m[3], lex)):
                return QUOTE, j, t.start
        if t.word and t.core in ("الي", "علي", "من") and j + 1 < limit and toks[j + 1].norm in THAT_WORDS:
            continue  # "أشار إلى أن": the opener is the next word
        if ILA in frames and t.word and t.norm in ("الي",) and j > i:
            return ILA, j, toks[j + 1].start if j + 1 < len(toks) else t.end
    # Prepositional frames: the complement after the speaker phrase (which is short).
    for j in range(i + 1, limit):
        t = toks[j]
        if t.text in (".", "؛", ";", ":"):
            break
        if t.text in _OPEN_MARKS:
            span = _mark_at(marks, t.start)
            if span is not None and sum(1 for x in toks[j + 1:] if x.word and x.start < span[2]) >= 6:
                break  # a quotation of its own, not a preposition's object
        if t.core == "جاء" and j + 1 < len(toks) and toks[j + 1].norm in ("في", "فيه", "فيها"):
            break
        if not t.word:
            continue
        if ((QBI in frames and t.norm.startswith("ب") and t.norm not in _NOT_BI)
                or (QAN in frames and t.norm == "عن")):
            # Only a quotation makes these speech: "رحب بـ"التقدم الكبير"".
            for k in range(j + 1, min(j + 3, len(toks))):
                if toks[k].text in _OPEN_MARKS and _mark_at(marks, toks[k].start) is not None:
                    return QBI, k, toks[k].start
            continue
        suffixed = OBJ in frames and toks[i].norm.endswith(("ه", "ها", "هم", "هما"))
        if j == i + 1 and ALA_FRAME in frames and t.norm == "علي" and toks[i].norm != toks[i].core:
            # "وشدد على ضرورة" (and he stressed the need): the subject carried, the content
            # right after على.
            return ALA_FRAME, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if j == i + 1 and not ((BI in frames or suffixed) and t.norm.startswith("ب")):
            continue  # "واتهموها بدعم الإرهاب" (wa-ttahamūhā bi-daʿm): the object is on the verb
        if ALA_FRAME in frames and t.norm == "علي" and j - i <= 20 and not any(
                x.norm in _RELATIVES or x.norm in _EVENT_OBJECTS for x in toks[i + 1:j]) and (cue.lemma != "جدد" or any(
                x.norm in _MASDAR_OBJECTS or x.core in _MASDAR_OBJECTS for x in toks[i + 1:j])):
            # ("جدد الأهلي فوزه على منافسه", al-Ahly repeated its win over its rival: only a
            # renewed statement is speech, "جدد التأكيد على".)
            # (Not the على of a clause after the object: "أكد الجيش صحة الفيديو، الذي
            # ظهر فيه قناص يطلق الرصاص على فلسطيني", confirmed the video, in which ...)
            return ALA_FRAME, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if AN in frames and t.norm == "عن" and cue.lemma in _AN_REPORTS:
            return AN, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if MIN in frames and t.norm == "من" and cue.lemma == "حذر":
            return MIN, j, toks[j + 1].start if j + 1 < len(toks) else t.end
        if (BI in frames or OBJ in frames) and (t.norm == "ب" or (t.norm.startswith("ب") and len(t.norm) > 3
                                                and t.norm not in _NOT_BI and (j > i + 1 or suffixed))) \
                and not (mentions is not None and _inside_name(mentions, t.start, t.end)):
            # (Not a name's later word: "طالب ماورو بالما ... بالحصول", Mauro Palma asked
            # for: "بالما" is his surname.)
            return BI, j, t.start
    return None


def _ends_clause(toks: list[_Tok], pos: int, lex: dict[str, Cue]) -> bool:
    """Whether the clause ends at `pos`: punctuation, the sentence end, or a new report."""
    nxt = next((t for t in toks if t.start >= pos), None)
    if nxt is None or nxt.text in ("،", ",", ".", "؛", ";", ":", "؟", "?", "!", ")"):
        return True
    if not nxt.word:
        return False
    c = lex.get(nxt.norm) or lex.get(nxt.core)
    return c is not None or nxt.norm in _CLAUSE_OPENERS


def _content(text: str, toks: list[_Tok], frame: str, at: int, e: int,
             marks: list[tuple[int, int, int, int]], lex: dict[str, Cue]) -> tuple[int, int, str, bool]:
    """(start, end, kind, strict) of the reported content starting at `at`."""
    end = e
    q = _mark_at(marks, at) if at < len(text) and text[at] in _OPEN_MARKS else None
    if q is None:
        k = at
        while k < e and text[k].isspace():
            k += 1
        q = _mark_at(marks, k) if k < e and text[k] in _OPEN_MARKS else None
    if q is not None and frame in (QBI, ILA, BI, ALA_FRAME, AN, MIN):
        # A quoted fragment after a preposition: "دعا إلى "شن هجمات" في كل مكان" (daʿā ʾilā
        # "šann hajamāt" fī kull makān); quotations joined by "و"/"وأنه" stay together.
        last = q
        for m in marks:
            if m[0] >= last[3] and m[0] < e:
                gap = text[last[3]:m[0]].split()
                if len(gap) <= 2 and all(normalize(w).startswith(("و", "ان", "با")) for w in gap):
                    last = m
                    continue
                break
        start, stop = _trim(text, q[1], last[2])
        return start, stop, "partial", True
    if q is not None:
        rest = text[q[3]:e].strip(_TRIM)
        if not rest or _only_tail(rest) or (text[q[3]:e].lstrip()[:1] in ("،", ",") and _ends_clause(
                toks, q[3] + 1 + text[q[3]:e].index(text[q[3]:e].lstrip()[:1]), lex)):
            start, stop = _trim(text, q[1], q[2])
            kind = "partial" if frame in (ILA, BI, ALA_FRAME, AN, MIN, OBJ, NP) else "direct"
            first = normalize(text[start:stop]).split()[:1]
            if kind == "direct" and frame == QUOTE and first and len(first[0]) > 3 \
                    and first[0].startswith(("ب", "لل")) and first[0] not in _NOT_FRAGMENT \
                    and not text[q[1]:q[2]].rstrip().endswith((".", "؟", "!", "?")):
                kind = "partial"  # 'طالب العشائر "بمنع أبنائها ..."': a prepositional fragment
            return start, stop, kind, True
    if frame == COLON:
        start, stop = _trim(text, at, end)
        return start, stop, "direct", False
    start, stop = _trim(text, at, end)
    return start, stop, "indirect", False


def _only_tail(rest: str) -> bool:
    """Whether what follows a closing mark is only a short time tag ("يوم الأربعاء")."""
    return len(rest.split()) <= 2 and not any(c in rest for c in "«\"“")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _cut(text: str, owner: _Draft, toks: list[_Tok], i: int, new: _Draft) -> None:
    """End an open report before the report that starts at the cue toks[i]: before its
    subject when that precedes the cue ("... إلا أن أنقرة تصر"), and before the particles
    that join the two ("إلا أن" ʾillā ʾanna, but; "، و")."""
    k = i
    if new.speaker is not None and owner.start < new.speaker.start < toks[i].start:
        while k > 0 and toks[k - 1].start >= new.speaker.start:
            k -= 1
    while k > 0 and toks[k - 1].start > owner.start and (
            toks[k - 1].norm in _JOINERS or toks[k - 1].text in ("،", ",", "؛", ";")):
        k -= 1
    owner.end = max(owner.start, _trim(text, owner.start, toks[k].start)[1])


def _content_ok(text: str, d: _Draft) -> bool:
    """At least three letters: a quotation of punctuation or a number is no speech."""
    letters = 0
    for c in text[d.start:d.end]:
        if c.isalpha():
            letters += 1
            if letters >= 3:
                return True
    return False


# --- helpers: speakers ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Mentions:
    starts: tuple[int, ...]
    items: tuple[tuple[int, int, str, str], ...]  # start, end, entity id, type
    names: dict[str, str]  # loose-normalised surface form -> entity id
    persons: frozenset[str]  # ids of the PER entities
    # Persons whose whole name is known (linked, or named with more words somewhere): a
    # one-word mention of one of them is no name cut short.
    whole: frozenset[str] = frozenset()
    # Entities linked to the knowledge base: sure names, not the tagger's guesses.
    linked: frozenset[str] = frozenset()
    # Outlets (the KB's media sector): li- before one names who was told.
    media: frozenset[str] = frozenset()


def _mention_index(entities: tuple[Entity, ...]) -> _Mentions:
    items = sorted((m.start, m.end, ent.id, ent.type) for ent in entities for m in ent.mentions)
    names: dict[str, str] = {}
    for ent in entities:
        for form in (ent.name, *(m.text for m in ent.mentions)):
            names.setdefault(normalize(form, loose=True), ent.id)
    persons = frozenset(ent.id for ent in entities if ent.type == "PER")
    whole = frozenset(ent.id for ent in entities if ent.type == "PER" and (
        ent.kb_id is not None or len(ent.name.split()) > 1))
    linked = frozenset(ent.id for ent in entities if ent.kb_id is not None)
    media = frozenset(ent.id for ent in entities if ent.sector == "media")
    return _Mentions(tuple(s for s, *_ in items), tuple(items), names, persons, whole, linked, media)


def _mentions_in(mx: _Mentions, s: int, e: int) -> list[tuple[int, int, str, str]]:
    k = bisect.bisect_left(mx.starts, s - 2)
    out = []
    while k < len(mx.items) and mx.items[k][0] < e:
        m = mx.items[k]
        if m[1] > s and m[0] < e:
            out.append(m)
        k += 1
    return out


def _inside_name(mx: _Mentions, s: int, e: int) -> bool:
    """Whether text[s:e] lies inside a mention that starts before it."""
    k = bisect.bisect_left(mx.starts, s) - 1
    while k >= 0 and mx.items[k][0] >= s - 200:  # (mentions are short and seldom nest)
        if mx.items[k][0] < s and e <= mx.items[k][1]:
            return True
        k -= 1
    return False


def _segments(region: list[_Tok]) -> list[list[_Tok]]:
    segs: list[list[_Tok]] = [[]]
    for t in region:
        if t.text in ("،", ","):
            segs.append([])
        else:
            segs[-1].append(t)
    return [sg for sg in segs if sg]


def _head(seg: list[_Tok], mentions: _Mentions | None = None, lam_ok: bool = False) -> list[_Tok]:
    """The speaker phrase at the start of a segment, cut before adverbials.

    An unnamed source keeps its affiliation: "مسؤولون في قوات سوريا الديمقراطية"
    (masʾūlūn fī quwwāt sūriyā al-dīmuqrāṭiyya, officials in the SDF); a statement names
    its author: "بيان صادر عن X" (bayān ṣādir ʿan X, a statement issued by X) is X.
    """
    out: list[_Tok] = []
    lead = seg[0].norm[1:] if seg and lam_ok and seg[0].norm.startswith("ل") else (seg[0].norm if seg else "")
    generic = bool(seg) and (lead in _GENERIC_SOURCES or lead in STATEMENT_NOUNS or seg[0].core in STATEMENT_NOUNS)
    skip_to = -1
    for k, t in enumerate(seg):
        if k < skip_to:
            continue
        if out and t.text == "(":
            # "فاسيلي (39 عاما)" (Vasily, 39): an age or a gloss in brackets is no part of
            # the speaker, who may go on after it ("قوات سوريا الديمقراطية (قسد) في ...").
            close = next((j for j in range(k + 1, min(len(seg), k + 8)) if seg[j].text == ")"), None)
            if close is not None:
                skip_to = close + 1
                continue
        if not t.word:
            if t.text in _ALL_MARKS or t.text in ("(", ")", "-", "/"):
                continue
            break
        n = t.norm
        if _early_in(seg, k):
            break  # "وكان مسؤول عراقي أكد مطلع مايو" (an Iraqi official affirmed early in May)
        if not out:
            if n in _WHAT or n in _MASDAR_OBJECTS or n in _EVENT_OBJECTS or n in _MANNER_WORDS or (
                    n in _REVEALED and not lam_ok):
                # "نفى ما ذكره X" (nafā mā ḏakarahu X): what X said is the object;
                # "جددت التأكيد على" (jaddadat al-taʾkīd ʿalā): the renewed act is.
                return []
            nxt = seg[k + 1] if k + 1 < len(seg) else None
            named = mentions is not None and nxt is not None and nxt.word and not _is_pp(nxt) \
                and nxt.norm not in THAT_WORDS and any(
                    m[0] == t.start for m in _mentions_in(mentions, t.start, t.end))
            if _is_pp(t) and not named and not (lam_ok and n.startswith("ل")):
                return []
            if not lam_ok and _told_organisation(t, mentions):
                # "قال لبي بي سي" (qāla li-BBC, he told the BBC): the hearer, not the speaker.
                return []
            out.append(t)
            continue
        if mentions is not None and any(m[0] <= out[0].start + 2 and t.end <= m[1] and m[3] == "ORG"
                                        for m in _mentions_in(mentions, out[0].start, t.end)):
            # An organisation's name runs on through its li- complement: "الهيئة العامة
            # للثقافة" (the general authority for culture) is one speaker, not "الهيئة
            # العامة". (Not a person's: a tagger's run may have swallowed "لبي بي سي".)
            out.append(t)
            continue
        if mentions is not None and _told_organisation(t, mentions) and (
                (len(out) == 1 and out[0].norm.endswith(("ها", "ه", "هم"))) or any(
                    m[0] == t.start + 1 and m[2] in mentions.media
                    for m in _mentions_in(mentions, t.start, t.end)) or any(
                    m[0] == out[0].start and m[1] >= out[-1].end and m[3] == "PER"
                    for m in _mentions_in(mentions, out[0].start, out[0].end))):
            # "وتقول زعتور لبي بي سي" (Zaatour tells the BBC), "والدها لبي بي سي" (her
            # father, to the BBC), "أحد ممثلي الادعاء لرويترز": the hearer follows the
            # speaker; after a common noun the li- phrase on another organisation is its
            # owner ("تحقيق لمجلس الشيوخ", a Senate inquiry), on an outlet its hearer.
            break
        if n in _MASDAR_OBJECTS or t.core in _MASDAR_OBJECTS or n in _HEARERS or n in _MANNER_WORDS \
                or n in _EVENT_OBJECTS:
            # "جدد الرئيس التأكيد على" (the president renewed the affirmation), "أبلغ الوزير
            # الصحافيين" (the minister told reporters): the object follows the subject;
            # "يعلن الجيش صراحة" (the army openly declares): how, after who
            break
        if generic and n in ("في", "من", "ب") and len(out) <= 3:
            generic = False  # one affiliation phrase: "في قوات سوريا الديمقراطية"
            out.append(t)
            continue
        if out[0].core in STATEMENT_NOUNS and n in ("صادر", "الصادر", "صادرة", "الصادرة", "عن"):
            continue
        if (out[0].core in STATEMENT_NOUNS and len(out) >= 3 and out[-1].norm.startswith("ال")
                and not n.startswith("ال")):
            # The issuer's name ends with its definite word: "بيان لوزارة الخارجية نشرته
            # وكالة وفا" (a statement of the ministry that WAFA published).
            break
        if n.startswith("لل") and out[0].norm in _TITLES and _name_follows(seg, k):
            out.append(t)  # "الأمين العام للأمم المتحدة أنطونيو غوتيريش": still the title
            continue
        if n in _TITLE_ADJECTIVES and out[-1].norm in _TITLES:
            out.append(t)  # "الأمين العام" (the secretary-general): "العام" is no year here
            continue
        if mentions is not None and n in _STOP_WORDS and any(
                m[0] == t.start and m[3] == "PER" for m in _mentions_in(mentions, t.start, t.end)):
            out.append(t)  # "علي خامنئي" (ʿAlī, normalised like "على", on) opens a name
            continue
        if mentions is not None and len(out) >= 2 and _circumstantial_adjective(t, mentions):
            break  # "... هوغو لوريس غاضبا" (Hugo Lloris, angrily): how he said it
        if mentions is not None and _after_whole_name(t, out, seg, mentions):
            break
        if _is_pp(t) or n in _STOP_WORDS or t.core in _STOP_WORDS or n.startswith("بال") or n == "ب" \
                or (n.startswith("ل") and n.endswith(("ه", "ها", "هم")) and len(n) > 4) \
                or (t.core in STATEMENT_NOUNS and n != "بيان") or n in _PRONOUN_SPEAKERS:
            if out[-1].norm in ("في", "من", "ب"):
                out.pop()
            break
        out.append(t)
        if len(out) >= 9:
            break
    while len(out) > 1 and out[-1].norm in ("في", "من", "ب"):
        out.pop()
    if out and out[0].core in STATEMENT_NOUNS and len(out) > 1:
        # The author of the statement speaks: "بيان للجيش اليمني" -> "الجيش اليمني".
        rest = [t for t in out[1:] if t.norm not in ("صادر", "الصادر", "صادرة", "الصادرة", "عن")]
        if rest and rest[0].norm.startswith("ل"):
            return rest
        if rest and out[1].norm in ("صادر", "الصادر", "صادرة", "الصادرة"):
            return rest
    return out


_PARTIES = frozenset({"GPE", "ORG"})


# A cue's lemma and the next word that make an idiom, no report.
_IDIOMS = frozenset({("رد", "فعل"), ("رد", "الفعل")})
# Words that can follow "مطلع" in a time: a month's first word (the calendar's table) or a
# period.
_MONTH_WORDS = frozenset(
    {name.split()[0] for name in MONTHS} | PARTIAL_MONTHS
    | {"الشهر", "العام", "الاسبوع", "السنة", "شهر", "عام"})


def _early_in(seg: list[_Tok], k: int) -> bool:
    """Whether "مطلع" (maṭlaʿ, the beginning of) at k opens a time ("مطلع مايو", early in
    May), not the adjective "مطلع" (muṭṭaliʿ, informed: "مصدر مطلع")."""
    if seg[k].norm != "مطلع" or k + 1 >= len(seg):
        return False
    nxt = seg[k + 1].norm
    return nxt in _MONTH_WORDS or nxt[:1].isdigit()


def _after_whole_name(t: _Tok, out: list[_Tok], seg: list[_Tok], mentions: _Mentions) -> bool:
    """Whether `t`, after speaker words `out` that end a name, starts what follows the
    speaker: a noun with a possessive is the object ("أعلن برلمان كتالونيا استقلاله", the
    Catalan parliament declared its independence), li- on an organisation the hearer
    ("مسؤول في وزارة الخزانة لسكاي نيوز عربية"), and after a person known whole any word
    that is no title, no definite adjective and no other name ("قال ريك سكوت حاكم ولاية
    فلوريدا", Rick Scott, governor of Florida, said)."""
    inside = _mentions_in(mentions, out[0].start, out[-1].end)
    if not any(m[1] == out[-1].end for m in inside):
        return False
    if _possessed(t, mentions) or _told_organisation(t, mentions):
        return True
    if not t.norm.startswith("و") and any(
            m[3] in _PARTIES and m[0] == out[0].start for m in inside if m[1] == out[-1].end) and any(
            m[0] == t.start and m[3] in _PARTIES and m[2] not in {x[2] for x in inside}
            and m[2] in mentions.linked for m in _mentions_in(mentions, t.start, t.end)):
        # "حذرت فرنسا روسيا من ..." (France warned Russia against ...): a second state or
        # organisation right after the first is the one addressed.
        return True
    if t.norm.startswith("ال") or t.norm in _TITLES or t.core in _TITLES or _mentions_in(mentions, t.start, t.end):
        return False
    return any(m[3] == "PER" and m[0] <= out[0].start + 2 and (
        m[2] in mentions.whole or sum(1 for x in seg if m[0] <= x.start and x.end <= m[1]) > 1)
        for m in inside)


def _told_organisation(t: _Tok, mentions: _Mentions | None) -> bool:
    """Whether `t` is li- glued to an organisation's name ("لرويترز", li-Rūytirz, to
    Reuters). Only organisations: a person's name may itself begin with lam ("ليام")."""
    return mentions is not None and t.norm.startswith("ل") and not t.norm.startswith("لل") and any(
        m[0] == t.start + 1 and m[3] == "ORG" for m in _mentions_in(mentions, t.start, t.end))


def _name_follows(seg: list[_Tok], k: int) -> bool:
    """Whether a name (a word without ال that is no preposition) follows the phrase at k."""
    j = k + 1
    while j < len(seg) and seg[j].word and seg[j].norm.startswith("ال"):
        j += 1
    return j < len(seg) and seg[j].word and not _is_pp(seg[j]) and seg[j].norm not in THAT_WORDS \
        and not seg[j].norm.startswith(("ال", "ل", "ب"))


def _span_of(text: str, toks: list[_Tok], strip_lam: bool) -> tuple[int, int]:
    """The span of a speaker phrase; quotation marks around a name inside it stay paired
    ('مدير مركز "طيبة"', 'تنظيم "داعش"'), stray ones at its edges go."""
    s, e = toks[0].start, toks[-1].end
    first = toks[0].norm
    # "لوزارة" (li-wizārat): the speaker starts after the preposition; "للمرصد" (li-l-marṣad)
    # stays whole, as the article's alef is not written and "المرصد" is no substring.
    if strip_lam and first.startswith("ل") and not first.startswith(("لل", "لا")) and len(first) > 4:
        s += 1
    s, e = _trim(text, s, e)

    odd = len(_ANY_MARK_RE.findall(text, s, e)) % 2
    if odd and e < len(text) and text[e] in _ALL_MARKS:
        e += 1  # the closing mark of a quoted name at the end
    elif odd and s > 0 and text[s - 1] in _ALL_MARKS:
        s -= 1  # the opening mark of a quoted name at the start
    return s, e


def _speaker_from(text: str, region: list[_Tok], mentions: _Mentions, state: _State,
                  keep_lam: bool = True) -> SpeakerRef | None:
    """The speaker named in `region` (the words between cue and complement)."""
    # "قالت عنه مجلة دير شبيغل" (qālat ʿanhu majallat Dīr Špīġil): a pronoun object first.
    while len(region) > 1 and region[0].norm in _PRONOUN_PPS and region[1].word \
            and not _is_pp(region[1]) and region[1].norm not in THAT_WORDS:
        region = region[1:]
    # "حذرت على لسان وزير الدفاع" (ḥaḏḏarat ʿalā lisān wazīr al-difāʿ): the minister speaks.
    if len(region) > 2 and region[0].norm == "علي" and region[1].norm == "لسان":
        region = region[2:]
    # "ما يسمى بـ "مركز اعلام الغوطة"" (mā yusammā bi, the so-called).
    if len(region) > 2 and region[0].norm == "ما" and region[1].norm in ("يسمي", "يعرف"):
        region = region[2:]
        if region and region[0].norm == "ب":
            region = region[1:]
    if len(region) == 1 and (region[0].norm.startswith(_MANNER) or region[0].norm in _MANNER_WORDS) \
            and not _named_start(region, mentions):
        return None  # "تابع باستنكار" (tābaʿa bi-stinkār, went on, indignant), "تابع بغضب"
    # "تعهدت كل من السعودية والإمارات" (each of Saudi Arabia and the UAE pledged): the list.
    if len(region) > 2 and region[0].norm == "كل" and region[1].norm == "من":
        region = region[2:]
    if region and region[0].norm == "ما" and (len(region) == 1 or not region[1].word
                                             or region[1].norm not in ("يسمي", "يعرف")):
        return None  # "وصف ما حدث بأنه" (described what happened as): an object, no speaker
    segs = _segments(region)
    if not segs:
        return None
    heads = [_head(sg, mentions, lam_ok=not keep_lam) for sg in segs]
    first = heads[0]
    if not first:
        return None
    chosen, seg = first, segs[0]
    described: list[_Tok] | None = None
    if len(heads) > 1 and heads[1] and _apposition(first, heads[1], mentions):
        chosen, seg, described = heads[1], segs[1], first
    s, e = _span_of(text, chosen, strip_lam=not keep_lam)
    if e <= s:
        return None
    ref = None
    # A state or an organisation named whole ("الولايات المتحدة") is no title phrase: a
    # person named after it ("نظام بشار الأسد") is in the object.
    # ("أبلغ العراق على لسان وزير خارجيته إبراهيم الجعفري": the minister speaks for it.)
    party = any(m[0] == chosen[0].start and m[1] == chosen[-1].end and m[3] in _PARTIES
                for m in _mentions_in(mentions, chosen[0].start, chosen[-1].end)) and not any(
        t.norm == "لسان" for t in seg)
    if (_is_description(chosen) and not party) or chosen[0].core in STATEMENT_NOUNS:
        # "رئيس جمعية وكلاء الغاز في صنعاء محمد السعيدي": the name ends the phrase.
        ref = _named_in(text, seg, mentions) or _quoted_name(text, seg, chosen)
    if ref is None:
        ref = _link(text, s, e, mentions, state)
    if described is not None:
        ds, de = _span_of(text, described, False)
        state.aliases[normalize(text[ds:de], loose=True)] = ref
    elif ref.entity is not None and (ref.start, ref.end) != (s, e):
        state.aliases[normalize(text[s:e], loose=True)] = ref
    return ref


def _quoted_name(text: str, seg: list[_Tok], head: list[_Tok]) -> SpeakerRef | None:
    """A quoted name right after a description: "المتخصصة بشؤون الإرهاب "آن غيديتشللي""."""
    k = next((n for n, t in enumerate(seg) if t.start >= head[-1].end), len(seg))
    while k < len(seg) and seg[k].word and k < len(head) + 3:
        k += 1
    head_text = text[head[0].start:head[-1].end]
    if k < len(seg) and seg[k].text in _OPEN_MARKS and sum(head_text.count(c) for c in _ALL_MARKS) % 2 == 0:
        words = []
        closed = False
        for t in seg[k + 1:]:
            if t.text in _ALL_MARKS:
                closed = True
                break
            words.append(t)
        if closed and 1 <= len(words) <= 4 and all(t.word for t in words):
            return SpeakerRef(None, words[0].start, words[-1].end, text[words[0].start:words[-1].end])
    return None


def _person_start(region: list[_Tok], mentions: _Mentions) -> bool:
    """Whether a person's mention starts at the first word of `region`."""
    return bool(region) and any(m[3] == "PER" and m[0] <= region[0].start + 2
                                for m in _mentions_in(mentions, region[0].start, region[0].end))


def _accusative(tok: _Tok, mentions: _Mentions) -> bool:
    """A word that reads as the object of a verb taking one, not its subject: an
    indefinite noun with the accusative's alef ("أخبرت موظفا", akhbarat muwaẓẓafan, she told an employee) or a
    noun with "ها" (her) ("ووصفت زوجها بأنه", wa-waṣafat zawjahā bi-annahu,
    she described her husband as); no name."""
    n = tok.norm
    return (tok.word and len(n) >= 4 and n.endswith("ا") and not n.startswith("ال")
            and not n.endswith(("وا", "يا")) and not _mentions_in(mentions, tok.start, tok.end))


def _circumstantial_adjective(tok: _Tok, mentions: _Mentions) -> bool:
    """An adjective of manner in the accusative after a speaker's name: "غاضبا"
    (ghāḍiban, angrily; the fāʿil pattern) or "مستهزئا" (mustahziʾan, mockingly; a
    participle in م), not a foreign name ending in alef ("ميستورا", "بوركينا")."""
    n = tok.norm
    if not _accusative(tok, mentions):
        return False
    return (n[0] == "م" and "و" not in n[1:-1] and "ي" not in n[1:-1]) or (len(n) == 5 and n[1] == "ا")


def _possessed(tok: _Tok, mentions: _Mentions) -> bool:
    """A noun with a possessive pronoun ("تضامنها", taḍāmunahā, her solidarity), no name."""
    n = tok.norm
    return (tok.word and len(n) >= 5 and n.endswith(("ه", "ها", "هم", "هما")) and not n.startswith("ال")
            and not _mentions_in(mentions, tok.start, tok.end))


def _named_start(region: list[_Tok], mentions: _Mentions) -> bool:
    """Whether an entity mention starts at the first word of `region`."""
    return bool(region) and any(
        m[0] <= region[0].start + 2 for m in _mentions_in(mentions, region[0].start, region[0].end))


def _subject_before(toks: list[_Tok], i: int) -> bool:
    """Subject–verb order: a short noun phrase between the clause start and the verb."""
    k = i - 1
    words = 0
    while k >= 0 and toks[k].word and toks[k].norm not in THAT_WORDS:
        if toks[k].norm in _LEAD or toks[k].core in _LEAD:
            break
        words += 1
        k -= 1
    return 1 <= words <= 4 and (k < 0 or not toks[k].word or toks[k].norm in _LEAD or toks[k].core in _LEAD
                                or toks[k].norm in THAT_WORDS)


def _named_in(text: str, seg: list[_Tok], mentions: _Mentions) -> SpeakerRef | None:
    """A person's name inside a title phrase, unless it follows "باسم" (bi-ism, on behalf of)."""
    if not seg or not mentions.items:
        return None
    s, e = seg[0].start, seg[-1].end
    for m in _mentions_in(mentions, s, e):
        if m[3] != "PER" or m[0] < s:
            continue
        if text[m[0]:m[0] + 2] in ("لأ", "لإ", "لل", "لا") and not text[m[0]:m[0] + 3].startswith("لاف"):
            continue  # "لأسوشيتد برس" (li-ʾAsūšiyetid Bris): told to, not said by
        before = normalize(text[s:m[0]]).split()
        if before and before[-1] in ("باسم", "عن", "لـ", "ل", "مع", "الي", "علي", "امام"):
            continue
        if any(w in _RELATIVES or w in ("مع", "الي", "امام") for w in before):
            break
        if seg[0].core not in STATEMENT_NOUNS and any(w in _SERVED for w in before):
            # "قائد مؤيد للرئيس السوري بشار الأسد" (a commander loyal to the Syrian president
            # Bashar al-Assad), "المبعوث الخاص للرئيس": the person is whom the title serves.
            break
        return SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]])
    return None


def _apposition(first: list[_Tok], second: list[_Tok], mentions: _Mentions) -> bool:
    """Whether `second` names the person `first` describes: "الرئيس الأميركي، دونالد ترامب"."""
    if mentions.items:
        def person(seg: list[_Tok], anywhere: bool = False) -> bool:
            end = seg[-1].end if anywhere else seg[0].end
            return any(m[3] == "PER" and (anywhere or m[0] <= seg[0].start + 2)
                       for m in _mentions_in(mentions, seg[0].start, end))
        titled = first[0].norm in _TITLES
        if titled and person(second) and not person(first[:2]):
            return True  # "مدير معسكر أرتيك، أليكساي كاسبارزاك،": the second is the name
        if person(first[1:] if titled and len(first) > 1 else first, anywhere=True) and not (
                titled and len(first) == 1):
            return False  # "الجنرال جو فوتل، قائد القيادة المركزية": the name came first
        if person(second):
            return True
    if len(first) > 1 and first[0].norm.startswith("ال") and first[0].norm in _TITLES \
            and not first[1].norm.startswith(("ال", "ب", "ل")) and first[1].norm not in _TITLES:
        return False  # "الرئيس ترامب، ..." names him already
    w = first[0].norm.lstrip("#")
    if w not in _TITLES:
        return False
    s0 = second[0].norm
    if s0 in _TITLES and len(second) > 1:
        return True  # "المتحدث باسم الدفاع المدني، الرائد محمد الحمادي" (a rank and a name)
    return not s0.startswith("ال") and s0 not in _QUANTIFIERS and not _is_description(second)


def _is_description(seg: list[_Tok]) -> bool:
    """A title or common-noun phrase (not a proper name) such as "الرئيس الأميركي"."""
    w = seg[0].norm.lstrip("#")
    return w in _TITLES or (w.startswith("ال") and w not in ("الخاطر",) and len(seg) <= 8)


def _link(text: str, s: int, e: int, mentions: _Mentions, state: _State) -> SpeakerRef:
    """SpeakerRef for text[s:e], with its entity when a mention names it."""
    hits = _mentions_in(mentions, s, e)
    key = normalize(text[s:e], loose=True)
    head = [m for m in hits if m[0] == s and m[1] > s]
    if head:
        # The name, not its apposition: "هوا بو المعلق السياسي" (Hua Bo, the commentator).
        m = max(head, key=lambda h: h[1])
        me = min(m[1], e)
        rest = normalize(text[me:e]).split()
        if not rest or rest[0].startswith("ال") or rest[0] in _TITLES:
            return SpeakerRef(m[2], m[0], me, text[m[0]:me])
        return SpeakerRef(m[2], s, e, text[s:e])
    head = [m for m in hits if m[0] <= s + 2 and m[1] > s]
    if not head and (normalize(text[s:e]).split() or [""])[0] in _NAMING:
        head = [m for m in hits if m[3] in ("ORG", "PER")]  # "تنظيم "داعش"" is Daesh
    if head:
        return SpeakerRef(head[0][2], s, e, text[s:e])
    if key in state.aliases:
        return SpeakerRef(state.aliases[key].entity, s, e, text[s:e])
    ent = mentions.names.get(key)
    if ent is None and key.startswith("ال"):
        ent = mentions.names.get(key[2:])
    return SpeakerRef(ent, s, e, text[s:e])


def _sentence_speaker(out: list[_Draft]) -> SpeakerRef | None:
    """The speaker of the sentence's last report (a source's reporter does not count)."""
    for d in reversed(out):
        if d.speaker is not None and not d.source:
            return d.speaker
    return None


def _agrees_with_name(seg: list[_Tok], m: tuple[int, int, str, str], rel: str) -> bool:
    """Whether "الذي" (alladhī, who) after "HEAD NAME" can only be the one-word person's:
    the head before is feminine or plural ("انتقادات مورينيو، الذي", Mourinho's
    criticism, who), so it would take "التي"."""
    if m[3] != "PER" or not rel.endswith("الذي") or len(seg) < 2:
        return False
    head = [t for t in seg if t.end <= m[0]]
    return bool(head) and head[-1].word and head[-1].norm.endswith(("ات", "ة", "ه"))


def _kana_subject(toks: list[_Tok], i: int, mentions: _Mentions) -> bool:
    """Whether a name opens the words between "كان" (kāna, was) and the verb at i (a name
    with its title: "وكان أنطونيو غوتيريش الأمين العام للأمم المتحدة وصف")."""
    for k in range(i - 1, max(-1, i - 11), -1):
        if not toks[k].word:
            return False
        if toks[k].norm in ("كان", "وكان", "فكان", "كانت", "وكانت", "فكانت"):
            return k + 1 < i and any(
                m[0] <= toks[k + 1].start + 1 for m in _mentions_in(mentions, toks[k + 1].start, toks[k + 1].end))
    return False


def _left_subject(text: str, toks: list[_Tok], i: int, mentions: _Mentions,
                  state: _State, feminine: bool = False) -> SpeakerRef | None:
    """Subject–verb order: "لكن ترامب قال إنه" (lākinna Trāmb qāla ʾinnahu)."""
    left = toks[:i]
    while left and left[-1].norm in ("قد", "لقد", "كان", "كانت"):
        left = left[:-1]
    if not left:
        return None
    # A relative clause: the antecedent precedes "الذي/التي".
    if left[-1].norm in _RELATIVES:
        rel = left[-1].norm
        if (rel.endswith("التي") and not feminine) or (rel.endswith("الذي") and feminine):
            return None  # "المواقف التي يرى" (allatī yarā): the relative is the object
        j = len(left) - 1
        while j > 0 and left[j - 1].text in ("،", ","):
            j -= 1
        k = j
        while k > 0 and left[k - 1].text not in ("،", ",", ".", ":") and j - k < 12:
            k -= 1
        seg = left[k:j]
        title = next((n for n, t in enumerate(seg) if t.norm in _TITLES), None)
        antecedent = [m for m in _mentions_in(mentions, seg[0].start, seg[-1].end)
                      if m[1] == seg[-1].end and (" " in text[m[0]:m[1]].strip() or _agrees_with_name(
                          seg, m, rel))] if seg else []
        if antecedent and (title is None or antecedent[0][3] == "PER"):
            # A name of two words or more right before the relative is its antecedent:
            # "مسلحو حركة حماس التي" (Hamas's gunmen, which); a person's name ends the
            # title before it ("مدرب نانت الفرنسي ... كلاوديو رانييري، الذي كشف").
            return _link(text, max(antecedent[0][0], seg[0].start), antecedent[0][1], mentions, state)
        if title is not None:
            words = _head(seg[title:], mentions)
        else:
            words = []
            for t in reversed(seg):
                if not t.word or _is_pp(t) or len(words) >= 4:
                    break
                if rel.endswith("الذين") and words and words[0].norm.startswith("ال") \
                        and words[0].norm.endswith(("ين", "ون")) and not t.norm.startswith("ال") \
                        and not t.norm.endswith(("ين", "ون", "ات")) and not any(
                        m[0] <= t.start and words[0].end <= m[1]
                        for m in _mentions_in(mentions, t.start, words[0].end)):
                    # "غضب الفلسطينيين الذين يقولون" (the anger of the Palestinians, who
                    # say): the relative's antecedent is the genitive, not its head noun.
                    break
                words.insert(0, t)
        if words:
            s, e = _span_of(text, words, False)
            return _link(text, s, e, mentions, state)
        return None
    # The clause before the verb: after the last "أن"/"إن" (ويشار إلى أن X قالت).
    if left[0].norm == "اما" and toks[i].text[:1] == "ف" and left[-1].text in ("،", ","):
        # "أما المندوبة الأمريكية ...، فأكدت" (ʾammā ... fa-ʾakkadat): the topic speaks.
        return _speaker_from(text, left[1:], mentions, state)
    if left[-1].text in ("،", ",") and toks[i].norm != toks[i].core:
        return None  # "، وصرح" (wa-ṣarraḥa): a coordinated verb shares the earlier subject
    # The clause before the verb starts after the last "أن"/"إن" (ويشار إلى أن X قالت) or
    # comma, unless the verb follows the comma directly ("X، الناطقة باسمه، قالت").
    cut = max((k + 1 for k, t in enumerate(left) if t.word and t.norm in THAT_WORDS), default=0)
    in_that = cut > 0
    if left[-1].text not in ("،", ","):
        cut = max(cut, max((k + 1 for k, t in enumerate(left) if t.text in ("،", ",", ";", "؛")),
                           default=0))
    clause = left[cut:]
    j = 0
    while j < len(clause) and (clause[j].norm in _LEAD or clause[j].core in _LEAD
                               or (not clause[j].word and clause[j].text not in _ALL_MARKS)):
        j += 1
    rest = clause[j:]
    named0 = bool(rest) and any(m[0] <= rest[0].start + 2 for m in _mentions_in(mentions, rest[0].start, rest[0].end))
    if len([t for t in rest if t.word]) > 6 and not (rest[0].norm in _TITLES or named0):
        # "بث تنظيم "داعش" رسالة ... عبر "أبو الحسن المهاجر" كشف فيها": the phrase before
        # the verb, when it is a name (a mention or a quoted name).
        tail: list[_Tok] = []
        for t in reversed(rest):
            if t.text in _ALL_MARKS:
                tail.insert(0, t)
                continue
            named = any(m[0] <= t.start + 2 for m in _mentions_in(mentions, t.start, t.end))
            if not t.word or (_is_pp(t) and not named) or t.norm in _RELATIVES or len(tail) >= 6:
                break
            tail.insert(0, t)
        quoted = bool(tail) and tail[0].text in _ALL_MARKS
        named = any(_mentions_in(mentions, t.start, t.end) for t in tail if t.word)
        rest = tail if any(t.word for t in tail) and (quoted or named) else []
    if not rest or any(t.text == ":" for t in rest):
        return None
    if cut == 0 and j == 0 and rest[0].norm[:1] in ("و", "ف") and rest[0].norm != rest[0].core \
            and not rest[0].norm.startswith(("وال", "فال")):
        return None  # "وأظهر الفيديو ... قال": a verb opens the clause, not a subject
    if _is_pp(rest[0]):
        return None
    opening = [m for m in _mentions_in(mentions, rest[0].start, rest[-1].end) if m[0] <= rest[0].start + 2]
    if opening:
        # "الاتحاد الأوروبي يعرب عن أسفه ويؤكد": the name, not the verb after it.
        after = next((t for t in rest if t.word and t.start >= opening[0][1]), None)
        if after is not None and not after.norm.startswith("ال") and after.norm not in _TITLES:
            rest = [t for t in rest if t.end <= opening[0][1]]
    found = _speaker_from(text, rest, mentions, state)
    if found is not None and found.entity is None and in_that and toks[i].norm != toks[i].core:
        # "اعتبر الأسد أن الاتفاق "مؤقتا" وأشار" (al-Asad deemed the deal "temporary" and
        # said): a joined verb after a that-clause naming no one goes on with the sentence's
        # speaker, not with a word of the clause.
        return None
    return found


def _clause_subject(text: str, toks: list[_Tok], i: int, mentions: _Mentions, state: _State,
                    lex: dict[str, Cue], coordinated: bool = False) -> SpeakerRef | None:
    """The subject of the verb that governs a participle: "وكتب الشريف تغريدة قائلا".

    `coordinated`: the cue continues the sentence's first clause ("وحددت الشرطة هويته،
    وقالت إن" wa-ḥaddadat al-šurṭa ..., wa-qālat ʾinna), so a sentence that opens with
    و + a word is taken to open with its verb even when no entity is known.
    """
    # A negation before the verb is no verb of its own: "ولم يكشف X ..." (X did not reveal).
    first = next((k for k, x in enumerate(toks) if x.word and x.norm not in _LEAD
                  and x.norm not in _NEGATIONS), -1)
    if coordinated and 0 <= first < i:
        # Subject first: "خامنئي أشاد بمواقف ...، وشدد على" (Khamenei praised ... and
        # stressed): the name that opens the sentence, when a verb follows it.
        opening = [m for m in _mentions_in(mentions, toks[first].start, toks[first].end)
                   if m[0] <= toks[first].start + 2 and m[3] in ("PER", "ORG", "GPE")]
        if opening:
            m = opening[0]
            nxt = next((x for x in toks if x.word and x.start >= m[1]), None)
            if nxt is not None and nxt.start < toks[i].start and not nxt.norm.startswith("ال") \
                    and not _is_pp(nxt) and nxt.norm not in THAT_WORDS:
                return SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]])
    for v in range(0, i):
        t = toks[v]
        if not t.word:
            continue
        c = lex.get(t.norm) or lex.get(t.core)
        # The sentence's first word is taken for its verb when a name follows within
        # three tokens: "وجه تنظيم "داعش" رسائل" (wajjaha tanẓīm "Dāʿiš" rasāʾil).
        initial = v == first and not t.norm.startswith("ال") and not _is_pp(t) and t.norm not in _LEAD \
            and v + 1 < i and (any(_mentions_in(mentions, toks[v + 1].start, toks[min(v + 3, i - 1)].end))
                               or (coordinated and ((t.norm != t.core and t.text[:1] == "و") or v > 0)))
        if (c is not None and c.kind == "verb") or initial:
            region = toks[v + 1:i]
            # The main verb's object follows its subject: take the noun phrase, not the
            # whole comma segment ("وفتح المسؤولون تحقيقا، ويقولون").
            found = _chunk_speaker(text, region, mentions, state, segments=False) if region else None
            if found is not None:
                return found
    return None


def _track_subject(text: str, toks: list[_Tok], mentions: _Mentions, state: _State,
                   lex: dict[str, Cue]) -> None:
    """A sentence opened by a verb and a named person ("وأدان حسام الدين علاء") makes that
    person the current speaker for a following "وأضاف" (wa-ʾaḍāfa, and he added)."""
    words = [t for t in toks[:3] if t.word]
    if len(words) < 2 or not mentions.items:
        return
    first, second = words[0], words[1]
    if first.norm == first.core or first.norm.startswith(("وال", "فال")) or _is_pp(first) \
            or second.norm in _PRONOUN_PPS or second.norm in _PP_WORDS:
        return
    if second.norm in _TITLES:
        # "وأشاد رئيس الوزراء الإسرائيلي بنيامين نتانياهو" (the Israeli prime minister,
        # Benjamin Netanyahu, praised): the name after the title, within a few words.
        after = [t for t in toks if t.word and t.start > second.start][:4]
        for t in after:
            found = [m for m in _mentions_in(mentions, t.start, t.end)
                     if m[3] == "PER" and m[0] <= t.start + 2]
            if found:
                m = found[0]
                state.last = SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]])
                return
            if _is_pp(t) or t.norm in THAT_WORDS:
                return
        return
    hits = [m for m in _mentions_in(mentions, second.start, second.end)
            if m[3] == "PER" and m[0] <= second.start + 2]
    if hits:
        m = hits[0]
        state.last = SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]])


def _chunk_end(toks: list[_Tok], k: int, mentions: _Mentions) -> int:
    """End (exclusive) of the noun phrase starting at toks[k] with its affiliation
    ("التابع للمعارضة" al-tābiʿ li-l-muʿāraḍa, affiliated with the opposition)."""
    j = _bare_chunk_end(toks, k, mentions)
    n = len(toks)
    if j < n and toks[j].norm in _AFFILIATED:
        j += 1
        if j < n and toks[j].norm in ("من", "ل"):
            j += 1
        if j < n and toks[j].word:
            j += 1
        while j < n and toks[j].word and toks[j].norm.startswith("ال") and not _is_pp(toks[j]):
            j += 1
    return j


def _bare_chunk_end(toks: list[_Tok], k: int, mentions: _Mentions) -> int:
    """End (exclusive) of the noun phrase starting at toks[k]: a mention, a name, an idafa
    chain ("مجلس الوزراء" majlis al-wuzarāʾ) or a noun and its adjectives."""
    n = len(toks)
    if k >= n:
        return k
    t = toks[k]
    if t.norm in _NAMING and k + 1 < n and toks[k + 1].text in _OPEN_MARKS:
        k += 1  # 'تنظيم "داعش"' (tanẓīm "Dāʿiš"): the kind and its quoted name
        t = toks[k]
    if t.text in _OPEN_MARKS:
        j = k + 1
        while j < n and toks[j].text not in _ALL_MARKS:
            j += 1
        k = min(j + 1, n)
        while k < n and toks[k].word and toks[k].norm.startswith("ال") and not _is_pp(toks[k]) \
                and toks[k].norm not in _AFFILIATED:
            k += 1
        return k
    hits = [m for m in _mentions_in(mentions, t.start, t.end) if m[0] <= t.start + 3]
    if hits:
        end = max(m[1] for m in hits)
        j = k
        while j < n and toks[j].start < end:
            j += 1
        while j < n and toks[j].word and toks[j].norm.startswith("ال") and not _is_pp(toks[j]) \
                and toks[j].norm.endswith(("ي", "ية", "يه", "يين", "يون")):
            j += 1
        return j
    j = k + 1
    prev_def = t.norm.startswith("ال")
    adjective = False
    while j < n and j - k < 6:
        w = toks[j]
        if w.norm == "باسم" and j + 1 < n:
            j = _chunk_end(toks, j + 1, mentions)  # "المتحدث باسم الجيش" (al-mutaḥaddiṯ bi-sm)
            break
        if _is_pp(w) and w.norm.startswith(("لل", "ل")) and t.norm in _TITLES and (
                _mentions_in(mentions, w.start, w.end)):
            # "الأمين العام للأمم المتحدة" (the UN secretary-general): the office's body.
            j = _chunk_end(toks, j, mentions)
            break
        if w.norm in _TITLE_ADJECTIVES and t.norm in _TITLES:
            j += 1  # "الأمين العام", "المبعوث الخاص", "المندوب الدائم" ("العام" is no year here)
            continue
        if not w.word or _is_pp(w) or w.norm in THAT_WORDS or w.norm in _HEARERS:
            break
        nisba = w.norm.endswith(("ي", "ية", "يه", "يين", "يون"))
        if w.norm.startswith("ال"):
            participle = w.norm.startswith("الم") and w.norm.endswith(("ة", "ه", "ين", "ون"))
            if prev_def and not nisba and not participle and j - k >= 1 and not (
                    j == k + 1 and not t.norm.startswith("ال")):
                break  # "المنظمة | الحكومة المصرية": a second definite noun is the object
            if not prev_def and adjective:
                break  # "مصدر دبلوماسي تركي | الاتهامات": an adjective closes the phrase
        elif not prev_def and not nisba and not adjective and not w.norm.endswith("ا") \
                and not w.norm.startswith(("وال", "فال", "ول", "وب", "ل", "ب")) and t.norm in _CHAIN_HEADS \
                and j + 1 < n and toks[j + 1].word and toks[j + 1].norm.startswith("ال") \
                and not _is_pp(toks[j + 1]) and toks[j + 1].norm not in _AFFILIATED:
            pass  # an idafa chain: "غرفة عمليات القوات الجوية" (the air force operations room)
        elif prev_def or not nisba:
            break
        adjective = not w.norm.startswith("ال") and nisba
        prev_def = w.norm.startswith("ال") or prev_def
        j += 1
    return j


def _chunk_speaker(text: str, region: list[_Tok], mentions: _Mentions,
                   state: _State, segments: bool = True) -> SpeakerRef | None:
    """The subject at the start of `region` when an object follows it without a comma."""
    if not region or _is_pp(region[0]) or region[0].norm in _WHAT or region[0].norm in _MASDAR_OBJECTS \
            or region[0].norm in _REVEALED or region[0].norm in _MANNER_WORDS:
        # "وصف ما حدث بأنه" (described what happened as), "تكشف وجود مساع" (reveal the
        # existence of efforts): the object, no subject
        return None
    comma = next((k for k, t in enumerate(region) if t.text in ("،", ",")), None)
    if comma is not None and (comma <= 10 if segments else _chunk_end(region, 0, mentions) >= comma):
        return _speaker_from(text, region, mentions, state)
    if comma is not None and comma <= 12 and region[0].norm in _TITLES and (
            between := _named_between_commas(text, region, comma, mentions)):
        # "ودان ممثل حرية الصحافة في منظمة الأمن والتعاون في أوروبا، هارلم ديزير، مقتل"
        # (the OSCE media representative, Harlem Désir, condemned): the long title ends
        # where the person it names stands between commas. (Not after a subject that is no
        # title: "وقتلت القوات الإسرائيلية الشاب، أحمد جرار،" names the object.)
        return between
    end = _chunk_end(region, 0, mentions)
    if end <= 0:
        return None
    named = _apposed_name(text, region, end, mentions)
    if named is not None:
        return named[0]
    s, e = _span_of(text, region[:end], False)
    return _link(text, s, e, mentions, state) if e > s else None


def _named_between_commas(text: str, region: list[_Tok], comma: int,
                          mentions: _Mentions) -> SpeakerRef | None:
    """The person named right after `region[comma]` and closed by another comma."""
    k = comma + 1
    if k >= len(region) or not region[k].word:
        return None
    hits = [m for m in _mentions_in(mentions, region[k].start, region[k].end)
            if m[0] == region[k].start and m[3] == "PER"]
    if not hits:
        return None
    m = max(hits, key=lambda h: h[1])
    after = next((t for t in region[k:] if t.start >= m[1]), None)
    if after is None or after.text not in ("،", ","):
        return None
    return SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]])


def _apposed_name(text: str, toks: list[_Tok], j: int, mentions: _Mentions) -> tuple[SpeakerRef, int] | None:
    """A person named right after a description: "العاهل السعودي الملك سلمان" (the Saudi
    monarch King Salman): the name and the index after it."""
    k = j
    while k < len(toks) and k - j < 2 and toks[k].norm in _TITLES:
        k += 1
    if k >= len(toks):
        return None
    hits = [m for m in _mentions_in(mentions, toks[k].start, toks[k].end) if m[3] == "PER" and m[0] == toks[k].start]
    if not hits:
        return None
    m = max(hits, key=lambda h: h[1])
    end = k
    while end < len(toks) and toks[end].start < m[1]:
        end += 1
    return SpeakerRef(m[2], m[0], m[1], text[m[0]:m[1]]), end


def _np_opener(text: str, toks: list[_Tok], i: int, mentions: _Mentions) -> tuple[str, int, int] | None:
    """"أكدت الشرطة وجود صلة" (ʾakkadat al-šurṭa wujūd ṣila): subject, then the reported noun."""
    k = i + 1
    while k < len(toks) and toks[k].word and (toks[k].norm in _TIME_ADVERBS or toks[k].norm in _WEEKDAYS):
        k += 1
    if k > i + 1:
        # "وكان X كشف سابقا هدف النمو" (SV order, an adverb, then the reported noun).
        if k < len(toks) and toks[k].word and not _is_pp(toks[k]) and toks[k].norm not in THAT_WORDS \
                and sum(1 for t in toks[k:] if t.word) >= 2:
            return NP, k, toks[k].start
        return None
    if k >= len(toks) or (not toks[k].word and toks[k].text not in _OPEN_MARKS) or _is_pp(toks[k]):
        return None
    j = _chunk_end(toks, k, mentions)
    apposed = _apposed_name(text, toks, j, mentions)
    if apposed is not None:
        j = apposed[1]
    while j < len(toks) and toks[j].word and (toks[j].norm in _TIME_ADVERBS or toks[j].norm in _WEEKDAYS):
        j += 1  # "ووثق المرصد السوري الأحد مقتل"
    # Skip comma-set adverbials and names after the subject: "، الثلاثاء،", "، خليفة حفتر،".
    while j < len(toks) and toks[j].text in ("،", ","):
        nxt = j + 1
        end = nxt
        while end < len(toks) and toks[end].text not in ("،", ",", ".") and end - nxt <= 6:
            end += 1
        aside = [t for t in toks[nxt:end] if t.word]
        if (nxt < len(toks) and toks[nxt].word and _is_pp(toks[nxt])) or (
                aside and end < len(toks) and toks[end].text in ("،", ",")
                and _apposition([t for t in toks[k:j] if t.word] or aside, aside, mentions)):
            j = end
            continue
        j = nxt
        break
    if j >= len(toks) or not toks[j].word or _is_pp(toks[j]) or toks[j].norm in THAT_WORDS \
            or toks[j].norm in _NP_NOT_CONTENT:
        return None
    rest = [t for t in toks[j:] if t.word]
    if len(rest) < 2:
        return None
    return NP, j, toks[j].start


def _statement_author(text: str, toks: list[_Tok], i: int, region: list[_Tok],
                      mentions: _Mentions, state: _State) -> SpeakerRef | None:
    """Who a statement is from: "جاء في بيان أصدره X" (X), "جاء في البيان" (the statement),
    "X الذي أصدر بيانا جاء فيه" (X)."""
    words = [t for t in region if t.word]
    if words and words[0].norm == "في" and len(words) > 1:
        for k, t in enumerate(region):
            if t.core.startswith(("اصدر", "صادر", "الصادر")) or t.norm == "عن":
                who = _speaker_from(text, region[k + 1:], mentions, state)
                if who is not None:
                    return who
        return _speaker_from(text, region[1:], mentions, state)
    left = toks[:i]
    while left and (not left[-1].word or left[-1].core in STATEMENT_NOUNS
                    or left[-1].core.startswith(("اصدر", "نشر")) or left[-1].norm in _RELATIVES):
        left = left[:-1]
    seg: list[_Tok] = []
    for t in reversed(left):
        if not t.word or _is_pp(t) or len(seg) >= 4 or t.core in STATEMENT_NOUNS or t.norm in STATEMENT_NOUNS:
            break
        seg.insert(0, t)
    if not seg:
        return None
    s, e = _span_of(text, seg, False)
    return _link(text, s, e, mentions, state)


# Documents that speak for whoever issued them ("وقال البيان", the statement said), and
# outlets named by their kind once named in full ("وذكرت الوكالة", the agency reported).
_DOCUMENT_HEADS = frozenset({"بيان", "رسالة", "رساله", "رسائل", "تقرير", "بلاغ", "مذكرة", "مذكره",
                             "تغريدة", "تغريده", "وثيقة", "وثيقه"})
_OUTLET_HEADS = frozenset({"وكالة", "وكاله", "صحيفة", "صحيفه", "قناة", "قناه", "شبكة", "شبكه"})
_ISSUING = ("اصدر", "نشر", "وزع", "بث", "صادر", "الصادر")
_OBTAINED = ("حصل", "اطلع", "تلقي", "تلقت", "اطلعت", "حصلت")
_VOWELLED_WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670]+")


def _document_issuer(text: str, speaker: SpeakerRef, cue_start: int, mentions: _Mentions,
                     entities: tuple[Entity, ...]) -> SpeakerRef | None:
    """Who a document or an outlet named by its kind stands for.

    "وقال بيان للجيش اليمني" (a statement of the Yemeni army said): the army. "وقال البيان"
    (the statement said): whoever the article last said issued one ("قال الجيش في بيان",
    "أصدرت الحركة بيانا", "بيان صادر عن ..."), not who obtained it ("لبيان حصلت عليه CNN").
    "وذكرت الوكالة" (the agency reported): the agency named last. None when nothing says.
    """
    words = normalize(speaker.text, loose=True).split()
    if not words:
        return None
    head = words[0].lstrip("وف")
    bare = head[2:] if head.startswith("ال") else head
    if bare in _OUTLET_HEADS and len(words) == 1:
        best: tuple[int, int, str] | None = None
        for ent in entities:
            first = normalize(ent.name, loose=True).split()[:1]
            if first and first[0].removeprefix("ال") == bare:
                for m in ent.mentions:
                    if m.end <= speaker.start and (best is None or m.start > best[0]):
                        best = (m.start, m.end, ent.id)
        return SpeakerRef(best[2], best[0], best[1], text[best[0]:best[1]]) if best else None
    if bare not in _DOCUMENT_HEADS:
        return None
    # The issuer right after the noun: "بيان للشرطة", "بيان الجيش".
    after = _issuer_after(text, speaker.end, mentions)
    if after is not None or not head.startswith("ال"):
        return after
    # "البيان": the last statement the article gave an issuer, before this cue.
    for hit in reversed(list(_VOWELLED_WORD_RE.finditer(text, max(0, cue_start - 2500), cue_start))):
        w = normalize(hit.group(), loose=True).lstrip("وف")
        w = w[1:] if w[:1] in ("ب", "ل") and w[1:].removeprefix("ال") in _DOCUMENT_HEADS else w
        if w.removeprefix("ال").removesuffix("ا") not in _DOCUMENT_HEADS or hit.start() >= speaker.start:
            continue
        tail = normalize(text[hit.end():hit.end() + 40], loose=True).split()
        if any(x.startswith(_OBTAINED) for x in tail[:2]):
            continue  # "وفقا لبيان حصلت عليه CNN": who obtained it did not issue it
        found = _issuer_after(text, hit.end(), mentions) or _issuer_before(text, hit.start(), mentions)
        if found is not None:
            return found
    return None


def _issuer_after(text: str, pos: int, mentions: _Mentions) -> SpeakerRef | None:
    """A mention right after a statement noun, as its genitive, after لـ, or after "صادر عن"
    / "أصدره" ("بيان للجيش", "بيان صادر عن الوزارة")."""
    window = text[pos:pos + 30]
    words = list(_VOWELLED_WORD_RE.finditer(window))
    skip = 0
    for w in words[:4]:
        n = normalize(w.group(), loose=True)
        if n.startswith(_ISSUING) or n in ("عن", "له", "لها", "رقم") or n.isdigit():
            skip = w.end()
            continue
        break
    for s, e, eid, _ in _mentions_in(mentions, pos, pos + 30):
        gap = normalize(text[pos + skip:s], loose=True).strip()
        if s >= pos and gap in ("", "ل", "لل", "عن") and eid:
            return SpeakerRef(eid, s, e, text[s:e])
    return None


def _issuer_before(text: str, pos: int, mentions: _Mentions) -> SpeakerRef | None:
    """The subject of a statement told before its noun: "قال الجيش في بيان", "أصدرت حركة
    طالبان بيانا", "الحكومة الأوكرانية في بيان لها"."""
    hits = [h for h in _mentions_in(mentions, max(0, pos - 80), pos) if h[1] <= pos and h[2]]
    if not hits:
        return None
    s, e, eid, _ = hits[-1]
    between = normalize(text[e:pos], loose=True).split()
    if len(between) > 4:
        return None
    if between and not (between[-1] == "في" or any(w.startswith(_ISSUING) for w in between)
                        or any(w.lstrip("وف").startswith(_ISSUING) for w in normalize(
                            text[max(0, s - 12):s], loose=True).split()[-1:])):
        return None
    return SpeakerRef(eid, s, e, text[s:e])


def _nested_report(toks: list[_Tok], j: int, lex: dict[str, Cue]) -> bool:
    """Whether the clause after toks[j] is itself a report: "بأن بوتين ذكر إن"."""
    for k in range(j + 1, min(len(toks), j + 6)):
        c = lex.get(toks[k].norm) or lex.get(toks[k].core)
        if c is not None and c.kind == "verb":
            return any(t.word and t.norm in THAT_WORDS | {"إن"} for t in toks[k + 1:k + 4])
    return False


def _addressee(text: str, toks: list[_Tok], a: int, b: int, mentions: _Mentions) -> Ref | None:
    """Whom the words were for, read after the speaker: "للصحفيين" (li-l-ṣaḥafiyyīn, to
    journalists), "لوكالة فرانس برس" (to AFP), "في حوار مع قناة "العربية"" (in an interview
    with al-Arabiya), "أمام البرلمان" (before parliament), "مخاطبا X" (addressing X),
    "موجها حديثه إلى X" (turning his words to X), "في رسالة للتحالف" (in a message to)."""
    b = min(b, len(toks))
    for k in range(a, b):
        t = toks[k]
        if not t.word:
            continue
        first: int | None = None
        cut = 0  # letters of a preposition glued to the first word
        prev = toks[k - 1] if k > 0 else None
        if t.norm.startswith("لل") and len(t.norm) > 4:
            if prev is not None and prev.word and (prev.norm in _ADJ_WITH_LI or prev.norm in _AFFILIATED
                                                   or prev.norm in _TITLES):
                continue  # "جمعيات مساندة للفلسطينيين": part of a description
            if _name_follows(toks[:b], k):
                continue  # "الأمين العام للأمم المتحدة أنطونيو غوتيريش": part of a title
            first, cut = k, 2
        elif t.norm.startswith("ل") and len(t.norm) > 2 and (t.norm[1:2].isascii() or t.norm[1:].startswith(MEDIA_HEADS)):
            first, cut = k, len(t.text) - len(t.text[1:].lstrip("ـ"))  # "لوكالة", "لـCNN"
        elif t.norm.startswith("ل") and (outlet := next(
                (m for m in _mentions_in(mentions, t.start, t.end)
                 if m[0] == t.start + 1 and m[2] in mentions.media), None)) is not None:
            # "لرويترز" (to Reuters), "لبي بي سي": an outlet the KB knows, as far as its name.
            return Ref(outlet[2], text[outlet[0]:outlet[1]])
        elif t.norm in _ADDRESS_VERBS:
            nxt = k + 1
            if nxt < b and toks[nxt].core in ("حديثه", "حديثها", "كلامه", "كلامها", "رسالته", "رسالتها"):
                nxt += 2 if nxt + 1 < b and toks[nxt + 1].norm in ("الي", "ل") else 1
            first = nxt if nxt < b else None
        elif (t.norm == "امام" and k + 1 < b) or (t.norm == "مع" and k > a and k + 1 < b and (
                toks[k - 1].core in STATEMENT_NOUNS or toks[k - 1].norm in ("هاتفية", "لها", "له", "لهم"))):
            first = k + 1
        if first is None or not (toks[first].word or toks[first].text in _OPEN_MARKS):
            continue
        stop = _addressee_end(toks, first, b)
        s, e = _trim(text, toks[first].start + cut, toks[stop - 1].end)
        if e <= s:
            continue
        hits = _mentions_in(mentions, s, e)
        words = ("ال" if cut == 2 and t.norm.startswith("لل") else "") + text[s:e]
        return Ref(hits[0][2] if hits else None, words)
    return None


def _addressee_end(toks: list[_Tok], first: int, b: int) -> int:
    """End of an addressee phrase: a noun with its adjectives, a quoted or foreign name
    after a media noun ("قناة "العربية"", "وكالة فرانس برس")."""
    media = toks[first].norm.lstrip("ل").startswith(MEDIA_HEADS) or toks[first].norm.startswith(MEDIA_HEADS)
    stop = first + 1
    while stop < b and stop - first < 6:
        t = toks[stop]
        if t.text in _ALL_MARKS:
            stop += 1
            continue
        if not t.word or _is_pp(t) or t.norm in THAT_WORDS or t.norm in _STOP_WORDS:
            break
        if not t.norm.startswith("ال") and not media:
            break
        stop += 1
    while stop > first + 1 and toks[stop - 1].text in _OPEN_MARKS:
        stop -= 1
    return stop
