"""A second look at each span the Korean name CRF proposes, with kiwi's own language model.

Why: the CRF (names_ko.py) learns from 2,500 KLUE sentences and takes places, firms and titles it
never saw for people ("순창읍", "양키스", "매드맥스"). kiwipiepy's CoNg model (shipped in the
kiwipiepy-model wheel, the analyser we already load) was trained on far more Korean text and
knows many of those words: its morpheme embeddings put "이라크" near "사우디" and "트럼프" near
"클린턴", and its language model can say whether a place or a person fits the sentence better.
A logistic regression over those signals and the CRF's own confidence decides whether a span is
a person. It is trained by ``model/train_names_ko_spans.py`` on spans the CRF proposed for KLUE
training sentences it had *not* learnt from (two halves, each scored by a CRF trained on the
other), so its weights see the CRF's real mistakes; the held-out sentences are never read.

Features of a span (all from kiwi's analysis of the sentence, nothing downloaded):

* ``mx``: the CRF's highest per-character probability of a name inside the span;
* ``ps``/``lc``/``og``/``other``: mean of the 5 best embedding similarities between the span's main
  known noun and prototypes: KLUE training mentions of persons, places, organisations, and proper
  nouns of those sentences that are none of them (works, brands, events); ``emb`` = the span has a
  known noun at all (unseen names have none);
* ``lm_lc``/``lm_og``: how much better kiwi's language model scores the sentence with the span
  replaced by a place / an organisation than by a person;
* ``title``/``age``/``hanja``/``quote``: a title or honorific after it, an age "(45)", Hanja in
  brackets "(北京)", an opening quote before it; ``latin``: no Hangul in it ("YTN 기자");
* ``name``: how much more the span's letters look like a person's name than like a word
  (:class:`NameLikeness`, letter pairs), which also speaks for the spans kiwi does not know
  (slang, new brands: "갠적", "핏비트");
* ``lx_person``/``lx_place``/``lx_other``: the span is listed in mecab-ko-dic (shipped as
  model/ko_lexicon.txt.gz, :class:`KoreanLexicon`) as a person's name, a place, or another noun
  (foods, products, services, common nouns), which kiwi's tags do not say;
* ``kx_person``/``kx_other``/``kx_share``: how often KLUE's *train* split (21,008 sentences,
  disjoint from the dev sentences the judge learns from and is measured on) has the span's form as
  a person and as any other entity (a work, a firm, a place, an occupation: "터미네이터" 9 times a
  film, "지브리" 9 times a firm), log(1 + count), and the person share; ``kx_in_person``/
  ``kx_in_other``: the longest such form in the sentence that holds the span and more ("퉁이
  라이온스" inside a team's name) was a person / something else there (:class:`KoreanEntities`,
  model/ko_entities.tsv.gz, from konec's counts). Evidence, not a veto: works share their names
  with their characters ("해리포터"), and the regression weighs that;
* the anchor vector (:func:`anchor_vector`): the main noun's similarity to each of kiwi's ~560
  common proper nouns (KoreanMorphology.anchor_similarities), one weight each. The top-5
  prototype means say only "near some person"; the vector lets the regression learn *which*
  neighbourhoods are people, and which are brands, works, landmarks and foreign places (KLUE's
  training half, out of fold: person-free sentences with a span 0.121 -> 0.106 at the same
  person recall, places taken for persons 0.063 -> 0.044); then its similarity to each of
  kiwi's 500 most frequent common nouns (KoreanMorphology.noun_anchor_similarities): chat names
  things a news sentence rarely does ("블루투스 스피커", "아웃룩", "신한카드"), and those sit near
  everyday nouns, not near people (Korean chat set, data/ko_chat_persons.tsv: texts with a false
  PERSON 135 -> 106 of 6,364 with the no-embedding rule of ``_main_noun``).
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import ClassVar

import xxhash

from instructflow.agents.scrub.korean import HANGUL_RE, KoreanMorphology

MODEL_FILE = "names_ko_spans.json"
FEATURES = (
    "mx", "emb", "ps", "lc", "og", "other", "lm_lc", "lm_og", "title", "age", "hanja", "quote", "latin", "name",
    "lx_person", "lx_place", "lx_other", "kx_person", "kx_other", "kx_share", "kx_in_person", "kx_in_other",
)  # fmt: skip
LEXICON_FILE = "ko_lexicon.txt.gz"
ENTITIES_FILE = "ko_entities.tsv.gz"
# How far (letters) either side of a span a longer KLUE-train entity form holding it is looked for.
ENTITY_REACH = 12
PROTOTYPE_CLASSES = ("PS", "LC", "OG", "other")
TOP_K = 5
WINDOW_WORDS = 2
# Stand-ins for the language-model test: two of each kind, known to kiwi as one proper noun.
STAND_INS = {"PS": ("홍길동", "김민수"), "LC": ("부산", "프랑스"), "OG": ("삼성", "유엔")}
# Words after a name in news and chat: titles, honorifics, roles.
TITLES = frozenset(
    "님 씨 군 양 선생 선생님 교수 박사 대리 과장 차장 부장 팀장 실장 사장 대표 회장 이사 기자 의원 원장 작가 "
    "변호사 환자 학생 선배 후배 고객 대통령 장관 총리 감독 선수 위원장 여사 옹 배우 가수 전 후보 위원 측 본부장 "
    "단장 전무 상무 총장 시장 지사 군수 구청장 청장 당선인 대변인 판사 검사 코치 주장 멤버".split()
)
_QUOTES = frozenset("'\"‘“<《「『")

Token = tuple[str, str, int, int]


@dataclass(frozen=True, slots=True)
class NameLikeness:
    """Letter-pair (bigram, with word boundaries) counts of person names and of other words: a
    span's score is its per-pair log-likelihood ratio. Persons: KLUE training mentions and
    Faker's ko_KR names; others: kiwi's common nouns and KLUE training places/organisations."""

    person: dict[str, int]
    other: dict[str, int]
    _totals: tuple[int, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_totals", (sum(self.person.values()), sum(self.other.values())))

    @classmethod
    def from_words(cls, persons: list[str], others: list[str]) -> NameLikeness:
        def count(words: list[str]) -> dict[str, int]:
            return dict(sorted(Counter(pair for word in words for pair in _pairs(word)).items()))

        return cls(count(persons), count(others))

    def score(self, word: str) -> float:
        pairs = _pairs(word.replace(" ", ""))
        totals = self._totals
        ratio = sum(
            math.log((self.person.get(p, 0) + _ALPHA) / (totals[0] + _ALPHA * _PAIRS))
            - math.log((self.other.get(p, 0) + _ALPHA) / (totals[1] + _ALPHA * _PAIRS))
            for p in pairs
        )
        return ratio / len(pairs)


class KoreanLexicon:
    """mecab-ko-dic's word classes (model/build_ko_lexicon.py): is a word a person's name, a place,
    or another noun ("라자냐", "제습기", "아웃룩")? Held as sorted 64-bit hashes with one class byte
    each (~5 MB) rather than a dict of 587k strings (~100 MB in every worker)."""

    PERSON, PLACE, OTHER = 1, 2, 4
    _BITS: ClassVar[dict[str, int]] = {"p": PERSON, "l": PLACE, "o": OTHER}

    def __init__(self, lines: list[str]) -> None:
        import numpy as np

        rows = [line.split("\t") for line in lines if line]
        codes = {kinds: sum(self._BITS[c] for c in kinds) for kinds in {kinds for _, kinds in rows}}
        hashes = np.fromiter((xxhash.xxh3_64_intdigest(w.encode("utf-8")) for w, _ in rows), np.uint64, len(rows))
        classes = np.fromiter((codes[kinds] for _, kinds in rows), np.uint8, len(rows))
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._classes = hashes[order], classes[order]
        self._uint64 = np.uint64

    def classes(self, word: str) -> int:
        """Bit set of PERSON / PLACE / OTHER; 0 for a word the dictionary lacks."""
        h = xxhash.xxh3_64_intdigest(word.encode("utf-8"))
        # As numpy's uint64: a Python int above int64's range made numpy convert the whole table on
        # every call (~280 µs a lookup instead of ~0.6 µs).
        i = int(self._hashes.searchsorted(self._uint64(h)))
        return int(self._classes[i]) if i < len(self._hashes) and int(self._hashes[i]) == h else 0


@lru_cache(maxsize=1)
def ko_lexicon() -> KoreanLexicon:
    path = resources.files("instructflow.agents.scrub.model").joinpath(LEXICON_FILE)
    return KoreanLexicon(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n"))


class KoreanEntities:
    """Entity forms of KLUE-NER's train split with how often each was a person and anything else
    (model/build_ko_entities.py, from konec's ne_form_label_freq.tsv, CC BY-SA 4.0)."""

    def __init__(self, lines: list[str]) -> None:
        self._forms: dict[str, tuple[int, int]] = {}
        joined: dict[str, tuple[int, int]] = {}
        for line in lines:
            if not line:
                continue
            form, person, other = line.split("\t")
            counts = (int(person), int(other))
            self._forms[form] = counts
            key = form.replace(" ", "")
            seen = joined.get(key, (0, 0))
            joined[key] = (seen[0] + counts[0], seen[1] + counts[1])
        self._joined = joined
        self._longest = max((len(form) for form in self._forms), default=0)

    def counts(self, word: str) -> tuple[int, int]:
        """(times a person, times anything else) of ``word``, spaces ignored; (0, 0) if unseen."""
        return self._joined.get(word.replace(" ", ""), (0, 0))

    def holding(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Counts of the longest form in ``text`` that holds ``text[start:end]`` and more, within
        ENTITY_REACH letters either side; (0, 0) if there is none."""
        best, best_length = (0, 0), 0
        for left in range(max(0, start - ENTITY_REACH), start + 1):
            for right in range(end, min(len(text), end + ENTITY_REACH) + 1):
                length = right - left
                if length <= best_length or length > self._longest or (left, right) == (start, end):
                    continue
                counts = self._forms.get(text[left:right])
                if counts is not None:
                    best, best_length = counts, length
        return best


@lru_cache(maxsize=1)
def ko_entities() -> KoreanEntities:
    path = resources.files("instructflow.agents.scrub.model").joinpath(ENTITIES_FILE)
    return KoreanEntities(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n"))


# Add-alpha smoothing over about as many letter pairs as Hangul text has.
_ALPHA, _PAIRS = 0.1, 50_000


def _pairs(word: str) -> list[str]:
    padded = "^" + word + "$"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


@dataclass(frozen=True, slots=True)
class SpanJudge:
    """Logistic regression over :data:`FEATURES`, with its prototypes (kiwi morpheme ids)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    prototypes: dict[str, tuple[int, ...]]
    # Per anchor of this kiwi (KoreanMorphology.anchor_forms order): weight / scale, with the
    # standardisation's mean folded into ``bias``; empty = no anchor vector.
    anchor_weights: tuple[float, ...] = ()
    likeness: NameLikeness = NameLikeness({}, {})

    def probability(self, features: dict[str, float], anchors: tuple[float, ...] = ()) -> float:
        z = self.bias + sum(
            w * (features[name] - m) / s
            for name, m, s, w in zip(FEATURES, self.mean, self.scale, self.weights, strict=True)
        )
        if self.anchor_weights:
            z += sum(a * w for a, w in zip(anchors, self.anchor_weights, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def span_features(
    morph: KoreanMorphology,
    text: str,
    start: int,
    end: int,
    confidence: float,
    prototypes: dict[str, tuple[int, ...]],
    likeness: NameLikeness,
) -> dict[str, float]:
    tokens = morph.tokens(text)
    f = {name: 0.0 for name in FEATURES}
    f["mx"] = confidence
    main = _main_noun(morph, text, start, end)
    if main is not None:
        f["emb"] = 1.0
        for kind in PROTOTYPE_CLASSES:
            best = sorted(morph.similarities(main, prototypes.get(kind, ())), reverse=True)[:TOP_K]
            f[kind.lower()] = sum(best) / len(best) if best else 0.0
    # The language model sees the span's eojeol and WINDOW_WORDS words either side (its context is
    # a few words anyway, and a whole news sentence costs several times more to analyse).
    left, right = _window(text, start, end)
    kinds = [kind for kind, stand_ins in STAND_INS.items() for _ in stand_ins]
    scores = morph.log_probs(
        [text[left:start] + stand_in + text[end:right] for stand_ins in STAND_INS.values() for stand_in in stand_ins]
    )
    fits = {kind: max(v for k, v in zip(kinds, scores, strict=True) if k == kind) for kind in STAND_INS}
    f["lm_lc"], f["lm_og"] = fits["LC"] - fits["PS"], fits["OG"] - fits["PS"]
    after = next((t for t in tokens if t[2] >= end), None)
    f["title"] = float(after is not None and after[0] in TITLES)
    f["age"] = float(text[end : end + 1] == "(" and text[end + 1 : end + 2].isdigit())
    f["hanja"] = float(text[end : end + 1] == "(" and "\u4e00" <= text[end + 1 : end + 2] <= "\u9fff")
    f["quote"] = float(start > 0 and text[start - 1] in _QUOTES)
    f["latin"] = float(not HANGUL_RE.search(text[start:end]))
    f["name"] = likeness.score(text[start:end])
    # The span's word classes in mecab-ko-dic: a dish, a product or a service is a known noun
    # there and no name ("라자냐", "블루투스"); a name is listed as one (training half, out of fold:
    # person-free sentences with a span 0.097 -> 0.077 at recall 0.854-0.856).
    classes = ko_lexicon().classes(text[start:end].replace(" ", ""))
    f["lx_person"] = float(bool(classes & KoreanLexicon.PERSON))
    f["lx_place"] = float(bool(classes & KoreanLexicon.PLACE))
    f["lx_other"] = float(bool(classes & KoreanLexicon.OTHER))
    entities = ko_entities()
    person, other = entities.counts(text[start:end])
    f["kx_person"], f["kx_other"] = math.log1p(person), math.log1p(other)
    f["kx_share"] = person / (person + other) if person + other else 0.0
    person, other = entities.holding(text, start, end)
    f["kx_in_person"], f["kx_in_other"] = float(person > 0), float(other > 0)
    return f


def _main_noun(morph: KoreanMorphology, text: str, start: int, end: int) -> int | None:
    """kiwi's id of the longest noun in the span that its dictionary knows and has an embedding
    for, if any. A one-letter noun inside a longer span is no evidence: kiwi cuts unseen names
    into pieces ("석완" -> 석/MM + 완/NNG "completion"), and the piece's neighbours are not the
    span's. A known word without an embedding (rare dictionary entries: "아웃룩", "토네이도")
    says as little as an unknown one; treated as one, the anchor vector read all -1.0, a pattern
    the judge had learnt as "person" (training half, out of fold: person-free sentences with a span
    0.099 -> 0.093 at recall 0.854 -> 0.857)."""
    tokens = morph.tokens(text)
    ids = morph.morpheme_ids(text)
    unknown = morph.unknown(text)
    known = [
        (t[3] - t[2], ids[k])
        for k, t in enumerate(tokens)
        if t[2] < end and start < t[3] and t[1] in ("NNP", "NNG") and t[2] not in unknown
    ]
    if not known:
        return None
    length, main = max(known, key=lambda item: item[0])
    if (length == 1 and end - start > 1) or not morph.has_embedding(main):
        return None
    return main


def anchor_vector(morph: KoreanMorphology, text: str, start: int, end: int) -> tuple[float, ...]:
    """The span's main known noun's similarity to each of kiwi's common proper nouns, then to each
    of its most frequent common nouns; all 0.0 for a span kiwi does not know (an unseen name)."""
    main = _main_noun(morph, text, start, end)
    if main is None:
        return (0.0,) * (len(morph.anchor_forms()) + len(morph.noun_anchor_forms()))
    return morph.anchor_similarities(main) + morph.noun_anchor_similarities(main)


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    for _ in range(WINDOW_WORDS):
        left = text.rfind(" ", 0, max(left - 1, 0)) + 1 if left > 0 else 0
    right = end
    for _ in range(WINDOW_WORDS):
        space = text.find(" ", right + 1)
        right = len(text) if space < 0 else space
    return left, right


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = 1.0) -> tuple[list, list, list, float]:
    """Standardised L2 logistic regression by Newton's method: (mean, scale, weights, bias)."""
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.r_[np.full(len(w) - 1, l2), 0.0]
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        w -= np.linalg.solve(hess, grad)
    return mean.tolist(), scale.tolist(), w[:-1].tolist(), float(w[-1])


def fold_standardisation(
    mean: tuple[float, ...], scale: tuple[float, ...], weights: tuple[float, ...]
) -> tuple[tuple[float, ...], float]:
    """Weights on raw values and the bias shift equal to ``w * (x - mean) / scale``: the anchor
    vector is used raw (one dot product). A column that was constant in training (scale ~0)
    carries no weight."""
    raw = tuple(w / s if s > 1e-6 else 0.0 for s, w in zip(scale, weights, strict=True))
    return raw, -sum(r * m for r, m in zip(raw, mean, strict=True))


def _fitted(stored: dict[str, list], forms: tuple[str, ...]) -> list[tuple[float, float, float]]:
    """(mean, scale, weight) per anchor of this kiwi, stored by form; an anchor this kiwi lacks
    counts as at its mean (weight 0)."""
    columns = (stored[k] for k in ("forms", "mean", "scale", "weights"))
    trained = {form: (m, s, w) for form, m, s, w in zip(*columns, strict=True)}
    return [trained.get(form, (0.0, 1.0, 0.0)) for form in forms]


def load_judge(morph: KoreanMorphology, path: str | None = None) -> SpanJudge:
    """The shipped judge; prototypes are stored as (form, tag) and looked up in this kiwi."""
    source = path or str(resources.files("instructflow.agents.scrub.model").joinpath(MODEL_FILE))
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{source}: trained on features {data['features']}, this code computes {list(FEATURES)}")
    prototypes = {
        kind: tuple(i for form, tag in data["prototypes"][kind] if (i := morph.morpheme_id(form, tag)) is not None)
        for kind in PROTOTYPE_CLASSES
    }
    bias: float = data["bias"]
    anchor_weights: tuple[float, ...] = ()
    if "anchors" in data:
        fitted = _fitted(data["anchors"], morph.anchor_forms())
        fitted += _fitted(data["noun_anchors"], morph.noun_anchor_forms())
        anchor_weights, shift = fold_standardisation(*zip(*fitted, strict=True))
        bias += shift
    return SpanJudge(
        mean=tuple(data["mean"]),
        scale=tuple(data["scale"]),
        weights=tuple(data["weights"]),
        bias=bias,
        threshold=data["threshold"],
        prototypes=prototypes,
        anchor_weights=anchor_weights,
        likeness=NameLikeness(data["likeness"]["person"], data["likeness"]["other"]),
    )
