"""Korean national-id recognizers and the shared kiwi analyser.

* National ids come from presidio's own Korean recognizers (resident registration, foreigner
  registration, business registration, driver licence, passport: all five exist in
  presidio-analyzer 2.2.366). Their context words are mostly English; Korean users write
  "주민번호", so Korean context words are added here.
* Names: see names_ko.py (a character CRF over whole sentences); this module only shares the
  kiwi analyser with it.
* Addresses, phones and bank accounts live in addresses.py and identifiers.py.

Each text is tokenised by kiwi at most once (see :class:`KoreanMorphology`).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from kiwipiepy import Kiwi
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import (
    KrBrnRecognizer,
    KrDriverLicenseRecognizer,
    KrFrnRecognizer,
    KrPassportRecognizer,
    KrRrnRecognizer,
)

LOCATION = "LOCATION"

HANGUL_RE = re.compile(r"[가-힣]")
# CJK ideographs (with extension A and the compatibility block): Hanja as Korean text writes it.
HANJA_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_HANGUL_WORD = re.compile(r"[가-힣]+")
ANCHOR_IDS = 10_000
# kiwi's most frequent Hangul common nouns (ids ~ frequency rank) used as a second set of anchors
# for the span judge: where a word sits among everyday things ("스피커", "에어컨", "음식").
NOUN_ANCHORS = 500
_VOCABULARY = 70_000  # kiwi's morphemes of the base model are numbered below this


def _finite(value: float) -> float:
    return value if value == value else -1.0  # kiwi answers NaN for a morpheme without an embedding


# A sentence long enough to make kiwi load everything it loads lazily (a short one does not).
_WARM_UP = "파이썬에서 리스트와 튜플의 차이점을 예시와 함께 설명해 주세요. 김철수 씨는 서울특별시 강남구에 삽니다."


class KoreanMorphology:
    """One shared kiwi analyser; each text is tokenised once even when several recognizers ask."""

    def __init__(self) -> None:
        # The model ships in the kiwipiepy-model wheel: no download.
        self._kiwi = Kiwi(num_workers=-1)
        # kiwi's C++ core is not documented as re-entrant; Faust may scrub from several tasks.
        self._lock = threading.Lock()
        self._analyse = lru_cache(maxsize=64)(self._analyse_uncached)
        # kiwi loads part of its model on the first analysis, in C++ holding the GIL for seconds: done
        # here, where the scrubber is built (before a worker's event loop starts), not in the first batch,
        # which froze the loop and its Kafka heartbeats ("Thread keepalive is not responding").
        self._kiwi.tokenize(_WARM_UP)
        # kiwipiepy's Python wrapper checks its arguments' types on every call (~half the cost);
        # with two morpheme ids the C method it then calls is the same answer, called directly.
        self._similarity = super(Kiwi, self._kiwi).morpheme_similarity  # type: ignore[misc]  # C base, no stub
        self._anchor_table()  # ~1 s: here too, not in the first batch
        self._noun_anchor_table()

    def tokens(self, text: str) -> tuple[tuple[str, str, int, int], ...]:
        """(form, tag, start, end) per morpheme."""
        return self._analyse(text)[0]

    def unknown(self, text: str) -> frozenset[int]:
        """Start offsets of the morphemes kiwi's dictionary does not know (OOV): unseen names
        ("홍정수") are, common nouns ("노트북", "정치인") are not."""
        return self._analyse(text)[1]

    def morpheme_ids(self, text: str) -> tuple[int, ...]:
        """kiwi's id of each morpheme of :meth:`tokens` (the key to its CoNg embeddings)."""
        return self._analyse(text)[2]

    @lru_cache(maxsize=4096)  # noqa: B019 - news repeats its entities; one analyser per process
    def similarities(self, a: int, others: tuple[int, ...]) -> tuple[float, ...]:
        """Cosine similarities of morpheme ``a``'s CoNg embedding (kiwi's language model, shipped
        in the kiwipiepy-model wheel) to each of ``others``; -1.0 where kiwi has none (NaN)."""
        with self._lock:
            similarity = self._similarity
            return tuple(_finite(similarity(a, b)) for b in others)

    def log_probs(self, texts: list[str]) -> list[float]:
        """kiwi's score (log probability under its language model) of the best analysis of each
        text, analysed as one batch (kiwi spreads a batch over its worker threads)."""
        with self._lock:
            return [float(found[0][1]) for found in self._kiwi.analyze(texts, top_n=1)]

    def anchors(self, text: str) -> tuple[str, ...]:
        """Per morpheme of :meth:`tokens`: for a known proper noun, the common proper noun of
        kiwi's vocabulary whose CoNg embedding is nearest ("부시" -> "오바마", "순창군" -> a county),
        else "". A cluster label the name CRF can learn from, for words it never saw."""
        tokens, unknown, ids = self._analyse(text)
        return tuple(
            self._nearest_anchor(i) if tag == "NNP" and start not in unknown else ""
            for (_form, tag, start, _end), i in zip(tokens, ids, strict=True)
        )

    @lru_cache(maxsize=1)  # noqa: B019 - one shared analyser per process
    def _anchor_table(self) -> tuple[tuple[int, str, float], ...]:
        """(id, form, hubness) of kiwi's common proper nouns. kiwi numbers morphemes by frequency:
        the proper nouns below ANCHOR_IDS are its ~560 common ones (countries, cities, parties,
        firms, famous people). Hubness = mean similarity to its 10 nearest among rare proper
        nouns (every 100th id above): rare words' embeddings crowd together, and without this
        correction (CSLS) every rare word's nearest anchor is the same few hubs."""
        with self._lock:
            kiwi = self._kiwi
            anchors = [(i, m.form) for i in range(ANCHOR_IDS) if (m := kiwi.morpheme(i)).tag == "NNP" and m.form]
            rare = [i for i in range(ANCHOR_IDS, _VOCABULARY, 100) if kiwi.morpheme(i).tag == "NNP"]
            table = []
            for i, form in anchors:
                near = sorted((_finite(kiwi.morpheme_similarity(i, j)) for j in rare), reverse=True)[:10]
                table.append((i, form, sum(near) / len(near)))
        return tuple(table)

    def anchor_forms(self) -> tuple[str, ...]:
        """The forms of kiwi's common proper nouns, in the order of :meth:`anchor_similarities`."""
        return tuple(form for _i, form, _hub in self._anchor_table())

    @lru_cache(maxsize=65536)  # noqa: B019
    def anchor_similarities(self, morpheme: int) -> tuple[float, ...]:
        """Cosine similarity of ``morpheme``'s CoNg embedding to each of kiwi's common proper nouns
        (-1.0 where kiwi has none): where a word sits among countries, parties, firms and famous
        people, for the name CRF (nearest one) and the span judge (all of them)."""
        table = self._anchor_table()
        with self._lock:
            similarity = self._similarity
            return tuple(_finite(similarity(morpheme, i)) for i, _f, _hub in table)

    @lru_cache(maxsize=1)  # noqa: B019
    def _noun_anchor_table(self) -> tuple[tuple[int, str], ...]:
        """(id, form) of kiwi's NOUN_ANCHORS most frequent Hangul common nouns of 2+ letters."""
        table: list[tuple[int, str]] = []
        with self._lock:
            kiwi = self._kiwi
            for i in range(_VOCABULARY):
                found = kiwi.morpheme(i)
                if found.tag == "NNG" and len(found.form) >= 2 and _HANGUL_WORD.fullmatch(found.form):
                    table.append((i, found.form))
                    if len(table) == NOUN_ANCHORS:
                        break
        return tuple(table)

    def noun_anchor_forms(self) -> tuple[str, ...]:
        """The forms of :meth:`noun_anchor_similarities`' common nouns, in its order."""
        return tuple(form for _i, form in self._noun_anchor_table())

    @lru_cache(maxsize=65536)  # noqa: B019
    def noun_anchor_similarities(self, morpheme: int) -> tuple[float, ...]:
        """Cosine similarity of ``morpheme``'s CoNg embedding to each of kiwi's most frequent common
        nouns (-1.0 where kiwi has none): is a word near everyday things, as "블루투스" is near
        "스피커", where a name is not."""
        table = self._noun_anchor_table()
        with self._lock:
            similarity = self._similarity
            return tuple(_finite(similarity(morpheme, i)) for i, _f in table)

    def has_embedding(self, morpheme: int) -> bool:
        """Whether kiwi's model has an embedding for ``morpheme`` (rare dictionary words have none)."""
        return any(s > -1.0 for s in self.anchor_similarities(morpheme))

    @lru_cache(maxsize=65536)  # noqa: B019
    def _nearest_anchor(self, morpheme: int) -> str:
        table = self._anchor_table()
        sims = self.anchor_similarities(morpheme)
        best, form = max((sim - hub, f) for sim, (_i, f, hub) in zip(sims, table, strict=True))
        return form if best > -1.0 else ""

    def common_nouns(self) -> list[str]:
        """Every Hangul common noun (NNG) of two or more letters in kiwi's dictionary (~38k)."""
        with self._lock:
            kiwi = self._kiwi
            found = (kiwi.morpheme(i) for i in range(_VOCABULARY))
            return [m.form for m in found if m.tag == "NNG" and len(m.form) >= 2 and _HANGUL_WORD.fullmatch(m.form)]

    def morpheme_id(self, form: str, tag: str) -> int | None:
        """The id of the known morpheme ``form``/``tag``, read by analysing the form alone."""
        found = self._analyse(form)
        if len(found[0]) == 1 and found[0][0][:2] == (form, tag) and not found[1]:
            return found[2][0]
        return None

    def _analyse_uncached(
        self, text: str
    ) -> tuple[tuple[tuple[str, str, int, int], ...], frozenset[int], tuple[int, ...]]:
        with self._lock:
            found = self._kiwi.tokenize(text)
        return (
            tuple((t.form, t.tag, t.start, t.start + t.len) for t in found),
            frozenset(t.start for t in found if t.oov),
            tuple(t.id for t in found),
        )


class BrnShapeRecognizer(KrBrnRecognizer):
    """presidio's 사업자등록번호 patterns (3-2-5 digits, or 10 bare), where a bad checksum no longer
    drops the number: a typo or a made-up number is still written as one's business number. A
    valid checksum still scores it on its own; otherwise the weak patterns need a context word
    ("사업자번호: 0085224258"), as 10 digits are also phone and order numbers."""

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if super().validate_result(pattern_text) else None


def korean_id_recognizers(supported_language: str = "ko") -> list[EntityRecognizer]:
    """presidio's five Korean id recognizers, with the Korean context words users write."""
    return [
        KrRrnRecognizer(
            context=[*KrRrnRecognizer.CONTEXT, "주민등록번호", "주민번호", "주민"],
            supported_language=supported_language,
        ),
        KrFrnRecognizer(
            context=[*KrFrnRecognizer.CONTEXT, "외국인", "등록번호"],
            supported_language=supported_language,
        ),
        BrnShapeRecognizer(context=[*KrBrnRecognizer.CONTEXT, "등록번호"], supported_language=supported_language),
        KrDriverLicenseRecognizer(
            context=[*KrDriverLicenseRecognizer.CONTEXT, "면허", "driver", "license", "licence"],
            supported_language=supported_language,
        ),
        KrPassportRecognizer(supported_language=supported_language),
    ]
