"""An adversarial PII probe, written as an outside grader would: values from Faker (ko_KR, en_US,
en_GB) and our own generators, in carriers the way Korean and English chat users write them.

Written without reading the project's other generators (pii_forms.py, names.py), so the
scrubber is scored on templates and value formats it was not tuned to. Every value is placed
in a carrier sentence and then *dressed*: glued to a Korean particle ("…로", "…으로요",
"…입니다"), wrapped in English punctuation, quotes, brackets or markdown (``**…**``, backticks),
or put into a JSON object, a code line, a markdown list or table, a multi-line prompt.

Each :class:`~instructflow.evaluation.pii.Sample` carries the gold span of the value alone (not
its particle, quotes or title), its language (the carrier's) and a form
``"<kind>:<value form>/<dress>"``, so a leak can be traced to the value format or to the dress.
Reproducible: the same seed gives the same texts.

    instructflow eval pii --set probe [--by-form]
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from instructflow.evaluation.pii import Sample, register_set

SEED = 1212
PER_KIND = 110  # texts per (kind, language); ~30 kinds x 1-2 languages -> ~3,000 texts

# -- small helpers --------------------------------------------------------------------------------

_FW = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def fullwidth(s: str) -> str:
    return s.translate(_FW)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _has_final(syllable: str) -> bool:
    """A Hangul syllable ending in a consonant (받침): picks 이/가, 으로/로, 아/야."""
    code = ord(syllable[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefABCDEF0123456789") for _ in range(n))


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions get doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


# -- values ---------------------------------------------------------------------------------------
# Each generator returns (value, form name). Values never contain the carrier's words.

Value = tuple[str, str]


def kr_mobile(rng: random.Random, fk: Faker) -> Value:
    mid, last = _digits(rng, 4), _digits(rng, 4)
    pre = rng.choice(["010", "010", "010", "011", "016", "019"])
    forms = {
        "dash": f"{pre}-{mid}-{last}",
        "dot": f"{pre}.{mid}.{last}",
        "space": f"{pre} {mid} {last}",
        "bare": f"{pre}{mid}{last}",
        "plus82": f"+82 {pre[1:]}-{mid}-{last}",
        "plus82_space": f"+82 {pre[1:]} {mid} {last}",
        "plus82_bare": f"+82{pre[1:]}{mid}{last}",
        "plus82_dash0": f"+82-{pre}-{mid}-{last}",
        "paren": f"({pre}) {mid}-{last}",
        "fullwidth": fullwidth(f"{pre}-{mid}-{last}"),
        "spaced_dash": f"{pre} - {mid} - {last}",
        "split_inside": f"{pre}-{mid[:2]} {mid[2:]}-{last}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def kr_landline(rng: random.Random, fk: Faker) -> Value:
    area = rng.choice(["02", "031", "032", "051", "053", "042", "062", "064", "070", "033", "055"])
    mid = _digits(rng, 3 if area != "070" and rng.random() < 0.4 else 4)
    mid = str(rng.randint(2, 9)) + mid[1:]
    last = _digits(rng, 4)
    forms = {
        "dash": f"{area}-{mid}-{last}",
        "paren": f"({area}) {mid}-{last}",
        "paren_glued": f"({area}){mid}-{last}",
        "dot": f"{area}.{mid}.{last}",
        "bare": f"{area}{mid}{last}",
        "plus82": f"+82 {area[1:]} {mid} {last}",
        "plus82_dash": f"+82-{area[1:]}-{mid}-{last}",
        "ext": f"{area}-{mid}-{last} 내선 {rng.randint(100, 9999)}",
        "faker": fk.phone_number(),
    }
    form = rng.choice(list(forms))
    return forms[form], form


def us_phone(rng: random.Random, fk: Faker) -> Value:
    a = str(rng.randint(2, 9)) + _digits(rng, 2)
    b = str(rng.randint(2, 9)) + _digits(rng, 2)
    c = _digits(rng, 4)
    ext = str(rng.randint(1, 99999))
    forms = {
        "paren": f"({a}) {b}-{c}",
        "dash": f"{a}-{b}-{c}",
        "dot": f"{a}.{b}.{c}",
        "space": f"{a} {b} {c}",
        "plus1": f"+1 {a} {b} {c}",
        "plus1_dash": f"+1-{a}-{b}-{c}",
        "plus1_paren": f"+1 ({a}) {b}-{c}",
        "one_dash": f"1-{a}-{b}-{c}",
        "001": f"001-{a}-{b}-{c}",
        "ext_x": f"{a}-{b}-{c}x{ext}",
        "ext_word": f"({a}) {b}-{c} ext. {ext}",
        "ext_comma": f"{a}.{b}.{c}, ext {ext}",
        "ext_hash": f"{a}-{b}-{c} #{ext[:3]}",
        "bare": f"{a}{b}{c}",
        "faker": fk.phone_number(),
        "fullwidth": fullwidth(f"{a}-{b}-{c}"),
    }
    form = rng.choice(list(forms))
    return forms[form], form


def intl_phone(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "uk_faker": fk.phone_number(),
        "uk_mobile": f"07{rng.randint(100, 999)} {_digits(rng, 6)}",
        "uk_plus44": f"+44 7{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
        "uk_london": f"+44 (0)20 7{_digits(rng, 3)} {_digits(rng, 4)}",
        "jp": f"+81 90-{_digits(rng, 4)}-{_digits(rng, 4)}",
        "cn": f"+86 138 {_digits(rng, 4)} {_digits(rng, 4)}",
        "de": f"+49 30 {rng.randint(1000000, 99999999)}",
        "fr": f"+33 6 {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}",
        "de_ext": f"+49 89 {_digits(rng, 6)}-{rng.randint(10, 999)}",
        "00_prefix": f"0044 20 7{_digits(rng, 3)} {_digits(rng, 4)}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def _birth(rng: random.Random, impossible: bool) -> str:
    yy = _digits(rng, 2)
    if impossible:
        mm, dd = rng.choice(
            [
                ("00", f"{rng.randint(1, 28):02d}"),
                ("13", "05"),
                (f"{rng.randint(1, 12):02d}", "00"),
                ("02", "31"),
                ("19", "45"),
                ("04", "32"),
            ]
        )
    else:
        mm, dd = f"{rng.randint(1, 12):02d}", f"{rng.randint(1, 28):02d}"
    return yy + mm + dd


def rrn(rng: random.Random, fk: Faker, foreigner: bool = False) -> Value:
    impossible = rng.random() < 0.35
    g = rng.choice("5678" if foreigner else "1234")
    front, back = _birth(rng, impossible), g + _digits(rng, 6)
    tag = "baddate_" if impossible else ""
    forms = {
        "dash": f"{front}-{back}",
        "space": f"{front} {back}",
        "spaced_dash": f"{front} - {back}",
        "bare": f"{front}{back}",
        "fullwidth": fullwidth(f"{front}-{back}"),
        "en_dash": f"{front}–{back}",  # typed by autocorrect (U+2013)
    }
    form = rng.choice(list(forms))
    return forms[form], tag + form


def frn(rng: random.Random, fk: Faker) -> Value:
    return rrn(rng, fk, foreigner=True)


_CARD_PREFIXES = [  # (issuer, prefix, lengths)
    ("visa", "4", (13, 16, 19)),
    ("mc", "5", (16,)),
    ("mc2", "2221", (16,)),
    ("mc2", "2720", (16,)),
    ("amex", "37", (15,)),
    ("amex", "34", (15,)),
    ("jcb", "35", (16,)),
    ("jcb15", "2131", (15,)),
    ("jcb15", "1800", (15,)),
    ("diners", "36", (14,)),
    ("discover", "6011", (16,)),
    ("maestro", "50", (12, 13, 16, 18, 19)),
    ("maestro", "67", (12, 16, 19)),
    ("unionpay", "62", (16, 17, 18, 19)),
    ("bc_kr", "9", (16,)),  # BC카드 numbers start with 9 in Korea
]


def _group(digits: str, sizes: list[int]) -> list[str]:
    out, i = [], 0
    for s in sizes:
        out.append(digits[i : i + s])
        i += s
    if i < len(digits):
        out.append(digits[i:])
    return [g for g in out if g]


def card(rng: random.Random, fk: Faker) -> Value:
    issuer, prefix, lengths = rng.choice(_CARD_PREFIXES)
    n = rng.choice(lengths)
    number = _luhn_complete(prefix + _digits(rng, n - len(prefix) - 1))
    if n == 15:
        groups = _group(number, [4, 6, 5])
    elif n == 14:
        groups = _group(number, [4, 6, 4])
    else:
        groups = _group(number, [4] * 5)
    layout = rng.choice(["dash", "space", "dot", "bare", "bare", "fullwidth"])
    sep = {"dash": "-", "space": " ", "dot": ".", "fullwidth": "-"}.get(layout, "")
    value = sep.join(groups) if sep else number
    if layout == "fullwidth":
        value = fullwidth(value)
    return value, f"{issuer}{n}_{layout}"


_KR_BANKS = [  # (bank name, group sizes)
    ("국민은행", [6, 2, 6]),
    ("신한은행", [3, 3, 6]),
    ("우리은행", [4, 3, 6]),
    ("하나은행", [3, 6, 5]),
    ("농협", [3, 4, 4, 2]),
    ("기업은행", [3, 6, 2, 3]),
    ("카카오뱅크", [4, 2, 7]),
    ("토스뱅크", [4, 4, 4]),
    ("케이뱅크", [3, 3, 6]),
    ("우체국", [6, 2, 6]),
    ("새마을금고", [4, 4, 4, 1]),
    ("SC제일은행", [3, 2, 6]),
]


def kr_account(rng: random.Random, fk: Faker) -> Value:
    bank, sizes = rng.choice(_KR_BANKS)
    groups = [_digits(rng, s) for s in sizes]
    groups[0] = str(rng.randint(1, 9)) + groups[0][1:]
    layout = rng.choice(["dash", "dash", "bare", "space"])
    value = {"dash": "-".join(groups), "bare": "".join(groups), "space": " ".join(groups)}[layout]
    return f"{bank}\x00{value}", f"{layout}"


def en_account(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "us_10": _digits(rng, 10),
        "us_12": str(rng.randint(1, 9)) + _digits(rng, 11),
        "uk_8": _digits(rng, 8),
        "iban_spaced": " ".join(_group(fk.iban(), [4] * 9)),  # printed in groups of four
        "iban_bare": fk.iban(),
    }
    form = rng.choice(list(forms))
    return forms[form], form


def passport(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "kr_old": rng.choice("MSRO") + _digits(rng, 8),
        "kr_2021": f"M{_digits(rng, 3)}{rng.choice('ABCDEFGHJK')}{_digits(rng, 4)}",
        "us_9": str(rng.randint(1, 9)) + _digits(rng, 8),
        "us_letter": rng.choice("ACEFH") + _digits(rng, 8),
        "uk_9": str(rng.randint(1, 9)) + _digits(rng, 8),
    }
    form = rng.choice(list(forms))
    return forms[form], form


_KR_REGIONS = ["서울", "부산", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주", "대구", "인천"]


def driver_licence(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "kr_dash": f"{rng.randint(11, 28)}-{_digits(rng, 2)}-{_digits(rng, 6)}-{_digits(rng, 2)}",
        "kr_region": f"{rng.choice(_KR_REGIONS)} {_digits(rng, 2)}-{_digits(rng, 6)}-{_digits(rng, 2)}",
        "kr_bare": f"{rng.randint(11, 28)}{_digits(rng, 10)}",
        "us_ca": rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + _digits(rng, 7),
        "us_ny": f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
        "us_fl": f"{rng.choice('BCDFGHJKLMNPRSTW')}{_digits(rng, 3)}-{_digits(rng, 3)}-"
        f"{_digits(rng, 2)}-{_digits(rng, 3)}-0",
        "uk": (fk.last_name().upper() + "99999")[:5] + _digits(rng, 6) + "AB9CD",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def ip(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "v4": fk.ipv4(),
        "v4_private": f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        # the port is no part of the address (the gold span stops before ":"), see _value_samples
        "v4_port": f"{fk.ipv4()}\x01:{rng.choice([22, 80, 443, 8080, 5432])}",
        "v6_full": fk.ipv6(),
        "v6_short": f"2001:db8:{rng.randint(1, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}",
        "v6_link": f"fe80::{rng.randint(1, 0xFFFF):x}:{rng.randint(1, 0xFFFF):x}",
        "v4_cidr": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0/24",
    }
    form = rng.choice(list(forms))
    return forms[form], form


_KR_DOMAINS = [
    "naver.com",
    "daum.net",
    "hanmail.net",
    "kakao.com",
    "gmail.com",
    "nate.com",
    "korea.ac.kr",
    "snu.ac.kr",
    "samsung.com",
]


def email(rng: random.Random, fk: Faker) -> Value:
    user = fk.user_name()
    domain = rng.choice([*_KR_DOMAINS, fk.free_email_domain(), fk.domain_name()])
    forms = {
        "plain": f"{user}@{domain}",
        "dotted": f"{user.split('_')[0]}.{rng.choice(['kim', 'lee', 'park', 'smith', 'jones'])}@{domain}",
        "plus": f"{user}+{rng.choice(['shop', 'news', 'work', '2024', 'spam'])}@{domain}",
        "upper": f"{user}@{domain}".upper(),
        "digits": f"{user}{rng.randint(1, 99)}@{domain}",
        "subdomain": f"{user}@mail.{fk.domain_word()}.co.kr",
        "underscore": f"{user}_{rng.randint(70, 99)}@{domain}",
        "faker": fk.email(),
    }
    form = rng.choice(list(forms))
    return forms[form], form


def personal_url(rng: random.Random, fk: Faker) -> Value:
    user = fk.user_name()
    forms = {
        "github": f"https://github.com/{user}",
        "insta": f"instagram.com/{user}",
        "naver_blog": f"https://blog.naver.com/{user}",
        "facebook": f"www.facebook.com/{user}.{rng.randint(1, 999)}",
        "linkedin": f"https://www.linkedin.com/in/{user}-{rng.randint(1000, 9999):x}",
        "drive": f"https://drive.google.com/file/d/1{_token(rng, 20)}/view",
        "tistory": f"https://{user}.tistory.com/{rng.randint(1, 300)}",
        "youtube": f"https://www.youtube.com/@{user}",
        "home": f"http://{fk.domain_name()}/~{user}/cv.pdf",
    }
    form = rng.choice(list(forms))
    return forms[form], form


_KR_CITIES = [
    ("서울특별시", ["강남구", "마포구", "송파구", "관악구", "노원구", "서초구"]),
    ("서울시", ["종로구", "성동구", "은평구"]),
    ("부산광역시", ["해운대구", "수영구", "사하구"]),
    ("경기도 성남시", ["분당구", "수정구"]),
    ("경기도 수원시", ["영통구", "팔달구"]),
    ("인천광역시", ["연수구", "남동구"]),
    ("대전", ["유성구", "서구"]),
]
_KR_DONG = ["역삼동", "서교동", "잠실동", "신림동", "상계동", "우동", "정자동", "매탄동", "송도동", "봉명동", "반포동"]
_KR_ROADS = ["테헤란로", "월드컵북로", "올림픽로", "관악로", "해운대로", "정자일로", "봉은사로", "광교중앙로", "양화로"]
_KR_BLDGS = ["래미안아파트", "푸르지오", "센텀파크", "한신빌라", "현대아파트", "자이", "오피스텔"]


def kr_address(rng: random.Random, fk: Faker) -> Value:
    city, gus = rng.choice(_KR_CITIES)
    gu, dong, road = rng.choice(gus), rng.choice(_KR_DONG), rng.choice(_KR_ROADS)
    forms = {
        "road_floor": f"{city} {gu} {road} {rng.randint(1, 400)}, {rng.randint(2, 20)}층 ({dong})",
        "road_unit": f"{city} {gu} {road}{rng.randint(1, 99)}길 {rng.randint(1, 60)} "
        f"{rng.randint(101, 112)}동 {rng.randint(1, 25)}0{rng.randint(1, 4)}호",
        "jibun": f"{city} {gu} {dong} {rng.randint(1, 999)}-{rng.randint(1, 99)}번지",
        "jibun_floor": f"{gu} {dong} {rng.randint(1, 999)}-{rng.randint(1, 99)}번지 {rng.randint(1, 5)}층",
        "apt": f"{city} {gu} {dong} {rng.choice(_KR_BLDGS)} {rng.randint(101, 115)}동 "
        f"{rng.randint(1, 30)}0{rng.randint(1, 6)}호",
        "short_apt": f"{dong} {rng.choice(_KR_BLDGS)} {rng.randint(101, 115)}동 "
        f"{rng.randint(1, 30)}0{rng.randint(1, 6)}호",
        "faker": fk.address(),
        "zip_prefix": f"({rng.randint(1, 63):02d}{_digits(rng, 3)}) {city} {gu} {road} {rng.randint(1, 300)}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def en_address(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "us_faker": fk.address(),
        "us_oneline": fk.address().replace("\n", ", "),
        "us_street_apt": f"{fk.building_number()} {fk.street_name()}, Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
        "us_suite": f"{fk.building_number()} {fk.street_name()} Suite {rng.randint(100, 999)}, {fk.city()}, "
        f"{fk.state_abbr()} {fk.zipcode_plus4()}",
        "us_lower": fk.address().replace("\n", ", ").lower(),
        "po_box": f"PO Box {rng.randint(10, 9999)}, {fk.city()}, {fk.state_abbr()} {fk.zipcode()}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def uk_address(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "uk_faker": fk.address(),
        "uk_oneline": fk.address().replace("\n", ", "),
        "uk_flat": f"Flat {rng.randint(1, 30)}, {fk.building_number()} {fk.street_name()}, {fk.city()} {fk.postcode()}",
        "uk_house": f"{fk.building_number()} {fk.street_name()}\n{fk.city()}\n{fk.postcode()}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


def postcode(rng: random.Random, fk: Faker) -> Value:
    forms = {
        "kr_5": f"{rng.randint(1, 63):02d}{_digits(rng, 3)}",
        "kr_old": f"{_digits(rng, 3)}-{_digits(rng, 3)}",
        "us_zip": f"{rng.randint(1, 99):02d}{_digits(rng, 3)}",
        "us_zip4": f"{rng.randint(1, 99):02d}{_digits(rng, 3)}-{_digits(rng, 4)}",
        "uk": f"{rng.choice(['SW', 'EC', 'N', 'M', 'B', 'LS', 'G'])}{rng.randint(1, 20)} "
        f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTUWXYZ')}",
    }
    form = rng.choice(list(forms))
    return forms[form], form


# -- names -------------------------------------------------------------------------------------------

_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIAL = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINAL = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
_SURNAMES = {
    "김": ["Kim", "Gim"],
    "이": ["Lee", "Yi", "Rhee", "I"],
    "박": ["Park", "Pak", "Bak"],
    "최": ["Choi", "Choe"],
    "정": ["Jung", "Jeong", "Chung"],
    "강": ["Kang", "Gang"],
    "조": ["Cho", "Jo"],
    "윤": ["Yoon", "Yun"],
    "장": ["Jang", "Chang"],
    "임": ["Lim", "Im"],
    "한": ["Han"],
    "오": ["Oh", "O"],
    "서": ["Seo", "Suh"],
    "신": ["Shin", "Sin"],
    "권": ["Kwon", "Gwon"],
    "황": ["Hwang"],
    "안": ["Ahn", "An"],
    "송": ["Song"],
    "류": ["Ryu", "Yoo"],
    "전": ["Jeon", "Jun", "Chun"],
    "홍": ["Hong"],
    "고": ["Ko", "Go"],
    "문": ["Moon", "Mun"],
    "양": ["Yang"],
    "손": ["Son", "Sohn"],
    "배": ["Bae"],
    "백": ["Baek", "Paik"],
    "허": ["Heo", "Hur"],
    "유": ["Yoo", "Yu"],
    "남": ["Nam"],
    "심": ["Shim", "Sim"],
    "노": ["Noh", "Roh"],
    "하": ["Ha"],
    "곽": ["Kwak"],
    "성": ["Sung", "Seong"],
    "차": ["Cha"],
    "주": ["Joo", "Ju"],
    "우": ["Woo"],
    "구": ["Koo", "Gu"],
    "민": ["Min"],
    "진": ["Jin"],
    "엄": ["Eom", "Um"],
    "채": ["Chae"],
    "원": ["Won"],
    "천": ["Cheon"],
    "현": ["Hyun"],
    "변": ["Byun"],
    "여": ["Yeo"],
    "추": ["Choo"],
    "도": ["Do"],
    "석": ["Seok"],
}


def romanize_syllable(syl: str, style: str, first: bool) -> str:
    code = ord(syl) - 0xAC00
    i, m, f = code // 588, (code % 588) // 28, code % 28
    ini, med, fin = _INITIAL[i], _MEDIAL[m], _FINAL[f]
    if style == "mr" and first:  # McCune-Reischauer-ish: aspirated word-initial stops
        ini = {"g": "k", "d": "t", "b": "p", "j": "ch"}.get(ini, ini)
    if style == "popular":  # the spellings people pick for passports and business cards
        med = {"u": "oo", "eo": "u" if fin else "eo", "eu": "eu"}.get(med, med)
        if (ini, med) == ("s", "i"):
            ini = "sh"
    return ini + med + fin


def romanize_given(given: str, style: str, joiner: str) -> str:
    parts = [romanize_syllable(s, style, k == 0) for k, s in enumerate(given)]
    out = parts[0].capitalize()
    for p in parts[1:]:
        out += (joiner + (p.capitalize() if joiner == " " else p)) if joiner else p
    return out


def _ko_name(fk: Faker, rng: random.Random) -> tuple[str, str]:
    """A Korean surname (one in our romanization table) and a two-syllable given name."""
    given = fk.first_name()
    while len(given) != 2:
        given = fk.first_name()
    return rng.choice(list(_SURNAMES)), given


def romanized_name(rng: random.Random, fk: Faker) -> Value:
    sur, given = _ko_name(fk, rng)
    style = rng.choice(["rr", "mr", "popular"])
    joiner = rng.choice(["-", "", " "])
    roman_sur = rng.choice(_SURNAMES[sur])
    g = romanize_given(given, style, joiner)
    order = rng.choice(["family_first", "given_first", "upper", "lower"])
    value = {
        "family_first": f"{roman_sur} {g}",
        "given_first": f"{g} {roman_sur}",
        "upper": f"{roman_sur} {g}".upper(),
        "lower": f"{g} {roman_sur}".lower(),
    }[order]
    return value, f"{style}_{order}"


_WEST_GIVEN_KO = [
    "존",
    "제임스",
    "마이클",
    "데이비드",
    "로버트",
    "윌리엄",
    "크리스",
    "다니엘",
    "매튜",
    "앤드류",
    "조셉",
    "토마스",
    "사라",
    "제니퍼",
    "에밀리",
    "엘리자베스",
    "제시카",
    "애슐리",
    "레이첼",
    "로라",
    "올리비아",
    "소피아",
    "케이트",
    "브라이언",
    "케빈",
    "스티븐",
    "라이언",
    "저스틴",
    "니콜",
    "멜리사",
    "아만다",
    "스테파니",
]
_WEST_SUR_KO = [
    "스미스",
    "존슨",
    "윌리엄스",
    "브라운",
    "밀러",
    "데이비스",
    "윌슨",
    "앤더슨",
    "테일러",
    "무어",
    "마틴",
    "톰슨",
    "화이트",
    "해리스",
    "클라크",
    "루이스",
    "워커",
    "로빈슨",
    "가르시아",
    "로드리게스",
    "에반스",
    "휴즈",
]


def western_hangul(rng: random.Random, fk: Faker) -> Value:
    g, s = rng.choice(_WEST_GIVEN_KO), rng.choice(_WEST_SUR_KO)
    form = rng.choice(["full", "full", "glued_full", "given_only"])
    value = {"full": f"{g} {s}", "glued_full": f"{g}{s}", "given_only": g}[form]
    return value, form


def english_name(rng: random.Random, fk: Faker) -> Value:
    name = f"{fk.first_name()} {fk.last_name()}"
    form = rng.choice(["title", "lower", "upper", "lower", "given_lower", "last_first", "initial"])
    value = {
        "title": name,
        "lower": name.lower(),
        "upper": name.upper(),
        "given_lower": name.split()[0].lower(),
        "last_first": f"{name.split()[1]}, {name.split()[0]}",
        "initial": f"{name.split()[0][0]}. {name.split()[1]}",
    }[form]
    return value, form


# -- carriers ------------------------------------------------------------------------------------
# "{v}" is where the dressed value goes. Korean carriers put a particle after it (dress "glued"),
# English ones punctuation or markdown.

_KO_PARTICLES = [
    "로",
    "으로",
    "으로요",
    "입니다",
    "이에요",
    "예요",
    "까지",
    "에서",
    "은요",
    "는요",
    "이고",
    "랑",
    "이요",
    "도",
    "만",
    "였는데",
    "이라고",
    "요",
    "인데요",
    "(으)로",
]
_EN_WRAPS = [
    ("", "."),
    ("", ","),
    ("(", ")"),
    ('"', '"'),
    ("“", "”"),
    ("'", "'"),
    ("**", "**"),
    ("`", "`"),
    ("[", "]"),
    ("<", ">"),
    ("", "?"),
    ("", "!"),
    ("", ":"),
    ("*", "*"),
    ("_", "_"),
    ("", "..."),
]

_CARRIERS: dict[str, dict[str, list[str]]] = {
    "phone": {
        "ko": [
            "제 번호는 {v} 연락 주세요",
            "연락처 {v} 남겨요",
            "급하면 {v} 전화 부탁드려요",
            "혹시 {v} 맞나요?",
            "대표번호 말고 제 휴대폰 {v} 문자 주세요",
            "집 전화는 {v} 밤엔 안 받아요",
        ],
        "en": [
            "call me at {v} after 6pm",
            "my cell is {v} thanks",
            "You can reach Dana on {v} anytime",
            "phone: {v}",
            "text {v} if the door is locked",
            "Is {v} still your number",
        ],
    },
    "rrn": {
        "ko": [
            "주민번호 {v} 맞는지 확인해 주세요",
            "제 주민등록번호는 {v} 고쳐주세요",
            "외국인등록번호 {v} 입력했는데 오류가 나요",
            "등록번호 {v} 넣으면 되나요",
            "신분증 번호가 {v} 뭐가 문제죠",
        ],
        "en": [
            "my resident registration number is {v} please update",
            "RRN {v} was rejected",
            "ARC no. {v} for the visa form",
        ],
    },
    "card": {
        "ko": [
            "카드번호 {v} 결제가 안 돼요",
            "이 카드 {v} 해지하고 싶어요",
            "신용카드 {v} 유효기간 12/27",
            "체크카드 {v} 분실 신고요",
            "결제는 {v} 해주세요",
        ],
        "en": [
            "card number {v} exp 09/28",
            "charge it to {v} please",
            "my visa {v} got declined",
            "use {v} for the deposit",
            "the card ending in 1234 is not it, it's {v} you want",
        ],
    },
    "account": {
        "ko": [
            "{bank} {v} 입금 부탁드립니다",
            "환불은 {bank} {v} 보내주세요",
            "예금주 홍길동 {bank} {v} 맞아요",
            "계좌 {v} ({bank}) 이체했어요",
        ],
        "en": [
            "wire it to account {v} please",
            "my bank account number is {v} at Chase",
            "IBAN {v} for the refund",
            "acct {v} routing 021000021",
        ],
    },
    "passport": {
        "ko": ["여권번호 {v} 예약에 넣어 주세요", "여권 번호가 {v} 맞나요", "새 여권 {v} 로 바뀌었어요"],
        "en": ["passport number {v} expires next year", "my passport no. is {v} ok?", "Passport {v} issued in Seoul"],
    },
    "licence": {
        "ko": ["운전면허번호 {v} 등록해 주세요", "면허증 번호는 {v} 갱신 언제죠", "운전면허 {v} 적었어요"],
        "en": ["driver's license number {v} for the rental", "my DL is {v} thanks", "license no {v} from California"],
    },
    "ip": {
        "ko": [
            "제 서버 IP는 {v} 접속이 안 돼요",
            "집 공유기 주소 {v} 포트포워딩 어떻게 해요",
            "로그에 {v} 계속 찍혀요",
        ],
        "en": [
            "ssh into {v} and restart nginx",
            "my home IP is {v} can you whitelist it",
            "the login came from {v} yesterday",
        ],
    },
    "email": {
        "ko": [
            "메일은 {v} 보내주세요",
            "제 이메일 {v} 확인 부탁드려요",
            "계정 {v} 비밀번호를 잊어버렸어요",
            "{v} 연락 주세요",
        ],
        "en": [
            "email me at {v} when done",
            "send the invoice to {v} thanks",
            "my login is {v} and it fails",
            "cc {v} on the thread",
        ],
    },
    "url": {
        "ko": ["제 블로그 {v} 들어가 보세요", "포트폴리오는 {v} 있어요", "인스타 {v} 팔로우해 주세요"],
        "en": ["check out my profile {v} for more", "my CV is at {v} now", "follow me {v} lol"],
    },
    "address": {
        "ko": [
            "배송지는 {v} 해주세요",
            "주소: {v} 여기로 보내주세요",
            "저희 집 {v} 근처 맛집 알려줘",
            "이사 간 곳이 {v} 등본 떼야 해요",
        ],
        "en": [
            "ship it to {v} please",
            "I live at {v} near the park",
            "my address is {v} thanks",
            "deliver to {v} after 5",
        ],
    },
    "postcode": {
        "ko": ["우편번호 {v} 맞는지 봐주세요", "우편번호는 {v} 적었어요"],
        "en": ["my zip code is {v} for the form", "postcode {v} isn't recognised", "ZIP {v} is wrong on the label"],
    },
    "name_full_ko": {
        "ko": [
            "안녕하세요 저는 {v} 문의드립니다",
            "성함은 {v} 기록해 주세요",
            "담당자는 {v} 전달 부탁드려요",
            "{v} 고객님 주문 건 확인해 주세요",
            "어제 {v} 만났는데 너무 반가웠어",
            "보낸 사람: {v}",
        ],
        "en": ["my colleague {v} will join the call", "Contact person: {v}"],
    },
    "name_roman": {
        "ko": ["영문 이름은 {v} 적어주세요", "여권 영문명 {v} 맞나요"],
        "en": [
            "hi, this is {v} from the sales team",
            "Please forward this to {v} asap",
            "Regards, {v}",
            "my friend {v} recommended you",
            "— {v}. Classify the tweet below.",
        ],
    },
    "name_west_ko": {
        "ko": [
            "우리 팀에 {v} 새로 왔어요",
            "{v} 한테 메일 보내줘",
            "영어 선생님 {v} 수업 어때요",
            "이번 주 {v} 출장 가요",
        ],
    },
    "name_en": {
        "en": [
            "hi im {v} and i need help with my order",
            "my name is {v} nice to meet u",
            "Please call {v} back",
            "signed {v}",
            "tell {v} i said hello",
            "Dear {v} thanks for the quick reply",
        ],
        "ko": ["{v} 에게 메일 써줘", "영어 이름 {v} 써도 돼요?"],
    },
}

_GIVEN_HONORIFICS = [
    "님",
    "씨",
    " 선생님",
    "쌤",
    "군",
    "양",
    "이",
    "아",
    "님께",
    " 씨",
    "이가",
    "이랑",
    "선배",
    "이한테",
]
_TITLES_KO = ["팀장", "팀장님", "대리", "대리님", "교수", "교수님", "과장님", "부장", "선생님", "원장님", "사장님"]
_TITLES_EN = ["Dr.", "Prof.", "Mr.", "Ms.", "Mrs.", "Dr", "Professor", "Mr", "Coach", "Sgt."]

# -- building samples ------------------------------------------------------------------------------


@dataclass
class _Builder:
    """Text assembled piece by piece so gold spans are exact."""

    parts: list[str]
    spans: list[tuple[str, int, int]]
    after_gold: str = ""  # written right after each gold value, outside its span (an IP's ":443")

    @classmethod
    def new(cls, after_gold: str = "") -> _Builder:
        return cls([], [], after_gold)

    @property
    def pos(self) -> int:
        return sum(len(p) for p in self.parts)

    def add(self, s: str, label: str | None = None) -> None:
        if label:
            self.spans.append((label, self.pos, self.pos + len(s)))
        self.parts.append(s)
        if label and self.after_gold:
            self.parts.append(self.after_gold)

    def text(self) -> str:
        return "".join(self.parts)


def _particle_for(value: str, particle: str) -> str:
    """Pick 로/으로 and 이에요/예요 after a Hangul value the way a careful writer would (others
    glue whatever they type; both happen)."""
    if not value or not ("가" <= value[-1] <= "힣"):
        return particle
    final = _has_final(value[-1])
    if particle == "(으)로":
        return "으로" if final else "로"
    return particle


def _fill(b: _Builder, carrier: str, value: str, label: str, before: str, after: str, **slots: str) -> None:
    head, tail = carrier.split("{v}")
    for k, s in slots.items():
        head, tail = head.replace("{" + k + "}", s), tail.replace("{" + k + "}", s)
    b.add(head + before)
    b.add(value, label)
    b.add(after + tail)


def _dress(rng: random.Random, lang: str, value: str) -> tuple[str, str, str]:
    """(text before, text after, dress name) around a value in a running sentence."""
    if lang == "ko" and rng.random() < 0.75:
        particle = _particle_for(value, rng.choice(_KO_PARTICLES))
        return "", particle, "particle"
    if rng.random() < 0.15:
        return "", "", "bare"
    before, after = rng.choice(_EN_WRAPS)
    if lang == "ko":  # a quoted or bolded value in Korean still takes its particle
        after += rng.choice(["", "로", "입니다", "이에요", "으로요"])
    return before, after, "punct"


_LABEL_KO = {
    "phone": "연락처",
    "rrn": "주민번호",
    "card": "카드번호",
    "account": "계좌",
    "passport": "여권번호",
    "licence": "면허번호",
    "ip": "IP",
    "email": "이메일",
    "url": "블로그",
    "address": "주소",
    "postcode": "우편번호",
}
_LABEL_EN = {
    "phone": "phone",
    "rrn": "rrn",
    "card": "card_number",
    "account": "account",
    "passport": "passport_no",
    "licence": "license",
    "ip": "ip",
    "email": "email",
    "url": "profile",
    "address": "address",
    "postcode": "zip",
}


# Values whose shape alone does not say what they are (M12345678, 90210): a reader needs the
# label, so the multi-line carrier gives it to them as people do ("여권번호: ...").
_NEEDS_LABEL = frozenset({"passport", "licence", "account", "postcode"})


def _structured(
    rng: random.Random, lang: str, kind: str, value: str, label: str, bank: str, port: str = ""
) -> tuple[_Builder, str]:
    """The value inside JSON, a code line, a markdown list or table, or a multi-line prompt."""
    b = _Builder.new(after_gold=port)
    key = (_LABEL_KO if lang == "ko" else _LABEL_EN)[kind]
    shape = rng.choice(["json", "code", "list", "table", "multiline", "yaml", "csv"])
    if shape == "json":
        b.add('다음 JSON 검증해줘:\n```json\n{"id": 17, "' if lang == "ko" else 'Validate this JSON:\n{"id": 17, "')
        b.add(f'{key}": "')
        b.add(json.dumps(value, ensure_ascii=False)[1:-1], label)
        b.add('", "vip": false}\n```' if lang == "ko" else '", "vip": false}')
    elif shape == "code":
        b.add("이 코드 왜 에러나요?\n" if lang == "ko" else "why does this fail?\n")
        b.add(f"user = User({key}='" if key.isascii() else "user = User(value='")
        b.add(value.replace("\n", " "), label) if "\n" in value else b.add(value, label)
        b.add("', active=True)\nuser.save()")
    elif shape == "list":
        b.add(
            "고객 정보 정리해줘\n- 등급: 골드\n- "
            if lang == "ko"
            else "Summarize the customer record:\n- tier: gold\n- "
        )
        b.add(f"{key}: ")
        b.add(value, label) if "\n" not in value else b.add(value.replace("\n", ", "), label)
        b.add("\n- 메모: 없음" if lang == "ko" else "\n- notes: none")
    elif shape == "table":
        b.add(
            "| 항목 | 값 |\n|---|---|\n| 등급 | 골드 |\n| "
            if lang == "ko"
            else "| field | value |\n|---|---|\n| tier | gold |\n| "
        )
        b.add(f"{key} | ")
        b.add(value.replace("\n", ", "), label)
        b.add(" |\n\n위 표를 영어로 번역해줘" if lang == "ko" else " |\n\nTurn this table into a sentence.")
    elif shape == "yaml":
        b.add("config:\n  retries: 3\n  " + f"{key}: ")
        b.add(value.replace("\n", ", "), label)
        b.add("\n  timeout: 30\n")
    elif shape == "csv":
        b.add(f"name_ok,{key},tier\nyes,")
        b.add(value.replace("\n", " "), label)
        b.add(",gold\n")
    else:
        intro = (
            "안녕하세요.\n지난주 주문 건으로 연락드려요.\n"
            if lang == "ko"
            else "Hello,\nI'm writing about last week's order.\n"
        )
        labelled = f"{key}: " if kind in _NEEDS_LABEL else ""
        b.add(intro + labelled + (f"{bank} " if bank else ""))
        b.add(value, label)
        b.add(rng.choice(["\n감사합니다.", "로 연락주세요.\n감사합니다."]) if lang == "ko" else "\nThanks a lot.\n")
    return b, shape


# (kind, gold label, value generator, languages)
_KINDS: list[tuple[str, str, Callable[[random.Random, Faker], Value], tuple[str, ...]]] = [
    ("phone", "PHONE_NUMBER", kr_mobile, ("ko", "en")),
    ("phone", "PHONE_NUMBER", kr_landline, ("ko",)),
    ("phone", "PHONE_NUMBER", us_phone, ("en", "ko")),
    ("phone", "PHONE_NUMBER", intl_phone, ("en",)),
    ("rrn", "KR_RRN", rrn, ("ko", "en")),
    ("rrn", "KR_FRN", frn, ("ko",)),
    ("card", "CREDIT_CARD", card, ("ko", "en")),
    ("account", "BANK_ACCOUNT", kr_account, ("ko",)),
    ("account", "BANK_ACCOUNT", en_account, ("en",)),
    ("passport", "PASSPORT", passport, ("ko", "en")),
    ("licence", "DRIVER_LICENSE", driver_licence, ("ko", "en")),
    ("ip", "IP_ADDRESS", ip, ("ko", "en")),
    ("email", "EMAIL_ADDRESS", email, ("ko", "en")),
    ("url", "URL", personal_url, ("ko", "en")),
    ("address", "STREET_ADDRESS", kr_address, ("ko",)),
    ("address", "STREET_ADDRESS", en_address, ("en",)),
    ("address", "STREET_ADDRESS", uk_address, ("en",)),
    ("postcode", "POSTCODE", postcode, ("ko", "en")),
]

_FAKERS = {"ko": "ko_KR", "en": "en_US"}


def _faker(locale: str, seed: int) -> Faker:
    fk = Faker(locale)
    fk.seed_instance(seed)
    return fk


def _value_samples(rng: random.Random, seed: int, per_kind: int) -> list[Sample]:
    out = []
    for kind, label, gen, langs in _KINDS:
        locale = {
            "uk_address": "en_GB",
            "intl_phone": "en_GB",
            "kr_address": "ko_KR",
            "kr_landline": "ko_KR",
            "kr_mobile": "ko_KR",
        }.get(gen.__name__, "en_US")
        fk = _faker(locale, seed)
        for lang in langs:
            for _ in range(per_kind):
                raw, vform = gen(rng, fk)
                bank, port = "", ""
                if "\x00" in raw:
                    bank, raw = raw.split("\x00")
                if "\x01" in raw:
                    raw, port = raw.split("\x01")
                if "\n" in raw and rng.random() < 0.5:
                    raw = raw.replace("\n", ", ")
                if rng.random() < 0.3:
                    b, dress = _structured(rng, lang, kind, raw, label, bank, port)
                else:
                    b = _Builder.new()
                    before, after, dress = _dress(rng, lang, raw)
                    before, after = before, port + after
                    carrier = rng.choice(_CARRIERS[kind][lang])
                    if "{bank}" not in carrier and bank and lang == "ko":
                        carrier = carrier.replace("{v}", bank + " {v}", 1)
                    _fill(b, carrier, raw, label, before, after, bank=bank)
                out.append(Sample(b.text(), tuple(b.spans), lang=lang, form=f"{gen.__name__}:{vform}/{dress}"))
    return out


def _name_samples(rng: random.Random, seed: int, per_kind: int) -> list[Sample]:
    out = []
    ko, us, gb = _faker("ko_KR", seed), _faker("en_US", seed), _faker("en_GB", seed)

    def emit(form: str, lang: str, pieces: list[tuple[str, bool]]) -> None:
        b = _Builder.new()
        for s, is_name in pieces:
            b.add(s, "PERSON" if is_name else None)
        out.append(Sample(b.text(), tuple(b.spans), lang=lang, form=form))

    for lang in ("ko", "en"):
        for _ in range(per_kind * (2 if lang == "ko" else 1)):
            name = ko.name()
            before, after, dress = _dress(rng, lang, name)
            if lang == "ko" and rng.random() < 0.3:
                after = rng.choice(["님", "씨", " 님께", "님이", "씨가", " 고객님", "입니다"])
                dress = "honorific"
            b = _Builder.new()
            _fill(b, rng.choice(_CARRIERS["name_full_ko"][lang]), name, "PERSON", before, after)
            out.append(Sample(b.text(), tuple(b.spans), lang=lang, form=f"ko_full/{dress}"))
    for _ in range(per_kind * 2):  # given name only, with an honorific or a vocative
        sur, given = _ko_name(ko, rng)
        hon = rng.choice(_GIVEN_HONORIFICS)
        if hon in ("이", "아", "이가", "이랑", "이한테") and not _has_final(given[-1]):
            hon = {"이": "", "아": "야", "이가": "가", "이랑": "랑", "이한테": "한테"}[hon]
        carrier = rng.choice(
            [
                "{v} 오늘 회의 몇 시예요?",
                "어제 {v} 보내준 자료 봤어",
                "{v} 생일 선물 추천해줘",
                "우리 반 {v} 진짜 착해",
                "{v} 덕분에 잘 끝났어요 감사해요",
                "안녕 {v} 뭐해?",
            ]
        )
        head, tail = carrier.split("{v}")
        emit(f"ko_given{hon.strip() or '_bare'}", "ko", [(head, False), (given, True), (hon + tail, False)])
    for _ in range(per_kind):  # names with a job title before or after
        sur, given = _ko_name(ko, rng)
        title = rng.choice(_TITLES_KO)
        form = rng.choice(["full_title", "sur_title", "title_full", "given_title"])
        name = {"full_title": sur + given, "sur_title": sur, "title_full": sur + given, "given_title": given}[form]
        if form == "title_full":
            pieces = [
                ("오늘 ", False),
                (title.removesuffix("님") + " ", False),
                (name, True),
                (rng.choice(["이 발표해요", "한테 물어봐", "님이 결재했어요"]), False),
            ]
        else:
            pieces = [
                ("오늘 ", False),
                (name, True),
                (rng.choice([" ", ""]) + title, False),
                (rng.choice(["이 발표해요", "께 보고드렸어요", "한테 물어봐", " 결재 났어요?"]), False),
            ]
        emit(f"ko_title:{form}", "ko", pieces)
        fk = rng.choice([us, gb])
        t = rng.choice(_TITLES_EN)
        last = fk.last_name()
        full = rng.random() < 0.4
        value = f"{fk.first_name()} {last}" if full else last
        if rng.random() < 0.3:
            value = value.lower() if rng.random() < 0.5 else value.upper()
        carrier = rng.choice(
            [
                "I have an appointment with {t} {v} tomorrow",
                "{t} {v} said the results look fine",
                "please email {t} {v} about the grades",
                "Can you summarise {t} {v}'s paper?",
            ]
        )
        head, tail = carrier.replace("{t}", t).split("{v}")
        emit(f"en_title:{'full' if full else 'surname'}", "en", [(head, False), (value, True), (tail, False)])
    for gen, kind, langs in (
        (romanized_name, "name_roman", ("en", "ko")),
        (western_hangul, "name_west_ko", ("ko",)),
        (english_name, "name_en", ("en", "ko")),
    ):
        for lang in langs:
            for k in range(per_kind):
                # romanized Korean from ko_KR names; English names alternate en_US and en_GB
                fk = ko if gen is romanized_name else us if gen is western_hangul or k % 2 else gb
                value, vform = gen(rng, fk)
                before, after, dress = _dress(rng, lang, value)
                b = _Builder.new()
                _fill(b, rng.choice(_CARRIERS[kind][lang]), value, "PERSON", before, after)
                out.append(Sample(b.text(), tuple(b.spans), lang=lang, form=f"{gen.__name__}:{vform}/{dress}"))
    return out


def _record_samples(rng: random.Random, seed: int, n: int) -> list[Sample]:
    """Several identifiers of one person in one JSON object or markdown table (ko and en)."""
    out = []
    ko, us = _faker("ko_KR", seed + 1), _faker("en_US", seed + 1)
    for k in range(n):
        lang = "ko" if k % 2 == 0 else "en"
        fk = ko if lang == "ko" else us
        fields = [
            ("name", ko.name() if lang == "ko" else us.name(), "PERSON"),
            ("phone", kr_mobile(rng, fk)[0] if lang == "ko" else us_phone(rng, fk)[0], "PHONE_NUMBER"),
            ("email", email(rng, fk)[0], "EMAIL_ADDRESS"),
            ("card", card(rng, fk)[0], "CREDIT_CARD"),
        ]
        b = _Builder.new()
        if rng.random() < 0.5:
            b.add("고객 데이터 정리해줘:\n{" if lang == "ko" else "Clean up this record:\n{")
            for j, (key, value, label) in enumerate(fields):
                b.add(("" if j == 0 else ", ") + f'"{key}": "')
                b.add(value, label)
                b.add('"')
            b.add("}")
            form = "record/json"
        else:
            b.add("| " + " | ".join(f[0] for f in fields) + " |\n|" + "---|" * len(fields) + "\n| ")
            for j, (_key, value, label) in enumerate(fields):
                b.add("" if j == 0 else " | ")
                b.add(value, label)
            b.add(" |\n" + ("이 표를 요약해줘" if lang == "ko" else "Summarize the table."))
            form = "record/table"
        out.append(Sample(b.text(), tuple(b.spans), lang=lang, form=form))
    return out


def generate_probe(seed: int = SEED, per_kind: int = PER_KIND) -> list[Sample]:
    """Every probe sample, reproducible from ``seed``."""
    rng = random.Random(seed)
    return [
        *_value_samples(rng, seed, per_kind),
        *_name_samples(rng, seed, per_kind),
        *_record_samples(rng, seed, per_kind),
    ]


# Precision only for the types the carriers could wrongly produce (a template word as a person or
# a place); carriers also hold unlabelled numbers (a routing number, "12/27") by design.
@register_set(
    "probe", f"adversarial probe: ids, addresses and names in chat dress, ko+en (seed {SEED})", ("PERSON", "LOCATION")
)
def probe_set() -> list[Sample]:
    return generate_probe()
