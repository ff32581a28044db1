"""The leak classes the adversarial probe found (instructflow/evaluation/pii_probe.py, written
without reading the project's own generators), one case or a few per class, ko and en.

Each class's fix was planted once (reverted, the cases went red, restored); the comment above
each list says what was planted. Every case asserts full coverage and that the words around the
value survive; the precision cases assert that look-alikes stay.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.identifiers import fold_for_matching, luhn_valid
from instructflow.agents.scrub.placeholders import PLACEHOLDER_RE
from instructflow.agents.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


def assert_fully_covered(scrubber: Scrubber, text: str, value: str, keep: tuple[str, ...]) -> None:
    """Every letter and digit of ``value`` lies inside a finding (so "<PERSON_1>수빈" fails, which a
    substring check on the output would pass), and the ``keep`` words survive the scrub."""
    start = text.index(value)
    spans = [(f.start, f.end) for f in scrubber.analyze(text)]
    out = scrubber.scrub(text).text
    left = [
        text[i] for i in range(start, start + len(value)) if text[i].isalnum() and not any(s <= i < e for s, e in spans)
    ]
    assert not left, f"{''.join(left)!r} of {value!r} survived: {out!r}"
    for word in keep:
        assert word in out, f"neighbour {word!r} was swallowed: {out!r}"


# Planted: _FOLD without the dash entries, _EMPHASIS not applied -> the three dashed RRNs (front
# half left: "551222–<PHONE_NUMBER_1>") and the passport in _..._ went red; the phone and account
# in _..._ are found by other recognizers as well and stay as regression cases.
FOLDING = [
    ('{"주민번호": "551222–4202770"}', "551222–4202770", ('"주민번호"',)),
    ("RRN 930827−3003557 was rejected", "930827−3003557", ("rejected",)),
    ("외국인등록번호 610014–8705461예요 입력했는데", "610014–8705461", ("예요",)),
    ("my cell is _010-4955-6630_ thanks", "010-4955-6630", ("thanks",)),
    ("my passport no. is _276314100_ ok?", "276314100", ("ok?",)),
    ("acct _9336270673_ for the refund", "9336270673", ("refund",)),
]

# Planted: nanp_prefixed without "1(?=[-.])", _EXTENSION without ",?", kr_landline without
# _EXTENSION, InternationalPhoneRecognizer left out -> the "1-" trunk, comma/내선 extension, +33
# and "(0)" cases went red. The spaced mobiles, +49 and the bracketed +82 are regression cases
# (the last one: intl_plus once took the closing bracket along).
PHONES = [
    ("my cell is [1-695-689-4983] thanks", "1-695-689-4983", ("thanks",)),
    ("연락처 1-691-915-4824입니다 남겨요", "1-691-915-4824", ("입니다",)),
    ("Is 540.980.4087, ext 44280 still your number", "540.980.4087, ext 44280", ("still",)),
    ("급하면 032-7713-3456 내선 962에서 전화 부탁드려요", "032-7713-3456 내선 962", ("에서",)),
    ("my cell is 010 - 4955 - 6630 thanks", "010 - 4955 - 6630", ("thanks",)),
    ("phone: 016-30 59-3662", "016-30 59-3662", ("phone:",)),
    ("Hello,\nI'm writing about the order.\n+33 6 91 95 47 69\nThanks", "+33 6 91 95 47 69", ("Thanks",)),
    ("You can reach me on “+44(0)2074960239” anytime", "+44(0)2074960239", ("anytime",)),
    ("phone: +44 (0)117 496 0683", "+44 (0)117 496 0683", ("phone:",)),
    ("call **+49 30 31095710** after six", "+49 30 31095710", ("after",)),
    ("고객님 휴대폰 번호(+82-10-3700-1690)에 문제가 있습니다", "+82-10-3700-1690", (")에",)),
]

# Planted: LuhnCardRecognizer back to first digits "123456" only -> both Korean domestic cards leaked.
CARDS = [
    ("체크카드 9672-0312-6581-6689인데요 분실 신고요", "9672-0312-6581-6689", ("인데요",)),
    ("결제는 9036.8396.9115.9743으로요 해주세요", "9036.8396.9115.9743", ("으로요",)),
]

# Planted: Ipv6Recognizer left out -> the addresses before a colon stayed whole.
IPS = [
    ("the login came from fe80::78b0:a33f: yesterday", "fe80::78b0:a33f", ("yesterday",)),
    (
        "집 공유기 주소 d8d1:20d6:d790:d188:cf24:a2f3:e3e4:6991:으로요",
        "d8d1:20d6:d790:d188:cf24:a2f3:e3e4:6991",
        ("으로요",),
    ),
]

# Planted: KoreanDriverLicenceRecognizer and LicenceShapeRecognizer left out, UsLicenseRecognizer
# without Korean context -> the region stayed, the UK/FL/CA numbers leaked whole.
LICENCES = [
    ("운전면허 제주 65-124665-43으로요 적었어요", "제주 65-124665-43", ("으로요",)),
    ("면허증 번호는 “SANTI379404AB9CD”로 갱신 언제죠", "SANTI379404AB9CD", ("갱신",)),
    ("운전면허 S706-009-15-828-0이에요 적었어요", "S706-009-15-828-0", ("이에요",)),
    ("운전면허번호 E2335290는요 등록해 주세요", "E2335290", ("는요",)),
    ("my DL is H3049454 thanks", "H3049454", ("thanks",)),
    ("license no **014 783 638** from California", "014 783 638", ("California",)),
]

# Planted: scrubber.analyze without whole_url -> "<URL_1>z/~cindy03/cv.pdf" and "<URL_1>ve()".
# Planted: kr_account_grouped back to \d{2,6} in its last group -> the 카카오뱅크 account leaked.
URLS_AND_ACCOUNTS = [
    ("인스타 http://lopez.biz/~cindy03/cv.pdf까지 팔로우해 주세요", "http://lopez.biz/~cindy03/cv.pdf", ("까지",)),
    ("follow me <http://sims-evans.biz/~snyder/cv.pdf> lol", "http://sims-evans.biz/~snyder/cv.pdf", ("lol",)),
    ("예금주 홍길동 카카오뱅크 2886 63 0864777이요 맞아요", "2886 63 0864777", ("이요",)),
]

# Planted: EnglishAddressRecognizer without the UK-postcode and lower-case patterns,
# kr_address_unit and PostcodeRecognizer left out -> city and postcode, the lower-case address,
# the 동/호 flat and the named postcodes stayed.
ADDRESSES = [
    (
        "I live at 39 Jordan Radial, South Kathleenfurt, W89 0ZR near the park",
        "39 Jordan Radial, South Kathleenfurt, W89 0ZR",
        ("near",),
    ),
    (
        "ship it to 0 Margaret Spur\nSouth Matthew\nL7H 5JJ please",
        "0 Margaret Spur\nSouth Matthew\nL7H 5JJ",
        ("please",),
    ),
    (
        "I live at 8352 karen field, east maryton, ky 78891 near the park",
        "8352 karen field, east maryton, ky 78891",
        ("near",),
    ),
    ("저희 집 신림동 한신빌라 111동 1404호예요 근처 맛집 알려줘", "신림동 한신빌라 111동 1404호", ("예요",)),
    ("my zip code is 90210 for the form", "90210", ("form",)),
    ("우편번호는 06236이에요", "06236", ("이에요",)),
    ('my zip code is "B7 4FL" for the form', "B7 4FL", ("form",)),
    # Planted: the "\\n" fold and unit_street left out -> "North" and "White Falls" stayed.
    (
        'Validate this JSON:\n{"address": "30123 Rosario Pine\\nNorth Kimberlyborough, IL 36070", "vip": false}',
        "30123 Rosario Pine\\nNorth Kimberlyborough, IL 36070",
        ('"vip"',),
    ),
    (
        "ship it to Flat 91, White Falls, Port Gracebury, W8W 0BZ, please",
        "Flat 91, White Falls, Port Gracebury, W8W 0BZ",
        ("please",),
    ),
]

# Planted: _complete_name returning ``end`` unchanged -> "<PERSON_1>수빈이고"; _given_names not
# added in spans() -> the given names before 씨/선배/쌤 leaked; _WORD_RE back to [^\W\d_] -> the
# Latin names glued to particles leaked; _TITLE_BEFORE/_INTRO_ENDS without coach/sgt/professor
# -> those surnames leaked.
NAMES = [
    ("담당자는 이수빈이고 전달 부탁드려요", "이수빈", ("이고",)),
    ("어제 박현주 님께 만났는데 너무 반가웠어", "박현주", ("님께",)),
    ("우리 반 준영 씨 진짜 착해", "준영", ("씨",)),
    ("병철선배 덕분에 잘 끝났어요", "병철", ("선배",)),
    ("안녕 중수쌤 뭐해?", "중수", ("쌤",)),
    ("John Smith에게 메일 써줘", "John Smith", ("에게",)),
    ("영문 이름은 Roh Yujin에서 적어주세요", "Roh Yujin", ("에서",)),
    ("Coach Morris said the results look fine", "Morris", ("said",)),  # "Coach" is a surname: caught already
    ("please email Sgt. Fuller about the grades", "Fuller", ("Sgt.", "about")),
    ("Can you summarise Professor Weaver's paper?", "Weaver", ("Professor", "paper")),
]


# Planted: FieldNameRecognizer left out of the scrubber and names_en without the _OPENERS strip
# -> the JSON and table names and "[michael]" went red (the 성함 line and full_name are found by
# the name models as well and stay as regression cases).
RECORDS = [
    ('고객 데이터 정리해줘:\n{"name": "이민수", "phone": "<PHONE_NUMBER_1>"}', "이민수", ('"phone"',)),
    ("| name | phone |\n|---|---|\n| 주예원 | x |\n이 표를 요약해줘", "주예원", ("요약해줘",)),
    ("- 성함: 김명자\n- 등급: 골드", "김명자", ("등급",)),
    ('full_name = "Jane Doe"', "Jane Doe", ("full_name",)),
    ("hi im [michael] and i need help", "michael", ("help",)),
]


@pytest.mark.parametrize(
    ("text", "value", "keep"),
    [*FOLDING, *PHONES, *CARDS, *IPS, *LICENCES, *URLS_AND_ACCOUNTS, *ADDRESSES, *NAMES, *RECORDS],
)
def test_probe_leak_is_fully_covered(scrubber: Scrubber, text: str, value: str, keep: tuple[str, ...]) -> None:
    assert_fully_covered(scrubber, text, value, keep)


def test_probe_cards_are_luhn_valid() -> None:
    """The card cases above are real card numbers (else the test would prove nothing)."""
    for _text, value, _keep in CARDS:
        assert luhn_valid("".join(ch for ch in value if ch.isdigit()))


# Planted: whole_url without the "cut inside a word" rule -> "user.<URL_1>ve()"; intl_plus
# without its look-behind -> "1 + 2345 6789" became a phone; the bare UK postcode at 0.6 instead
# of 0.3 -> "A4 2PC"; _given_names without the noun check and "고객" -> "접한", "고객" became
# persons, and without the ROLE_NOUNS and noun-plus-particle checks "조교" and "중에" (s12-chatfp's
# chat set; found after the merge); fields._accept always True -> "my-app", "Widget Pro", "Price"
# became persons. The other texts guard the new patterns
# (presidio's own IPv6 pattern still reads "a::b" as an address: not ours, left out).
UNTOUCHED = [
    "why does this fail?\nuser.save()",
    "std::vector<int> and std::map in C++",
    "1 + 2345 6789 = x",
    "the A4 2PC is big",
    "I sold 12345 units in 2020",
    "이를 접한 선생님은 편지를 보냈다",
    "고객님 주문 건 확인해 주세요",
    "조교님 메일은 어떻게 따로 분류하죠?",
    "뉴스랑 예능 중에 선생님께서 더 재밌어하는 게 뭔가요?",
    "마음씨가 착해",
    "남에게 피해만 주지 않는다면 괜찮아요.",
    "the meeting is at 12:30:45 today",
    '{"name": "my-app", "version": "1.0"}',
    "def f(name: str) -> None:",
    '{"name": "Widget Pro", "price": 3}',
    "| name | type |\n|---|---|\n| id | int |\n| Price | float |",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_look_alikes_stay(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text).text == text


def test_ssn_after_equals_stays_an_ssn(scrubber: Scrubber) -> None:
    # Planted: intl_plus accepting "00" + any digit -> the SSN became a PHONE_NUMBER.
    out = scrubber.scrub("new social security number=008-59-3123").text
    assert PLACEHOLDER_RE.fullmatch(out.split("=")[1]) and "US_SSN" in out


def test_folding_keeps_length_and_underscores_inside_values() -> None:
    for text in ("_010-1234-5678_ kim_92@naver.com", "９００１０１–１２３４５６７", "__init__ x_y"):
        folded = fold_for_matching(text)
        assert len(folded) == len(text)
    assert fold_for_matching("_a_b_ kim_92@x.com") == " a_b  kim_92@x.com"
    assert fold_for_matching("900101–1234567") == "900101-1234567"
