"""Korean legal text shipped inside konlpy (an installed package we did not write): the
Constitution of the Republic of Korea (``kolaw/constitution.txt``) and ten bills of the 18th
National Assembly, 2010 (``kobill/*.txt``).

Law is the register chat data rarely holds and a scrubber is never tuned on: Hanja terms
(任用權者), nominal endings ("…하도록 함"), dates written "2010.  11.  12.", money in number
words ("백만원"), lines wrapped in the middle of a word. The bills also name real people: the
members who proposed them, listed "정의화․이명수․김을동", the budget analyst who signed the cost
estimate ("김 태 완", spaced letter by letter) and the officer who wrote the report, with their
work telephone and e-mail.

* ``law``: PII-free: the Constitution's sentences and every bill line that names nobody;
* ``bills``: every distinct bill line, those people, telephones and e-mails labelled
  (:data:`PROPOSERS` were read off the bills' "발의자" blocks; the rest by hand).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from instructflow.evaluation.pii import Sample, Span, register_set
from instructflow.evaluation.pii_sets import MissingData

# The 52 members listed as proposers in the ten bills.
PROPOSERS = tuple(
    "강기갑 강석호 권영진 김금래 김성곤 김을동 김재윤 김정훈 김춘진 김태원 김학송 김효석 나성린 문학진 박영선 박영아 "
    "박은수 백성운 백재현 서상기 손범규 송민순 신낙균 안규백 안상수 안형환 안홍준 양승조 여상규 우윤근 원희목 유선호 "
    "유성엽 이명수 이사철 이성남 이애주 이인기 이종걸 이춘식 이한성 정갑윤 정동영 정영희 정의화 조배숙 조승수 조영택 "
    "최문순 최재성 한선교 황영철".split()
)
# The signatories of the cost estimates and reports (one written a letter at a time).
AUTHORS = ("김 태 완", "유재익")
PHONES = ("02-788-4649", "02) 748 - 6350", "(02)  748  -   6350")
EMAILS = ("tanzania@assembly.go.kr",)
_GOLD = [("PERSON", v) for v in PROPOSERS + AUTHORS] + [("PHONE_NUMBER", v) for v in PHONES]
_GOLD += [("EMAIL_ADDRESS", v) for v in EMAILS]
_SENTENCE_END = re.compile(r"(?<=다\.)\s+")


def _corpus() -> Path:
    try:
        root = resources.files("konlpy")
    except ModuleNotFoundError as e:
        raise MissingData("konlpy: not installed (pip install 'instructflow[bench]' brings its corpora)") from e
    return Path(str(root)) / "data" / "corpus"


def _labels(line: str) -> tuple[Span, ...]:
    return tuple((kind, m.start(), m.end()) for kind, value in _GOLD for m in re.finditer(re.escape(value), line))


@lru_cache(maxsize=1)
def bill_lines() -> tuple[str, ...]:
    """Every distinct non-empty line of the ten bills (four of them share most lines), in file order."""
    seen: dict[str, None] = {}
    for path in sorted((_corpus() / "kobill").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
    return tuple(seen)


def constitution_sentences() -> list[str]:
    text = (_corpus() / "kolaw" / "constitution.txt").read_text(encoding="utf-8")
    return [s for line in text.splitlines() for s in _SENTENCE_END.split(line.strip()) if s]


@register_set("bills", "konlpy's ten 2010 National Assembly bills: proposers, signatories, phones, e-mails", (
    "PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"))  # fmt: skip
def bills_set() -> list[Sample]:
    return [Sample(line, _labels(line), lang="ko") for line in bill_lines()]


@register_set("law", "PII-free Korean law: the Constitution (konlpy) and the bills' lines that name nobody")
def law_set() -> list[Sample]:
    bills = [line for line in bill_lines() if not _labels(line)]
    return [Sample(t, (), lang="ko") for t in constitution_sentences() + bills]
