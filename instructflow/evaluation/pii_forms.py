"""Labelled PII samples in every form a person writes a structured identifier or an address.

Each sample is one sentence (Korean or English) from a template, with one value planted in it
and its gold span. Values come from our own generators (cards by brand and Luhn, RRNs with valid
and invalid dates and checksums, Korean and US phone plans, bank account layouts, Korean
road/lot addresses from real administrative names) and from Faker (``ko_KR``/``en_US`` e-mails,
IP addresses and addresses), written with varied separators, full-width digits, international
prefixes, and glued to Korean particles ("…로", "…입니다", "…으로요") or English punctuation.

Templates are split in two by position: even-numbered ones are for tuning, odd-numbered ones
are held out (``split="heldout"``) so that reported numbers are not numbers we tuned on; use a
different seed too. Only tests and bench/ import this module (Faker is a dev dependency).
"""

from __future__ import annotations

import random
import string
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from faker import Faker

from instructflow.evaluation.pii import Sample, Span


@dataclass(frozen=True, slots=True)
class FormSample:
    lang: str  # "ko" | "en": the language of the sentence around the value
    entity: str  # gold type: PHONE_NUMBER, EMAIL_ADDRESS, ..., STREET_ADDRESS
    form: str  # "<value variant>/<attachment>": glued (Korean particle), punct or space; "kr_mobile_none/glued"
    sample: Sample


# -- sentence templates ---------------------------------------------------------------------------
# "{v}" is the value, "{label}" a word for it. In Korean the character after {v} is a particle or
# punctuation glued to the value; the "spaced" variant puts a space there instead.

KO_TEMPLATES = (
    "제 {label}는 {v}입니다.",
    "{label} {v}로 연락 주세요.",
    "혹시 {v}으로요? {label} 맞나요?",
    "{label}: {v}이에요. 확인 부탁드려요",
    "어제 알려드린 {label}가 {v}였는데 바뀌었어요.",
    "{v}를 {label}로 등록해 주세요.",
    "고객님 {label}({v})에 문제가 있습니다.",
    "{label}은 {v}이고 나머지는 나중에 보낼게요.",
    '"{v}"라고 {label} 적어뒀어요.',
    "{label} 바꿔줘 {v}로",
    "{v}에서 {label} 변경 요청드립니다",
    "참고로 {label}는 {v}요!",
)
EN_TEMPLATES = (
    "My {label} is {v}.",
    "Please use {v}, it's my {label}.",
    "{label}: {v}",
    "You can find the {label} ({v}) in the form.",
    'Update my {label} to "{v}" before Friday.',
    "hey, {label} {v}; thanks",
    "I wrote down {v} as the {label}!",
    "Send it to {v} - that's the {label} on file.",
    "Is {v} still the {label}? Please confirm.",
    "new {label}={v}",
    "The {label} we have is {v}. Call if that is wrong.",
    "{v} is the {label} I gave them last week.",
)

LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "PHONE_NUMBER": {
        "ko": ("전화번호", "연락처", "휴대폰 번호", "폰번호", "사무실 번호"),
        "en": ("phone number", "number", "cell", "mobile", "contact number"),
    },
    "EMAIL_ADDRESS": {"ko": ("이메일", "메일 주소", "이메일 주소"), "en": ("email", "e-mail address", "mail")},
    "IP_ADDRESS": {"ko": ("IP", "아이피", "서버 주소"), "en": ("IP", "server address", "IP address")},
    "US_SSN": {"ko": ("SSN", "사회보장번호"), "en": ("SSN", "social security number", "social")},
    "KR_RRN": {"ko": ("주민번호", "주민등록번호"), "en": ("resident registration number", "RRN", "ID number")},
    "KR_FRN": {"ko": ("외국인등록번호", "외국인 번호"), "en": ("foreigner registration number", "ARC number")},
    "PASSPORT": {"ko": ("여권번호", "여권 번호"), "en": ("passport number", "passport no")},
    "BANK_ACCOUNT": {"ko": ("계좌번호", "계좌", "입금 계좌"), "en": ("bank account", "account number", "account")},
    "CREDIT_CARD": {"ko": ("카드번호", "신용카드", "체크카드 번호"), "en": ("card number", "credit card", "card")},
    "STREET_ADDRESS": {"ko": ("주소", "집 주소", "배송지"), "en": ("address", "home address", "shipping address")},
}

# -- value generators -----------------------------------------------------------------------------


@dataclass
class _Ctx:
    rng: random.Random
    en: Faker
    ko: Faker

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(n))


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these sit at odd positions once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _group(number: str, sizes: Sequence[int], sep: str) -> str:
    parts, i = [], 0
    for size in sizes:
        if i >= len(number):
            break
        parts.append(number[i : i + size])
        i += size
    if i < len(number):
        parts.append(number[i:])
    return sep.join(parts)


_CARD_BRANDS: dict[str, tuple[tuple[str, ...], int]] = {
    "visa16": (("4",), 16),
    "visa19": (("4",), 19),
    "visa13": (("4",), 13),
    "mastercard5": (("51", "52", "53", "54", "55"), 16),
    "mastercard2": (("2221", "2300", "2500", "2650", "2720"), 16),
    "amex15": (("34", "37"), 15),
    "jcb15": (("2131", "1800"), 15),
    "jcb16": (("3528", "3550", "3589"), 16),
    "maestro12": (("5018", "5020", "6304", "6759"), 12),
    "maestro19": (("5018", "5893", "6763"), 19),
    "discover16": (("6011", "65", "644"), 16),
    "unionpay17": (("62",), 17),
    "diners14": (("36", "300"), 14),
}
_SEPARATORS = {"space": " ", "dash": "-", "dot": ".", "none": ""}


def _card(brand: str, sep: str) -> Callable[[_Ctx], str]:
    prefixes, length = _CARD_BRANDS[brand]

    def make(c: _Ctx) -> str:
        number = _luhn_complete(c.rng.choice(prefixes), length, c.rng)
        sizes = (4, 6, 5) if length == 15 else (4, 6, 4) if length == 14 else (4, 4, 4, 4, 3)
        return _group(number, sizes, _SEPARATORS[sep])

    return make


def _rrn(c: _Ctx, gender: str, *, bad_date: bool = False, bad_check: bool = False, sep: str = "-") -> str:
    yy = f"{c.rng.randint(0, 99):02d}"
    if bad_date:
        mm, dd = c.rng.choice([("00", "15"), ("13", "01"), ("02", "30"), ("07", "32"), ("11", "00")])
    else:
        mm, dd = f"{c.rng.randint(1, 12):02d}", f"{c.rng.randint(1, 28):02d}"
    body = yy + mm + dd + c.rng.choice(gender) + c.digits(5)
    check = (11 - sum(int(d) * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11) % 10
    if bad_check:
        check = (check + c.rng.randint(1, 9)) % 10
    return f"{body[:6]}{sep}{body[6:]}{check}"


def _kr_mobile(sep: str, prefix: str = "") -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        head = c.rng.choice(["010", "010", "011", "016", "019"])
        parts = [head, c.digits(4), c.digits(4)]
        if prefix:
            parts[0] = prefix + (head[1:] if c.rng.random() < 0.8 else head)
        return sep.join(parts)

    return make


_AREA = ("02", "031", "032", "033", "041", "042", "043", "051", "052", "053", "054", "055", "061", "062", "063", "064")


def _kr_landline(fmt: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        area, mid, last = c.rng.choice(_AREA), c.digits(c.rng.choice((3, 4))), c.digits(4)
        mid = str(c.rng.randint(2, 9)) + mid[1:]
        return {"dash": f"{area}-{mid}-{last}", "none": f"{area}{mid}{last}", "paren": f"({area}) {mid}-{last}",
                "+82": f"+82-{area[1:]}-{mid}-{last}"}[fmt]

    return make


def _us_phone(fmt: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        a, b, n = str(c.rng.randint(201, 989)), str(c.rng.randint(200, 999)), c.digits(4)
        ext = c.digits(c.rng.randint(2, 5))
        return {
            "dash": f"{a}-{b}-{n}",
            "paren": f"({a}){c.rng.choice(['', ' '])}{b}-{n}",
            "dot": f"{a}.{b}.{n}",
            "ext": f"{a}-{b}-{n}{c.rng.choice(['x', ' x', ' ext. ', ' ext '])}{ext}",
            "001": f"001-{a}-{b}-{n}" + (f"x{ext}" if c.rng.random() < 0.5 else ""),
            "+1": f"+1-{a}-{b}-{n}" + (f"x{ext}" if c.rng.random() < 0.5 else ""),
            "+1space": f"+1 {a} {b} {n}",
        }[fmt]

    return make


_ACCOUNT_LAYOUTS = ((6, 2, 6), (3, 3, 6), (4, 3, 6), (3, 6, 5), (3, 4, 4, 2), (3, 6, 2, 3), (3, 2, 6), (4, 4, 5))


def _account(sep: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        layout = c.rng.choice(_ACCOUNT_LAYOUTS)
        digits = str(c.rng.randint(1, 9)) + c.digits(sum(layout) - 1)
        return _group(digits, layout, _SEPARATORS[sep])

    return make


def _passport(kind: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        letter = c.rng.choice("MSRODmsr") if kind != "us" else c.rng.choice("ACEX")
        if kind == "kr_new":
            return f"{letter.upper()}{c.digits(3)}{c.rng.choice(string.ascii_uppercase)}{c.digits(4)}"
        if kind == "us":
            return f"{letter}{c.digits(8)}"
        return f"{letter.upper()}{c.digits(8)}"

    return make


def _email(kind: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        fk = c.ko if kind in ("ko_free", "ko_dotted") else c.en
        value = fk.free_email() if kind == "ko_free" else fk.email()
        user, domain = value.split("@")
        if kind == "ko_dotted":
            user = f"{user}.{c.rng.randint(1, 99)}"
        elif kind == "plus_tag":
            user = f"{user}+{c.rng.choice(['shop', 'news', 'a1'])}"
        elif kind == "subdomain":
            domain = f"mail.{domain}"
        return f"{user}@{domain}"

    return make


def _ssn(sep: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        a, b, n = f"{c.rng.randint(1, 665):03d}", f"{c.rng.randint(1, 99):02d}", f"{c.rng.randint(1, 9999):04d}"
        return _SEPARATORS[sep].join((a, b, n))

    return make


# Real administrative names (시/도, 구/군, 동) and common road names; numbers are random.
_KO_SIDO = ("서울특별시", "서울시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
            "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충남", "전북특별자치도", "전라남도", "경상북도",
            "경남", "제주특별자치도")
_KO_GU = ("강남구", "서초구", "마포구", "송파구", "해운대구", "수성구", "연수구", "유성구", "성남시 분당구",
          "수원시 영통구", "춘천시", "청주시 흥덕구", "천안시 동남구", "전주시 완산구", "여수시", "포항시 북구",
          "창원시 의창구", "제주시", "양평군", "고양시 일산동구", "남구", "중구")
_KO_ROAD = ("테헤란로", "세종대로", "올림픽로", "반포대로", "월드컵북로", "해운대해변로", "달구벌대로", "정자일로",
            "판교역로", "중앙로", "동문로", "번영로", "충장로", "대학로", "은행나무길", "연남로5길", "도산대로45길",
            "삼성로85길", "봉은사로")
_KO_DONG = ("역삼동", "서초동", "연남동", "잠실동", "우동", "범어동", "송도동", "봉명동", "정자동", "매탄동", "효자동",
            "복대동", "신부동", "효자동3가", "학동", "대잠동", "용호동", "이도이동", "중동", "삼성동")


def _ko_address(kind: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        r = c.rng
        head = f"{r.choice(_KO_SIDO)} {r.choice(_KO_GU)}"
        number = f"{r.randint(1, 999)}" + (f"-{r.randint(1, 99)}" if r.random() < 0.3 else "")
        building = r.choice(["래미안", "힐스테이트", "한빛빌라"])
        unit = r.choice(["", f", {r.randint(101, 120)}동 {r.randint(1, 25)}{r.randint(1, 4):02d}호",
                         f" {r.randint(2, 15)}층", f" {r.randint(101, 1505)}호",
                         f", {building} {r.randint(1, 9)}0{r.randint(1, 4)}호"])
        if kind == "road":
            return f"{head} {r.choice(_KO_ROAD)} {number}{unit}"
        if kind == "road_dong":
            return f"{head} {r.choice(_KO_ROAD)} {number}{unit} ({r.choice(_KO_DONG)})"
        if kind == "lot":
            return f"{head} {r.choice(_KO_DONG)} {number}{r.choice(['', '번지'])}{unit}"
        if kind == "postcode":
            code = f"{r.randint(1, 63999):05d}"
            return r.choice([f"({code}) ", f"{code} ", f"[{code}] "]) + f"{head} {r.choice(_KO_ROAD)} {number}{unit}"
        if kind == "faker_road":
            return c.ko.road_address()
        if kind == "faker_land":
            return c.ko.land_address()
        return f"{c.ko.address()} {c.ko.address_detail()}"  # faker_full

    return make


def _en_address(kind: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        fk = c.en
        if kind == "faker_multiline":
            return fk.address()
        street = fk.street_address()
        city, state, zipc = fk.city(), fk.state_abbr(include_territories=False), fk.zipcode()
        if kind == "one_line":
            return f"{street}, {city}, {state} {zipc}"
        if kind == "unit":
            return f"{fk.building_number()} {fk.street_name()} {fk.secondary_address()}, {city}, {state} {zipc}"
        if kind == "state_name":
            return f"{street}, {city}, {fk.state()} {zipc}"
        if kind == "zip4":
            return f"{street}, {city} {state} {fk.zipcode_plus4()}"
        return f"{street}\n{city}, {state} {zipc}"  # two_lines

    return make


def _ip(kind: str) -> Callable[[_Ctx], str]:
    def make(c: _Ctx) -> str:
        if kind == "v6":
            return c.en.ipv6()
        if kind == "v4_private":
            return c.en.ipv4_private()
        return c.en.ipv4_public()

    return make


VALUE_FORMS: dict[str, dict[str, Callable[[_Ctx], str]]] = {
    "PHONE_NUMBER": {
        "kr_mobile_dash": _kr_mobile("-"),
        "kr_mobile_none": _kr_mobile(""),
        "kr_mobile_space": _kr_mobile(" "),
        "kr_mobile_dot": _kr_mobile("."),
        "kr_mobile_+82": _kr_mobile("-", prefix="+82-"),
        "kr_mobile_+82space": _kr_mobile(" ", prefix="+82 "),
        "kr_landline_dash": _kr_landline("dash"),
        "kr_landline_none": _kr_landline("none"),
        "kr_landline_paren": _kr_landline("paren"),
        "kr_landline_+82": _kr_landline("+82"),
        **{f"us_{fmt}": _us_phone(fmt) for fmt in ("dash", "paren", "dot", "ext", "001", "+1", "+1space")},
    },
    "EMAIL_ADDRESS": {k: _email(k) for k in ("ko_free", "ko_dotted", "company", "plus_tag", "subdomain")},
    "IP_ADDRESS": {k: _ip(k) for k in ("v4_public", "v4_private", "v6")},
    "US_SSN": {f"ssn_{s}": _ssn(s) for s in ("dash", "space", "dot")},
    "KR_RRN": {
        "rrn_dash": lambda c: _rrn(c, "1234"),
        "rrn_none": lambda c: _rrn(c, "1234", sep=""),
        "rrn_bad_date": lambda c: _rrn(c, "1234", bad_date=True),
        "rrn_bad_checksum": lambda c: _rrn(c, "1234", bad_check=True),
        "rrn_space": lambda c: _rrn(c, "1234", sep=" "),
    },
    "KR_FRN": {
        "frn_dash": lambda c: _rrn(c, "5678"),
        "frn_none": lambda c: _rrn(c, "5678", sep=""),
        "frn_bad_date": lambda c: _rrn(c, "5678", bad_date=True, bad_check=True),
    },
    "PASSPORT": {k: _passport(k) for k in ("kr_old", "kr_new", "us")},
    "BANK_ACCOUNT": {f"account_{s}": _account(s) for s in ("dash", "none", "space")},
    "CREDIT_CARD": {
        **{brand: _card(brand, "space") for brand in _CARD_BRANDS},
        **{f"visa16_{s}": _card("visa16", s) for s in ("dash", "dot", "none")},
        **{f"mastercard2_{s}": _card("mastercard2", s) for s in ("dash", "dot", "none")},
        **{f"jcb15_{s}": _card("jcb15", s) for s in ("dash", "none")},
        **{f"maestro19_{s}": _card("maestro19", s) for s in ("dash", "none")},
    },
    "STREET_ADDRESS": {
        **{f"ko_{k}": _ko_address(k) for k in ("road", "road_dong", "lot", "postcode", "faker_road", "faker_land",
                                               "faker_full")},
        **{f"en_{k}": _en_address(k) for k in ("faker_multiline", "one_line", "unit", "state_name", "zip4",
                                               "two_lines")},
    },
}

# Values only the named language's writers use (a Korean address in an English sentence is fine,
# but a multi-line US address glued to a Korean particle is not a form anyone writes).
_ONLY_LANG = {"en_": "en"}

_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def to_fullwidth(value: str) -> str:
    """Digits and ASCII letters/punctuation as their full-width forms (Korean/Japanese IMEs)."""
    return value.translate(_FULLWIDTH)


def _fill(template: str, label: str, value: str, spaced: bool) -> tuple[str, int, int]:
    head, tail = template.split("{v}")
    head = head.replace("{label}", label)
    tail = tail.replace("{label}", label)
    if spaced and tail and "가" <= tail[0] <= "힣":
        tail = " " + tail
    return head + value + tail, len(head), len(head) + len(value)


def _glue(lang: str, tail: str) -> str:
    if not tail or tail[0].isspace():
        return "space"
    if lang == "ko" and "가" <= tail[0] <= "힣":
        return "glued"
    return "punct"


def templates(lang: str, split: str = "all") -> tuple[str, ...]:
    chosen = KO_TEMPLATES if lang == "ko" else EN_TEMPLATES
    if split == "all":
        return chosen
    if split not in ("tune", "heldout"):
        raise ValueError(f"split must be all, tune or heldout, not {split!r}")
    return chosen[split == "heldout" :: 2]


# Words that say nothing about the value: the "unlabelled" stress set, where only the value's
# own shape can give it away (an undashed account or a bare 13-digit number then may not).
NEUTRAL_LABELS = {"ko": ("정보", "그거", "이 값"), "en": ("info", "value", "thing")}


def _fullwidth_of(forms: dict[str, Callable[[_Ctx], str]], rng: random.Random) -> Callable[[_Ctx], str]:
    """A form that writes a value of any of ``forms`` in full-width digits and letters."""
    return lambda c: to_fullwidth(rng.choice(list(forms.values()))(c))


def generate_forms(seed: int, per_form: int, *, split: str = "all", labelled: bool = True) -> list[FormSample]:
    """``per_form`` samples for every (language, entity, value form), on templates of ``split``.

    A further ``fullwidth`` form per entity writes digit values in full-width characters, and
    every Korean sample is glued to its particle or separated by a space at random (named in
    form). ``labelled=False`` replaces the word for the value ("전화번호", "card number") by a
    neutral one.
    """
    rng = random.Random(seed)
    en, ko = Faker("en_US"), Faker("ko_KR")
    en.seed_instance(seed)
    ko.seed_instance(seed + 1)
    ctx = _Ctx(rng, en, ko)
    out: list[FormSample] = []
    for lang in ("ko", "en"):
        chosen = templates(lang, split)
        for entity, forms in VALUE_FORMS.items():
            items = [(name, make) for name, make in forms.items() if _ONLY_LANG.get(name[:3], lang) == lang]
            if entity != "STREET_ADDRESS" and entity != "EMAIL_ADDRESS":
                items.append(("fullwidth", _fullwidth_of(forms, rng)))
            for name, make in items:
                for _ in range(per_form):
                    value = make(ctx)
                    if lang == "en" and "\n" in value and rng.random() < 0.5:
                        value = value.replace("\n", ", ")
                    template = rng.choice(chosen)
                    spaced = lang == "ko" and rng.random() < 0.3
                    labels = LABELS[entity][lang] if labelled else NEUTRAL_LABELS[lang]
                    text, start, end = _fill(template, rng.choice(labels), value, spaced)
                    glue = _glue(lang, text[end:])
                    out.append(FormSample(lang, entity, f"{name}/{glue}", Sample(text, ((entity, start, end),))))
    return out


# -- measurement ------------------------------------------------------------------------------------


def _significant(ch: str) -> bool:
    return ch.isalnum()


def coverage(sample: Sample, found: Sequence[Span]) -> tuple[bool, bool]:
    """(value gone, fully covered) of the sample's one gold span against found spans of any type.

    * value gone: a finding overlaps the value (the detector saw it: span-overlap recall);
    * fully covered: every letter and digit of the value lies inside some finding.
    Punctuation and spaces inside the value (dashes, commas of an address) are not counted.
    """
    _, gs, ge = sample.spans[0]
    hits = [(s, e) for _, s, e in found if s < ge and gs < e]
    if not hits:
        return False, False
    covered = all(
        any(s <= i < e for s, e in hits) for i in range(gs, ge) if _significant(sample.text[i])
    )
    return True, covered


@dataclass(frozen=True, slots=True)
class FormScore:
    n: int
    gone: int
    full: int

    @property
    def gone_rate(self) -> float:
        return self.gone / self.n if self.n else float("nan")

    @property
    def full_rate(self) -> float:
        return self.full / self.n if self.n else float("nan")


def score_forms(
    samples: Sequence[FormSample],
    detect: Callable[[str], Sequence[Span]],
    key: Callable[[FormSample], tuple] | None = None,
) -> dict[tuple, FormScore]:
    """Per (lang, entity, form) — or per ``key(sample)`` — counts of gone and fully covered."""
    key = key or (lambda s: (s.lang, s.entity, s.form))
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in samples:
        gone, full = coverage(s.sample, detect(s.sample.text))
        c = counts[key(s)]
        c[0] += 1
        c[1] += gone
        c[2] += full
    return {k: FormScore(*v) for k, v in sorted(counts.items())}


def variant_key(s: FormSample) -> tuple[str, str, str]:
    """(lang, entity, value variant): the form without how it is attached."""
    return s.lang, s.entity, s.form.split("/")[0]


def glue_key(s: FormSample) -> tuple[str, str, str]:
    """(lang, entity, attachment): glued/spaced/punct/space."""
    return s.lang, s.entity, s.form.split("/")[1]
