"""CRF features for Arabic NER: what the script does not show, recovered from the word.

Arabic has no capital letters, and clitics glue conjunctions, prepositions and the article to
names ("وبغداد", wa-baghdād, "and Baghdad"), so a tagger needs: the normalised word and its
clitic-stripped stem, prefixes and suffixes, whether the article ال is attached, the word's
shape (digits, Latin letters, length), distributional cluster ids learnt from unlabelled news,
gazetteer membership (multi-word, clitic-tolerant), and the title and head words that
announce a name ("الرئيس", al-raʾīs, "the president"; "وزارة", wizārat, "ministry of").
Each token also sees the same information for its neighbours (±2).

Per-word features are computed once per distinct token string (an LRU cache owned by the
extractor instance), so tagging cost is dominated by the CRF, not by Python string work.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from marsad.arabic.normalize import normalize
from marsad.arabic.tokenize import split_clitics
from marsad.memo import remember
from marsad.ner.resources import Clusters, norm_word

# A gazetteer maps a sentence (original token strings) to per-token feature labels such as
# "B-LOC"; the knowledge base can provide one (see `FeatureExtractor.gazetteers`).
GazetteerFn = Callable[[Sequence[str]], list[tuple[str, ...]]]


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Words that introduce a person's name (titles, roles, kinship as in "نجل", najl, "son of").
PER_TRIGGERS = _norm_set(
    "الرئيس رئيس الوزير وزير الملك الأمير أمير الشيخ الشيخة السيد السيدة الدكتور الدكتورة "
    "المتحدث متحدث الناطق ناطق زعيم الزعيم قائد القائد العقيد اللواء العميد الفريق الجنرال "
    "المستشار مستشار السفير سفير النائب نائب الأمين أمين المبعوث مبعوث المدرب مدرب اللاعب لاعب "
    "الفنان الفنانة الكاتب الكاتبة الشاعر الصحفي الصحفية المحامي القاضي الإمام المرشد البابا "
    "الرئيسة المستشارة الوزيرة عضو مدير المدير محافظ المحافظ حاكم الحاكم والي الوالي نجل ابن بن "
    "بنت زوجة أرملة شقيق شقيقة المطرب المطربة المخرج الممثل الممثلة النجم النجمة السناتور "
    "السيناتور القيادي المعارض الناشط الداعية المفتي الحاخام الكاردينال المطران رجل"
)
# Head nouns of organisation names ("وزارة الدفاع", wizārat al-difāʿ, "the defence ministry").
ORG_TRIGGERS = _norm_set(
    "وزارة الوزارة حركة الحركة جماعة الجماعة تنظيم التنظيم حزب الحزب قوات القوات جيش الجيش "
    "ميليشيا مليشيا ميليشيات مليشيات منظمة المنظمة مجلس المجلس جبهة الجبهة هيئة الهيئة "
    "شركة الشركة مؤسسة المؤسسة وكالة الوكالة جامعة الجامعة اتحاد الاتحاد لجنة اللجنة "
    "صندوق الصندوق بنك البنك مصرف المصرف نادي النادي فريق منتخب المنتخب صحيفة الصحيفة "
    "قناة القناة إذاعة تلفزيون محكمة المحكمة برلمان البرلمان كتائب كتيبة لواء ألوية "
    "سرايا فيلق الفيلق الحرس مديرية المديرية دائرة مكتب المكتب رابطة الرابطة تحالف التحالف "
    "ائتلاف الائتلاف نقابة النقابة جمعية الجمعية مركز المركز معهد المعهد أكاديمية بلدية "
    "شرطة الشرطة جهاز الجهاز مخابرات المخابرات الأمم"
)
# Heads of place names ("مدينة حلب", madīnat ḥalab, "the city of Aleppo").
LOC_TRIGGERS = _norm_set(
    "مدينة المدينة محافظة المحافظة ولاية الولاية منطقة المنطقة قرية القرية بلدة البلدة إقليم "
    "الإقليم جزيرة الجزيرة جزر نهر النهر بحر البحر جبل الجبل جبال خليج الخليج عاصمة العاصمة "
    "ريف مخيم المخيم حي الحي شارع ساحة ميدان مطار المطار ميناء الميناء دولة بلاد شمال جنوب "
    "شرق غرب شمالي جنوبي شرقي غربي وسط أنحاء ضواحي قضاء ناحية"
)
# Verbs and nouns of speech that follow or precede a speaker's name.
SPEECH_TRIGGERS = _norm_set(
    "قال وقال يقول أكد وأكد قالت وقالت أضاف وأضاف أعلن وأعلن أعلنت صرح وصرح أوضح وأوضح "
    "أشار وأشار ذكر وذكر ذكرت أفاد وأفاد بحسب وفق حسب لسان"
)
_AL = "ال"
# Attributes whose value is a word form (see `FeatureExtractor._has`).
_WORD_FAMILIES = ("w=", "s=", "core=", "-2w=", "-1w=", "1w=", "2w=", "-1s=", "1s=")
# Document evidence is gathered only for words this long (not for particles).
_DOC_MIN_CHARS = 3
_TRIGGER_TABLES = (("PER", PER_TRIGGERS), ("ORG", ORG_TRIGGERS), ("LOC", LOC_TRIGGERS),
                   ("SAY", SPEECH_TRIGGERS))


def _length_bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    if n <= 4:
        return "3-4"
    if n <= 6:
        return "5-6"
    return "7+" if n <= 9 else "10+"


# Arabic letters only (every one `isalpha`): the shape of most words, "A", without the loop.
_LETTERS_ONLY_RE = re.compile("[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff]+")


def _shape(word: str) -> str:
    """A coarse shape: D digits, L Latin, A Arabic, P punctuation, collapsed runs."""
    if _LETTERS_ONLY_RE.fullmatch(word):
        return "A"
    out: list[str] = []
    for ch in word:
        if ch.isdigit():
            c = "D"
        elif "a" <= ch.lower() <= "z":
            c = "L"
        elif ch.isalpha():
            c = "A"
        else:
            c = "P"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:4]


def _maybe_encoded(attrs: list[str], encoded: bool) -> list[str] | list[bytes]:
    return [a.encode() for a in attrs] if encoded else attrs


# Distinct word forms are few compared with tokens (see `marsad.memo`).
_WORD_MEMO_MAX = 300_000


@dataclass(frozen=True)
class WordInfo:
    """Features of one word form, and the short keys its neighbours look at."""

    feats: tuple[str, ...]
    norm: str
    stem: str
    c256: str
    c1024: str
    trig: str
    # What a neighbour at offset -2, -1, +1, +2 sees of this word (built once per word).
    ctx: tuple[tuple[str, ...], ...] = ()
    # Whether the normalised form is outside the vocabulary (kept apart from `feats`, which
    # may be pruned to the attributes a model knows).
    oov: bool = False
    # `feats` and `ctx` as UTF-8 bytes: crfsuite takes either, and encodes every str it is
    # handed, for every token; encoded once per word form, tagging costs a fifth less.
    encoded: tuple[tuple[bytes, ...], ...] = ()
    # Every word-level attribute before pruning: the neural tagger reads some of them through
    # the CRF's extractor, so the two share one word cache and one gazetteer pass.
    all_feats: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeatureExtractor:
    """Builds CRF feature lists for sentences of token strings.

    `vocabulary` decides clitic splits (a stem must be a known word); `clusters` gives
    distributional classes; `gazetteers` are (name, callable) pairs whose labels become
    features: the bundled list gazetteer, and whoever holds the knowledge base can add
    ``("kb", fn)``: a model must be trained with the same gazetteer names it is run with.
    """

    vocabulary: frozenset[str]
    clusters: Clusters
    gazetteers: tuple[tuple[str, GazetteerFn], ...] = ()
    window: int = 2
    # The attributes a trained model has weights for: the others cannot change its output, so
    # they are dropped once per word form instead of being handed to the CRF for every token
    # (a third of the attributes, and 40% of the CRF's time). None keeps everything (training).
    known: frozenset[str] | None = None
    _cache: Any = field(default=None, init=False, repr=False, compare=False)
    # With `known`: for each word-identity attribute ("w=", "-1w=", ...), the words that
    # have one in the model. A rare word has none, so its strings are not even built.
    _words_of: Any = field(default=None, init=False, repr=False, compare=False)
    _bigram_lefts: Any = field(default=None, init=False, repr=False, compare=False)
    # Memo of `_neighbour_classes` (a few thousand combinations of cluster ids and trigger).
    _classes: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A per-instance cache: distinct word forms are few compared with tokens.
        object.__setattr__(self, "_cache", {})
        object.__setattr__(self, "_classes", {})
        # Set even when unused: a compiled build (mypyc) does not apply the field defaults
        # of `init=False` fields, so an attribute left unset would be undefined there.
        object.__setattr__(self, "_words_of", None)
        object.__setattr__(self, "_bigram_lefts", None)
        if self.known is not None:
            words: dict[str, set[str]] = {p: set() for p in _WORD_FAMILIES}
            for attr in self.known:
                head, eq, value = attr.partition("=")
                if eq and head + "=" in words:
                    words[head + "="].add(value)
            object.__setattr__(self, "_words_of", {p: frozenset(v) for p, v in words.items()})
            # The left words of the model's bigram attributes ("bi-=a|b" -> "a"; every split
            # at a "|", so a word holding one is covered): the pair string of a token whose
            # left word is not among them cannot be known, and is not built.
            lefts: dict[str, set[str]] = {"bi-=": set(), "bi+=": set()}
            for attr in self.known:
                head = attr[:4]
                if head in lefts:
                    value = attr[4:]
                    lefts[head].update(value[:k] for k, ch in enumerate(value) if ch == "|")
            object.__setattr__(self, "_bigram_lefts", (frozenset(lefts["bi-="]), frozenset(lefts["bi+="])))

    def with_known(self, known: frozenset[str] | None) -> FeatureExtractor:
        """The same extractor, pruning attributes to `known` (a fresh word cache)."""
        return FeatureExtractor(self.vocabulary, self.clusters, self.gazetteers, self.window, known)

    def _prune(self, attrs: Sequence[str]) -> tuple[str, ...]:
        known = self.known
        if known is None:
            return tuple(attrs)
        return tuple([a for a in attrs if a in known])

    def word(self, token: str) -> WordInfo:
        memo: dict[str, WordInfo] = self._cache
        info = memo.get(token)
        return info if info is not None else remember(memo, token, self._word_info(token), _WORD_MEMO_MAX)

    def _infos(self, tokens: Sequence[str]) -> list[WordInfo]:
        # `word` for each token, its memo hit inlined: this runs for every token.
        memo: dict[str, WordInfo] = self._cache
        get = memo.get
        out: list[WordInfo] = []
        for t in tokens:
            info = get(t)
            out.append(info if info is not None else self.word(t))
        return out

    def _word_info(self, token: str) -> WordInfo:
        # Runs once per distinct word form: on a batch of new articles, a third of the
        # tagger's time. Written out flat (no helper calls per attribute) for that reason.
        norm = norm_word(token)
        vocab = self.vocabulary
        if norm[:1].isalpha():
            pre, stem, _ = split_clitics(norm, vocab.__contains__)
        else:
            pre, stem = "", norm
        core = stem[2:] if stem.startswith(_AL) and len(stem) > 4 else stem
        words_of = self._words_of
        f: list[str] = ["bias"]
        if words_of is None or norm in words_of["w="]:
            f.append("w=" + norm)
        if words_of is None or stem in words_of["s="]:
            f.append("s=" + stem)
        if words_of is None or core in words_of["core="]:
            f.append("core=" + core)
        if pre:
            f.append("pre=" + pre)
        if stem.startswith(_AL):
            f.append("al")
        nc, nn = len(core), len(norm)
        for k in (1, 2, 3, 4):
            if nc > k:
                f.append(f"p{k}={core[:k]}")
            if nn > k:
                f.append(f"x{k}={norm[-k:]}")
        f.append("len=" + _length_bucket(nc))
        shape = _shape(token)
        if shape != "A":
            f.append("sh=" + shape)
        oov = norm not in vocab
        if oov:
            f.append("oov")
            if stem in vocab:
                f.append("stem_iv")
        clusters = self.clusters
        cl = clusters.get(norm) or clusters.get(stem)
        c256 = c1024 = ""
        if cl:
            f.append(f"c64={cl[0]}")
            if len(cl) > 1:
                f.append(f"c256={cl[1]}")
                if len(cl) > 2:
                    f.append(f"c1024={cl[2]}")
            c256, c1024 = str(cl[1]), str(cl[2]) if len(cl) > 2 else ""
        else:
            f.append("nocl")
        if stem != norm:
            sc = clusters.get(stem)
            if sc:
                f.append(f"sc256={sc[1]}")
                f.append(f"sc1024={sc[-1]}")
        trig = ""
        for name, table in _TRIGGER_TABLES:
            if stem in table or norm in table:
                trig = name
                f.append("trg=" + name)
                break
        # What a neighbour sees: the word itself where the model has a weight for it (the
        # gate is `_words_of`, built from the known attributes), then its classes, which
        # many words share and are built once per combination.
        classes = self._neighbour_classes(c256, c1024, trig)
        ctx: list[tuple[str, ...]] = []
        enc: list[tuple[bytes, ...]] = []
        for k, d in enumerate((-2, -1, 1, 2)):
            own = [f"{d}w={norm}"] if words_of is None or norm in words_of[f"{d}w="] else []
            if (d == -1 or d == 1) and (words_of is None or stem in words_of[f"{d}s="]):
                own.append(f"{d}s={stem}")
            shared, shared_enc = classes[k]
            if own:
                ctx.append((*own, *shared))
                enc.append((*map(str.encode, own), *shared_enc))
            else:
                ctx.append(shared)
                enc.append(shared_enc)
        all_feats = tuple(f)
        feats = all_feats if self.known is None else self._prune(f)
        encoded = (tuple(map(str.encode, feats)), *enc)
        return WordInfo(feats, norm, stem, c256, c1024, trig, tuple(ctx), oov, encoded, all_feats)

    def _neighbour_classes(self, c256: str, c1024: str, trig: str,
                           ) -> list[tuple[tuple[str, ...], tuple[bytes, ...]]]:
        """The class attributes a word shows its neighbours at -2, -1, +1, +2 (and encoded)."""
        key = (c256, c1024, trig)
        found: list[tuple[tuple[str, ...], tuple[bytes, ...]]] | None = self._classes.get(key)
        if found is None:
            found = []
            for d in (-2, -1, 1, 2):
                c = [f"{d}c1024={c1024}"] if d == -1 or d == 1 else []
                c.append(f"{d}c256={c256}")
                if trig:
                    c.append(f"{d}trg={trig}")
                pruned = self._prune(c)
                found.append((pruned, tuple(map(str.encode, pruned))))
            self._classes[key] = found
        return found

    def _gazetteer(self, tokens: Sequence[str]) -> list[list[str]]:
        return self.gazetteer_features([tokens])[0]

    def gazetteer_labels(self, sentences: Sequence[Sequence[str]],
                         given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                         ) -> dict[str, Sequence[Sequence[tuple[str, ...]]]]:
        """The labels of each gazetteer, per token of each sentence (one call per gazetteer and
        document where the gazetteer offers ``many``, as the KB matcher does). `given` holds
        labels a caller already has for a gazetteer name (see `KBGazetteer.from_matches`);
        the result can be passed on as `given` to compute nothing twice."""
        out: dict[str, Sequence[Sequence[tuple[str, ...]]]] = {}
        for name, fn in self.gazetteers:
            many = getattr(fn, "many", None)
            if given is not None and name in given:
                out[name] = given[name]
            elif many is not None:
                out[name] = many(sentences)
            else:
                out[name] = [fn(s) for s in sentences]
        return out

    def gazetteer_features(self, sentences: Sequence[Sequence[str]],
                           given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                           ) -> list[list[list[str]]]:
        """Gazetteer features (``name=label``) per token of each sentence (see `gazetteer_labels`)."""
        gazs: list[list[list[str]]] = [[[] for _ in s] for s in sentences]
        for name, per_sentence in self.gazetteer_labels(sentences, given).items():
            for gaz, labels_of in zip(gazs, per_sentence, strict=True):
                for i, labels in enumerate(labels_of):
                    if labels:
                        gaz[i].extend(f"{name}={lab}" for lab in labels)
        return gazs

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists, one per token, for one sentence."""
        return self._sentence(tokens, [self.word(t) for t in tokens], self._gazetteer(tokens))

    def sentences(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                  ) -> list[list[list[str]]]:
        """`sentence` for each sentence of a document (gazetteers matched once per document;
        `given`: see `gazetteer_labels`)."""
        return [self._sentence(s, self._infos(s), g)
                for s, g in zip(sentences, self.gazetteer_features(sentences, given), strict=True)]

    def encoded_sentences(self, sentences: Sequence[Sequence[str]],
                          given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                          ) -> list[list[list[bytes]]]:
        """`sentences` with every attribute as UTF-8 bytes, as the tagger hands them to
        crfsuite (same attributes, same order)."""
        return [self._sentence(s, self._infos(s), g, encoded=True)
                for s, g in zip(sentences, self.gazetteer_features(sentences, given), strict=True)]

    @overload
    def _sentence(self, tokens: Sequence[str], infos: list[WordInfo], gaz: list[list[str]],
                  encoded: Literal[False] = ...) -> list[list[str]]: ...

    @overload
    def _sentence(self, tokens: Sequence[str], infos: list[WordInfo], gaz: list[list[str]],
                  encoded: Literal[True]) -> list[list[bytes]]: ...

    def _sentence(self, tokens: Sequence[str], infos: list[WordInfo], gaz: list[list[str]],
                  encoded: bool = False) -> list[list[str]] | list[list[bytes]]:
        n = len(infos)
        out: list[Any] = []
        known = self.known
        minus_lefts, plus_lefts = self._bigram_lefts or (None, None)
        last = n - 1
        stems = [info.stem for info in infos]
        # Per token: its own attributes and what it shows its neighbours at -2, -1, +1, +2.
        if encoded:
            groups: list[Any] = [info.encoded for info in infos]
            bos: str | bytes = b"BOS"
            eos: str | bytes = b"EOS"
            gaz_own: list[Any] = [[g.encode() for g in row] if row else row for row in gaz]
        else:
            groups = [(info.feats, *info.ctx) for info in infos]
            bos, eos = "BOS", "EOS"
            gaz_own = gaz
        for i in range(n):
            group = groups[i]
            # "bias" leads the word's own attributes (see _word_info).
            f = [*group[0], *gaz_own[i]] if gaz[i] else list(group[0])
            if i == 0:
                f.append(bos)
            if i == last:
                f.append(eos)
            if i >= 2:
                f.extend(groups[i - 2][1])
            if i >= 1:
                f.extend(groups[i - 1][2])
                if gaz[i - 1]:
                    f.extend(_maybe_encoded([f"-1{g}" for g in gaz[i - 1]], encoded))
            if i < last:
                f.extend(groups[i + 1][3])
                if gaz[i + 1]:
                    f.extend(_maybe_encoded([f"1{g}" for g in gaz[i + 1]], encoded))
                if i + 2 < n:
                    f.extend(groups[i + 2][4])
            if i > 0 and (minus_lefts is None or stems[i - 1] in minus_lefts):
                bi = f"bi-={stems[i - 1]}|{stems[i]}"
                if known is None or bi in known:
                    f.append(bi.encode() if encoded else bi)
            if i < last and (plus_lefts is None or stems[i] in plus_lefts):
                bi = f"bi+={stems[i]}|{stems[i + 1]}"
                if known is None or bi in known:
                    f.append(bi.encode() if encoded else bi)
            out.append(f)
        return out

    def document(self, sentences: Sequence[Sequence[str]],
                 given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                 ) -> list[list[list[str]]]:
        """Feature lists for the sentences of one document, with document-level evidence.

        A name is often announced once ("الوزير سيرغي لافروف", al-wazīr sīrghī lāfrūf) and
        then written bare ("وقال لافروف"). Each word therefore also sees what its *other*
        occurrences in the document have next to them: the title or head word before
        (``d:L1=PER``), a speech verb before or after, gazetteer matches, and how often
        it recurs. Evidence from the token's own position is excluded, so these features
        add only what the sentence itself cannot show.
        """
        infos = [[self.word(t) for t in s] for s in sentences]
        gazs = self.gazetteer_features(sentences, given)
        feats = [self._sentence(s, i, g) for s, i, g in zip(sentences, infos, gazs, strict=True)]
        if len(sentences) < 2:
            return feats
        own: list[list[list[str]]] = []
        totals: dict[str, Counter[str]] = {}
        for sent_infos, gaz in zip(infos, gazs, strict=True):
            rows: list[list[str]] = []
            for i, info in enumerate(sent_infos):
                ev: list[str] = []
                if len(info.stem) >= _DOC_MIN_CHARS and info.stem[:1].isalpha():
                    ev.append("n")
                    for d, tag in ((-1, "L1"), (-2, "L2"), (1, "R1")):
                        j = i + d
                        if 0 <= j < len(sent_infos) and sent_infos[j].trig:
                            ev.append(f"{tag}={sent_infos[j].trig}")
                    ev.extend(sorted({"gaz=" + g.rsplit("-", 1)[-1] for g in gaz[i]}))
                    if i > 0 and sent_infos[i - 1].oov:
                        ev.append("L1=oov")
                    totals.setdefault(info.stem, Counter()).update(ev)
                rows.append(ev)
            own.append(rows)
        for sent_infos, rows, sent_feats in zip(infos, own, feats, strict=True):
            for info, ev, f in zip(sent_infos, rows, sent_feats, strict=True):
                if not ev:
                    continue
                tot = totals[info.stem]
                others = tot["n"] - 1
                if others <= 0:
                    continue
                f.append("dn=" + ("1" if others == 1 else "2" if others == 2 else "3+"))
                mine = Counter(ev)
                f.extend(f"d:{k}" for k, c in tot.items() if k != "n" and c > mine[k])
        return feats
