"""A fresh PII probe over the text *shapes* people paste into a chat bot, Korean and English mixed.

    .venv/bin/python bench/probe_fresh_mixed.py [--n 6] [--seed 2718] [--leaks 40] [--json out.json]

Written from scratch (not from bench/probe_*.py or instructflow/evaluation/*): Faker values
(ko_KR, en_US, en_GB, en_CA, en_AU) plus small generators of its own (Luhn cards of 12-19 digits,
RRN/foreigner numbers by shape, Korean bank accounts, romanized Korean names, Korean addresses
with 동/호/번지 and postcodes), planted into carriers the earlier probes did not use much: JSON,
CSV, markdown tables, fenced code blocks, key: value blocks, URLs and mailto: links, log lines,
e-mail signatures, form letters, addresses broken over lines, mixed Korean-English sentences,
values in brackets or quotes, several values of different kinds on one line (/ | , separators),
full-width digits and Korean number words next to digits, labelled fields (연락처:, 주소:, 이메일:,
계좌:, Phone:, Address: ...).

A carrier may hold several values; each one is scored on its own:
* recall ("value gone"): the value's exact text no longer appears in the scrubbed output;
* full ("every letter/digit replaced"): every letter and digit of the value lies in a finding.
Per kind, per kind x carrier form, per kind x language (language of the carrier), then the
leaks. Then a clean set: texts of the same shapes with no PII (versions, dates, times, prices,
order numbers, ISBNs, SKUs, build ids, ports, sizes ...); the share of them that get any
placeholder, and each touched one.
"""

# ruff: noqa: E501  (the carrier templates are long one-line strings)
from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

# -- values -------------------------------------------------------------------------------------

FW = str.maketrans("0123456789-", "０１２３４５６７８９－")
HANGUL_DIGIT = dict(zip("0123456789", ["공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"], strict=True))


def dg(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def luhn(prefix: str, length: int, r: random.Random) -> str:
    body = prefix + dg(r, length - len(prefix) - 1)
    s = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        s += d - 9 if d > 9 else d
    return body + str(-s % 10)


ROMAN_SURNAMES = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
    "Hwang",
    "Ahn",
    "Song",
    "Yoo",
    "Hong",
    "Jeon",
    "Ko",
    "Moon",
    "Yang",
    "Son",
    "Bae",
    "Baek",
    "Heo",
    "Nam",
    "Noh",
    "Ha",
    "Kwak",
    "Sung",
    "Cha",
    "Joo",
    "Woo",
    "Min",
    "Ryu",
    "Na",
    "Jin",
    "Yi",
    "Rhee",
    "Chung",
    "Choe",
    "Pak",
    "Gim",
]
ROMAN_SYLLABLES = [
    "min",
    "ji",
    "seo",
    "hyun",
    "woo",
    "jun",
    "young",
    "soo",
    "eun",
    "hye",
    "jae",
    "sung",
    "ho",
    "yeon",
    "na",
    "kyung",
    "hoon",
    "jin",
    "seung",
    "dong",
    "hee",
    "yun",
    "bin",
    "won",
    "chan",
    "ha",
    "yoon",
    "su",
    "da",
    "in",
    "tae",
    "gyu",
    "ye",
    "rin",
    "joon",
    "sol",
    "a",
    "kyu",
    "hwan",
    "mi",
    "sang",
    "byung",
    "do",
    "gun",
    "han",
    "jeong",
    "yeong",
    "si",
    "u",
]
BANKS_KO = [
    "국민",
    "신한",
    "우리",
    "하나",
    "농협",
    "기업",
    "카카오뱅크",
    "토스뱅크",
    "SC제일",
    "우체국",
    "새마을금고",
    "부산은행",
]
KO_UNITS = ["아파트", "빌라", "오피스텔", "맨션", "타워", "하이츠"]


@dataclass
class V:
    kind: str
    text: str
    fmt: str


class Gen:
    """Every value generator; `pick(kind)` returns one value of that kind in a random format."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.ko = Faker("ko_KR")
        self.en = {loc: Faker(loc) for loc in ("en_US", "en_GB", "en_CA", "en_AU")}
        for i, f in enumerate((self.ko, *self.en.values())):
            f.seed_instance(r.randrange(1 << 30) + i)

    def fen(self) -> Faker:
        return self.en[self.r.choice(["en_US", "en_US", "en_GB", "en_CA", "en_AU"])]

    # phones
    def phone_ko(self) -> V:
        r = self.r
        a, b = dg(r, 4), dg(r, 4)
        if r.random() < 0.6:
            p = r.choice(["010"] * 6 + ["011", "017"])
        else:
            p = r.choice(["02", "031", "051", "053", "062", "070", "064", "1588"])
            a = str(r.randint(2, 9)) + dg(r, r.choice([2, 3]))
        if p == "1588":
            return V("PHONE", f"1588-{b}", "ko_rep")
        f = r.choice(["dash", "dot", "space", "none", "intl", "intl_paren", "paren", "ext"])
        t = {
            "dash": f"{p}-{a}-{b}",
            "dot": f"{p}.{a}.{b}",
            "space": f"{p} {a} {b}",
            "none": f"{p}{a}{b}",
            "intl": f"+82 {p[1:]}-{a}-{b}",
            "intl_paren": f"+82 (0){p[1:]} {a} {b}",
            "paren": f"({p}) {a}-{b}",
            "ext": f"{p}-{a}-{b} 내선 {dg(r, 3)}",
        }[f]
        return V("PHONE", t, "ko_" + f)

    def phone_en(self) -> V:
        r = self.r
        f = r.choice(["faker", "faker", "us_paren", "us_dots", "us_ext", "uk_intl", "us_plain"])
        if f == "faker":
            return V("PHONE", self.fen().phone_number(), "en_faker")
        a, b, c = str(r.randint(2, 9)) + dg(r, 2), str(r.randint(2, 9)) + dg(r, 2), dg(r, 4)
        t = {
            "us_paren": f"({a}) {b}-{c}",
            "us_dots": f"{a}.{b}.{c}",
            "us_ext": f"{a}-{b}-{c} ext. {dg(r, 4)}",
            "uk_intl": f"+44 {r.choice(['20', '7700', '161'])} {dg(r, 3)} {dg(r, 4)}",
            "us_plain": f"+1{a}{b}{c}",
        }[f]
        return V("PHONE", t, "en_" + f)

    def phone_fw(self) -> V:
        v = self.phone_ko()
        return V(
            "PHONE",
            v.text.translate(FW)
            if self.r.random() < 0.5
            else v.text.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            "fullwidth",
        )

    def phone_hangul(self) -> V:
        r = self.r
        a, b = dg(r, 4), dg(r, 4)
        f = r.choice(["prefix_words", "tail_words"])
        if f == "prefix_words":
            return V("PHONE", f"공일공-{a}-{b}", "hangul_prefix")
        return V("PHONE", f"010-{a}-{''.join(HANGUL_DIGIT[c] for c in b)}", "hangul_tail")

    # e-mail
    def email(self) -> V:
        r = self.r
        f = r.choice(["ko", "en", "company", "plus", "dotted", "upper"])
        if f == "ko":
            return V("EMAIL", self.ko.free_email(), "ko_free")
        if f == "en":
            return V("EMAIL", self.fen().free_email(), "en_free")
        if f == "company":
            fk = self.fen()
            return V("EMAIL", f"{fk.first_name().lower()}.{fk.last_name().lower()}@{fk.domain_name()}", "company")
        if f == "plus":
            return V("EMAIL", f"{self.fen().user_name()}+{r.choice(['news', 'work', 'shop'])}@gmail.com", "plus")
        if f == "dotted":
            return V(
                "EMAIL",
                f"{self.ko.user_name()}@mail.{r.choice(['snu.ac.kr', 'korea.kr', 'co.kr', 'kaist.ac.kr'])}",
                "subdomain",
            )
        return V("EMAIL", self.fen().free_email().upper(), "upper")

    # cards, ids
    def card(self) -> V:
        """Issuer prefixes and lengths as cards are issued: Visa 13/16/19, Mastercard 5- and 2-series,
        Amex and JCB 15, Discover, JCB, UnionPay 17, Diners 14, Maestro 12 and 18, and the Korean
        domestic 9xxx range only at 16 digits (ISO 7812 national use; a first version of this probe
        drew 9-prefixed 18-digit numbers, which no issuer prints, and counted them as leaks)."""
        r = self.r
        prefix, n = r.choice(
            [
                ("4", 16),
                ("4", 13),
                ("4", 19),
                ("5", 16),
                ("2221", 16),
                ("34", 15),
                ("37", 15),
                ("6011", 16),
                ("35", 16),
                ("9410", 16),
                ("62", 17),
                ("36", 14),
                ("5", 12),
                ("6759", 18),
            ]
        )
        num = luhn(prefix, n, r)
        f = r.choice(["plain", "dash", "space", "dot"])
        if f == "plain":
            return V("CARD", num, f"{n}_plain")
        sep = {"dash": "-", "space": " ", "dot": "."}[f]
        groups = [num[i : i + 4] for i in range(0, n, 4)] if n != 15 else [num[:4], num[4:10], num[10:]]
        return V("CARD", sep.join(groups), f"{n}_{f}")

    def _birth(self) -> str:
        r = self.r
        return f"{dg(r, 2)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"

    def rrn(self, foreign: bool = False) -> V:
        r = self.r
        b = self._birth()
        g = str(r.choice("5678" if foreign else "1234"))
        back = g + dg(r, 6)
        f = r.choice(["dash", "none", "space", "fw"])
        t = {"dash": f"{b}-{back}", "none": b + back, "space": f"{b} {back}", "fw": f"{b}-{back}".translate(FW)}[f]
        return V("KR_FRN" if foreign else "KR_RRN", t, f)

    def ip(self) -> V:
        r = self.r
        f = r.choice(["v4", "v4", "v4_private", "v6", "v4_port"])
        if f == "v4":
            return V("IP", self.ko.ipv4_public(), f)
        if f == "v4_private":
            return V("IP", self.ko.ipv4_private(), f)
        if f == "v4_port":
            return V("IP", self.ko.ipv4_public(), f)
        return V("IP", self.ko.ipv6(), f)

    def ssn(self) -> V:
        s = self.en["en_US"].ssn()
        f = self.r.choice(["dash", "dash", "space", "none"])
        return V("US_SSN", {"dash": s, "space": s.replace("-", " "), "none": s.replace("-", "")}[f], f)

    def passport(self) -> V:
        r = self.r
        f = r.choice(["kr_old", "kr_new", "us", "uk"])
        t = {
            "kr_old": f"M{dg(r, 8)}",
            "kr_new": f"M{dg(r, 3)}{r.choice('ABCDEFGHJK')}{dg(r, 4)}",
            "us": self.en["en_US"].passport_number(),
            "uk": dg(r, 9),
        }[f]
        return V("PASSPORT", t, f)

    def account(self) -> V:
        r = self.r
        f = r.choice(["3_6_2_3", "4_3_6", "3_3_6", "4_2_7", "3_2_6", "plain14", "3_6_5"])
        t = {
            "3_6_2_3": f"{dg(r, 3)}-{dg(r, 6)}-{dg(r, 2)}-{dg(r, 3)}",
            "4_3_6": f"1002-{dg(r, 3)}-{dg(r, 6)}",
            "3_3_6": f"110-{dg(r, 3)}-{dg(r, 6)}",
            "4_2_7": f"3333-{dg(r, 2)}-{dg(r, 7)}",
            "3_2_6": f"{dg(r, 3)}-{dg(r, 2)}-{dg(r, 6)}",
            "plain14": dg(r, 14),
            "3_6_5": f"{dg(r, 3)}-{dg(r, 6)}-{dg(r, 5)}",
        }[f]
        return V("BANK_ACCOUNT", t, f)

    # addresses (single line; `lines` breaks one over lines)
    def addr_ko(self) -> V:
        r = self.r
        fk = self.ko
        f = r.choice(["road", "road_unit", "land_bunji", "postcode", "apt_dong_ho", "road_paren"])
        if f == "road":
            return V("ADDRESS", fk.road_address(), "ko_road")
        if f == "road_unit":
            return V(
                "ADDRESS",
                f"{fk.road_address()}, {r.randint(1, 30)}층 {r.randint(1, 20)}{r.randint(1, 9):02d}호",
                "ko_road_unit",
            )
        if f == "land_bunji":
            t = (
                f"{fk.metropolitan_city()} {fk.borough()} {r.choice(['역삼', '신사', '망원', '연희', '대치'])}"
                f"{r.randint(1, 3)}동 {r.randint(1, 999)}-{r.randint(1, 99)}번지"
            )
            return V("ADDRESS", t, "ko_land_bunji")
        if f == "postcode":
            return V("ADDRESS", f"({fk.postcode()}) {fk.road_address()}", "ko_postcode")
        if f == "apt_dong_ho":
            t = (
                f"{fk.city()} {fk.road_name()}로 {r.randint(1, 300)}, {fk.last_name()}{r.choice(['현대', '래미안', '자이'])}"
                f"{r.choice(KO_UNITS)} {r.randint(101, 120)}동 {r.randint(1, 25)}{r.randint(1, 4):02d}호"
            )
            return V("ADDRESS", t, "ko_apt_dong_ho")
        return V("ADDRESS", f"{fk.road_address()} ({fk.last_name()}{r.choice(['동', '빌딩'])})", "ko_road_paren")

    def addr_en(self) -> V:
        r = self.r
        loc = r.choice(["en_US", "en_US", "en_GB", "en_CA", "en_AU"])
        fk = self.en[loc]
        if loc == "en_US" and r.random() < 0.3:
            a = f"{fk.street_address()} {fk.secondary_address()}\n{fk.city()}, {fk.state_abbr()} {fk.zipcode()}"
        else:
            a = fk.address()
        return V("ADDRESS", a, loc)

    # persons
    def name_ko(self) -> V:
        r = self.r
        if r.random() < 0.15:
            return V("PERSON_KO", self.ko.last_name() + " " + self.ko.first_name(), "spaced")
        return V("PERSON_KO", self.ko.name(), "faker")

    def name_en(self) -> V:
        r = self.r
        fk = self.fen()
        n = f"{fk.first_name()} {fk.last_name()}"
        f = r.choice(["title", "title", "lower", "upper", "last_first", "middle"])
        if f == "lower":
            n = n.lower()
        elif f == "upper":
            n = n.upper()
        elif f == "last_first":
            n = f"{fk.last_name()}, {fk.first_name()}"
        elif f == "middle":
            n = f"{fk.first_name()} {fk.first_name()[0]}. {fk.last_name()}"
        return V("PERSON_EN", n, f)

    def name_rom(self) -> V:
        r = self.r
        s = r.choice(ROMAN_SURNAMES)
        a, b = r.sample(ROMAN_SYLLABLES, 2)
        f = r.choice(["hyphen", "joined", "sur_last", "upper", "lower", "spaced"])
        t = {
            "hyphen": f"{s} {a.title()}-{b}",
            "joined": f"{s} {(a + b).title()}",
            "sur_last": f"{(a + b).title()} {s}",
            "upper": f"{s.upper()} {(a + b).upper()}",
            "lower": f"{(a + b)} {s.lower()}",
            "spaced": f"{s} {a.title()} {b.title()}",
        }[f]
        return V("PERSON_ROMAN", t, f)

    def pick(self, slot: str) -> V:
        fn = {
            "PHONE": lambda: self.phone_ko() if self.r.random() < 0.5 else self.phone_en(),
            "PHONE_KO": self.phone_ko,
            "PHONE_EN": self.phone_en,
            "PHONE_FW": self.phone_fw,
            "PHONE_HANGUL": self.phone_hangul,
            "EMAIL": self.email,
            "CARD": self.card,
            "RRN": self.rrn,
            "FRN": lambda: self.rrn(True),
            "IP": self.ip,
            "SSN": self.ssn,
            "PASSPORT": self.passport,
            "ACCOUNT": self.account,
            "ADDR_KO": self.addr_ko,
            "ADDR_EN": self.addr_en,
            "NAME_KO": self.name_ko,
            "NAME_EN": self.name_en,
            "NAME_ROM": self.name_rom,
        }[slot]
        return fn()


# -- carriers -----------------------------------------------------------------------------------
# A template holds {SLOT} or {SLOT:mod}; mods: 1line (address on one line, ", " joined), lines
# (address kept over lines), json (JSON-escaped), fw (full-width digits), csvq (CSV quoted field).
# Same slot name with a #n suffix ({NAME_EN#1}) reuses the same value (a name repeated in a signature).

FORMS: dict[str, list[tuple[str, str]]] = {
    # (language, template)
    "json": [
        ("en", '{{"name": "{NAME_EN}", "email": "{EMAIL}", "phone": "{PHONE_EN}"}}'),
        (
            "en",
            'Here is the payload:\n{{\n  "customer": {{"fullName": "{NAME_ROM}", "contact": "{PHONE}"}},\n'
            '  "shipping": "{ADDR_EN:1line}"\n}}',
        ),
        ("ko", '이 JSON 파싱이 안 돼요 {{"이름":"{NAME_KO}","연락처":"{PHONE_KO}","주민번호":"{RRN}"}}'),
        (
            "ko",
            '{{"user": {{"name": "{NAME_KO}", "addr": "{ADDR_KO:1line}", "card": "{CARD}"}}}} 이거 왜 400 에러 나죠?',
        ),
        ("en", '[{{"ip": "{IP}", "ssn": "{SSN}", "owner": "{NAME_EN}"}}]'),
        ("ko", '응답값: {{"result":"ok","data":{{"account":"{ACCOUNT}","holder":"{NAME_KO}"}}}}'),
    ],
    "csv": [
        ("en", "name,email,phone\n{NAME_EN},{EMAIL},{PHONE_EN}"),
        ("en", 'id,customer,address,card\n1042,"{NAME_ROM}","{ADDR_EN:1line}",{CARD}'),
        ("ko", "이름,전화,이메일\n{NAME_KO},{PHONE_KO},{EMAIL}\n엑셀로 합치는 법 알려주세요"),
        ("ko", "성명;주민등록번호;계좌\n{NAME_KO};{RRN};{ACCOUNT}"),
        ("en", "ts\tsrc_ip\tuser\n2024-05-02T10:11:12Z\t{IP}\t{EMAIL}"),
    ],
    "md_table": [
        ("en", "| Name | Email | Phone |\n|---|---|---|\n| {NAME_EN} | {EMAIL} | {PHONE_EN} |"),
        ("ko", "| 이름 | 연락처 | 주소 |\n|------|--------|------|\n| {NAME_KO} | {PHONE_KO} | {ADDR_KO:1line} |"),
        ("en", "| Field | Value |\n| --- | --- |\n| Passport | {PASSPORT} |\n| SSN | {SSN} |\n| Card | {CARD} |"),
        ("ko", "|구분|값|\n|:-:|:-:|\n|담당자|{NAME_KO}|\n|계좌|{ACCOUNT}|\n|외국인등록번호|{FRN}|"),
    ],
    "code": [
        (
            "en",
            '```python\nuser = User(name="{NAME_EN}", email=\'{EMAIL}\', phone="{PHONE_EN}")\n```\nwhy does this fail?',
        ),
        ("en", "```\nSELECT * FROM orders WHERE card_no = '{CARD}' AND ip = '{IP}';\n```"),
        (
            "ko",
            "```js\nconst customer = {{ name: '{NAME_KO}', tel: '{PHONE_KO}', rrn: '{RRN}' }};\n```\n이 코드 리뷰 좀",
        ),
        ("en", "`export OWNER_EMAIL={EMAIL}` then `ssh admin@{IP}`"),
        ("ko", '```yaml\ncontact:\n  name: {NAME_ROM}\n  phone: "{PHONE}"\n  address: "{ADDR_KO:1line}"\n```'),
    ],
    "key_value": [
        ("en", "Name: {NAME_EN}\nPhone: {PHONE_EN}\nEmail: {EMAIL}\nAddress: {ADDR_EN:lines}"),
        ("ko", "이름: {NAME_KO}\n연락처: {PHONE_KO}\n주소: {ADDR_KO:1line}\n이메일: {EMAIL}"),
        ("ko", "계좌: {ACCOUNT}\n예금주: {NAME_KO}"),
        ("en", "SSN={SSN}; DOB=1987-04-12; passport={PASSPORT}"),
        ("ko", "성함 - {NAME_KO} / 주민번호 - {RRN} / 카드번호 - {CARD}"),
        ("en", "card_number:{CARD}\nholder:{NAME_EN}\nbilling_zip_and_address: {ADDR_EN:1line}"),
    ],
    "url_mailto": [
        ("en", 'Contact us at <a href="mailto:{EMAIL}">email</a> or call tel:{PHONE_EN}'),
        ("en", "https://example.com/reset?email={EMAIL}&uid=8812"),
        ("ko", "링크 열면 mailto:{EMAIL} 로 연결돼요. 그리고 http://{IP}:8080/admin 접속 안 됨"),
        ("en", "[Email me](mailto:{EMAIL}) or [call](tel:{PHONE})"),
        ("ko", "https://map.example.co.kr/search?q={ADDR_KO:1line} 이 주소 맞나요?"),
    ],
    "log": [
        ("en", "2024-06-11 09:14:02,331 INFO login ok user={EMAIL} ip={IP}"),
        ("en", '[WARN] payment declined card={CARD} name="{NAME_EN}" (code 51)'),
        ("en", '{IP} - - [11/Jun/2024:09:14:02 +0900] "GET /profile?phone={PHONE_EN} HTTP/1.1" 200 512'),
        ("ko", "ERROR 2024-06-11T09:14:02 회원가입 실패: rrn={RRN} tel={PHONE_KO} (중복)"),
        ("ko", "로그 보면 sender={NAME_KO}, to={EMAIL}, from_ip={IP} 이렇게 찍혀요"),
    ],
    "signature": [
        ("en", "Thanks,\n{NAME_EN#1}\nSenior Analyst | Acme Corp\nM: {PHONE_EN} | E: {EMAIL}\n{ADDR_EN:lines}"),
        ("en", "--\n{NAME_ROM}\nSeoul Office\nTel {PHONE_KO} / Fax {PHONE_KO}\n{EMAIL}"),
        ("ko", "감사합니다.\n{NAME_KO} 드림\n㈜한빛소프트 개발팀\nT. {PHONE_KO}  E. {EMAIL}\n{ADDR_KO:1line}"),
        ("ko", "--\n{NAME_KO} | 영업팀 과장\n휴대폰 {PHONE_KO}\n메일 {EMAIL}"),
    ],
    "form_letter": [
        (
            "en",
            "Dear {NAME_EN},\n\nYour order will be shipped to:\n{ADDR_EN:lines}\n\nWe will text {PHONE_EN} on dispatch.",
        ),
        (
            "en",
            "To whom it may concern,\nI, {NAME_EN}, holder of passport {PASSPORT}, residing at {ADDR_EN:1line}, confirm ...",
        ),
        ("ko", "{NAME_KO} 고객님, 안녕하세요.\n요청하신 환불금은 {ACCOUNT} 계좌로 입금될 예정입니다."),
        ("ko", "수신: {NAME_KO} 님\n주소: {ADDR_KO:lines}\n위 주소로 등기 발송하였습니다."),
        ("ko", "본인 {NAME_KO}(주민등록번호 {RRN})은 아래 계좌({ACCOUNT})로 지급을 신청합니다. 이렇게 쓰면 돼요?"),
    ],
    "address_lines": [
        ("en", "Ship to:\n{NAME_EN}\n{ADDR_EN:lines}"),
        ("en", "my new address is\n{ADDR_EN:lines}\ncan you fix the format?"),
        ("ko", "배송지\n{ADDR_KO:lines}\n{NAME_KO} ({PHONE_KO})"),
        ("ko", "주소 바꿨어요\n{ADDR_KO:lines}\n로 보내주세요"),
    ],
    "mixed_ko_en": [
        ("ko", "제 email은 {EMAIL}이고 phone은 {PHONE}입니다"),
        ("ko", "meeting 끝나고 {NAME_EN}한테 follow-up 메일 보내줘, 번호는 {PHONE_EN}야"),
        ("ko", "{NAME_ROM}님 passport number {PASSPORT}로 booking 해주세요"),
        ("en", "Please send the 서류 to {NAME_KO} at {ADDR_KO:1line} 입니다"),
        ("ko", "shipping address는 {ADDR_EN:1line}로 해주세요"),
        ("ko", "카드 {CARD}로 결제했는데 refund 언제 돼요?"),
    ],
    "brackets_quotes": [
        ("en", 'He said "call me at {PHONE_EN}" and left (email: {EMAIL}).'),
        ("ko", "담당자({NAME_KO}, {PHONE_KO})에게 문의하세요."),
        ("en", "The guest '{NAME_EN}' [{PASSPORT}] checked in."),
        ("ko", "「{NAME_KO}」 님의 주소는 『{ADDR_KO:1line}』입니다."),
        ("en", "Emergency contact: {NAME_ROM} <{EMAIL}>"),
        ("ko", "주민번호는 ‘{RRN}’ 이에요"),
    ],
    "multi_value": [
        ("en", "{NAME_EN} / {PHONE_EN} / {EMAIL} / {ADDR_EN:1line}"),
        ("ko", "{NAME_KO} | {PHONE_KO} | {EMAIL} | {ACCOUNT}"),
        ("ko", "{NAME_KO}, {RRN}, {PHONE_KO}, {ADDR_KO:1line}"),
        ("en", "{NAME_ROM}|{PASSPORT}|{CARD}|{IP}"),
        ("en", "ssn {SSN}, card {CARD}, phone {PHONE}"),
        ("ko", "{NAME_KO}/{PHONE_KO}/{ADDR_KO:1line}"),
    ],
    "fullwidth_words": [
        ("ko", "연락처는 {PHONE_FW}입니다"),
        ("ko", "전화 {PHONE_HANGUL}로 주세요"),
        ("ko", "폰번호 {PHONE_HANGUL} 이에요"),
        ("ko", "주민번호 {RRN:fw}로 조회해 주세요"),
        ("ko", "카드번호：{CARD:fw}"),
        ("ko", "번호 ({PHONE_FW}) 남겨요"),
    ],
    "labels_ko": [
        ("ko", "연락처: {PHONE_KO}"),
        ("ko", "이메일: {EMAIL}"),
        ("ko", "계좌: {ACCOUNT} ({NAME_KO})"),
        ("ko", "주소: {ADDR_KO:1line}"),
        ("ko", "예금주: {NAME_KO}, 계좌번호: {ACCOUNT}"),
        ("ko", "외국인등록번호: {FRN}"),
        ("ko", "여권번호: {PASSPORT}"),
        ("ko", "IP주소: {IP}"),
        ("ko", "보호자 성명: {NAME_KO}"),
    ],
    "labels_en": [
        ("en", "Phone: {PHONE_EN}"),
        ("en", "E-mail: {EMAIL}"),
        ("en", "Account No.: {ACCOUNT}"),
        ("en", "Address: {ADDR_EN:1line}"),
        ("en", "SSN: {SSN}"),
        ("en", "Passport No: {PASSPORT}"),
        ("en", "Full name: {NAME_EN}"),
        ("en", "Cardholder: {NAME_ROM}"),
        ("en", "Mobile #: {PHONE}"),
    ],
}

SLOT_RE = re.compile(r"\{([A-Z_]+)(?:#(\d))?(?::(\w+))?\}")


@dataclass
class Gold:
    kind: str
    fmt: str
    start: int
    end: int
    value: str


@dataclass
class Case:
    form: str
    lang: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def render(value: str, mod: str | None) -> str:
    if mod == "lines":
        return value
    if mod == "fw":
        return value.translate(FW)
    return value.replace("\n", ", ")  # an address on one line unless the carrier breaks it


def fill(form: str, lang: str, template: str, g: Gen) -> Case:
    out, gold, pos, same = [], [], 0, {}
    template = template.replace("{{", "\x01").replace("}}", "\x02")
    for m in SLOT_RE.finditer(template):
        lit = template[pos : m.start()].replace("\x01", "{").replace("\x02", "}")
        out.append(lit)
        slot, rep, mod = m.group(1), m.group(2), m.group(3)
        key = (slot, rep)
        v = same[key] if rep and key in same else g.pick(slot)
        if rep:
            same[key] = v
        text = render(v.text, mod)
        start = sum(map(len, out))
        out.append(text)
        gold.append(Gold(v.kind, v.fmt, start, start + len(text), text))
        pos = m.end()
    out.append(template[pos:].replace("\x01", "{").replace("\x02", "}"))
    return Case(form, lang, "".join(out), gold)


def build(n: int, seed: int) -> list[Case]:
    r = random.Random(seed)
    g = Gen(r)
    cases = []
    for form, templates in FORMS.items():
        for lang, t in templates:
            for _ in range(n):
                cases.append(fill(form, lang, t, g))
    return cases


# -- clean set ----------------------------------------------------------------------------------
# Same shapes, no PII. Numbers here are versions, dates, times, prices, quantities, order or
# ticket numbers, ISBNs, SKUs, build ids, ports, sizes - none of them reach a person.


def isbn13(r: random.Random) -> str:
    body = "97889" + dg(r, 7)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    d = str(-s % 10)
    return f"{body[:3]}-{body[3:5]}-{body[5:8]}-{body[8:12]}-{d}"


def clean_texts(n: int, seed: int) -> list[str]:
    r = random.Random(seed + 1)
    ko = Faker("ko_KR")
    ko.seed_instance(seed)
    en = Faker("en_US")
    en.seed_instance(seed)

    def ver() -> str:
        return f"{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 99)}"

    def date() -> str:
        return en.date_between("-5y", "+1y").strftime(r.choice(["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%d %b %Y"]))

    def price() -> str:
        return r.choice(
            [
                f"{r.randint(1, 999):,}{r.choice(['000', '500', '900'])}원",
                f"${r.randint(1, 4999):,}.{dg(r, 2)}",
                f"₩{r.randint(1, 999) * 1000:,}",
                f"£{r.randint(1, 999)}.{dg(r, 2)}",
            ]
        )

    def tm() -> str:
        return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"

    def order() -> str:
        return r.choice(
            [
                f"ORD-{r.randint(2019, 2025)}-{dg(r, 6)}",
                f"#{dg(r, 7)}",
                f"A{dg(r, 2)}-{dg(r, 5)}",
                f"{r.randint(2019, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{dg(r, 6)}",
            ]
        )

    def sku() -> str:
        return r.choice(
            [
                f"SKU-{r.choice(string.ascii_uppercase)}{dg(r, 4)}-{r.choice(['BK', 'WH', 'RD'])}",
                f"SM-{r.choice('SGANF')}{dg(r, 3)}{r.choice('NBU')}",
                f"RTX {r.choice(['3060', '4070', '4090'])}",
                f"{r.choice(['MX', 'LG', 'PN'])}{dg(r, 4)}/{r.choice('ABK')}",
            ]
        )

    def build_id() -> str:
        return r.choice([f"build {dg(r, 5)}", "".join(r.choice("0123456789abcdef") for _ in range(7)), en.uuid4()])

    def qty() -> str:
        return f"{r.randint(1, 500)}{r.choice(['개', '명', 'ea', ' units', 'kg', 'GB', 'MB', '%'])}"

    def tel_public() -> str:  # public service numbers, not a person
        return r.choice(["112", "119", "114", "1330"])

    templates = [
        lambda: f'{{"version": "{ver()}", "released": "{date()}", "price": "{price()}", "items": {r.randint(1, 99)}}}',
        lambda: f"version,date,downloads\n{ver()},{date()},{r.randint(100, 999999)}",
        lambda: (
            f"| 항목 | 수량 | 금액 |\n|---|---|---|\n| 노트북 | {qty()} | {price()} |\n| 마우스 | {qty()} | {price()} |"
        ),
        lambda: (
            f"```bash\npip install requests=={ver()}\ndocker run -p {r.choice([8080, 5432, 6379, 3000])}:{r.choice([80, 8000])} app:{ver()}\n```"
        ),
        lambda: f"Order: {order()}\nDate: {date()}\nTotal: {price()}\nItems: {qty()}",
        lambda: f"주문번호: {order()}\n주문일: {date()}\n결제금액: {price()}\n수량: {qty()}",
        lambda: (
            f"https://docs.python.org/{r.choice(['3.11', '3.12', '3.13'])}/library/{r.choice(['re', 'json', 'csv'])}.html#section-{r.randint(1, 9)}"
        ),
        lambda: (
            f"{date()} {tm()}:{r.randint(0, 59):02d} INFO worker-{r.randint(1, 16)} processed {r.randint(1, 9999)} jobs in {r.randint(1, 999)}ms (build {build_id()})"
        ),
        lambda: (
            f"[{tm()}] GET /api/v{r.randint(1, 3)}/items?page={r.randint(1, 50)}&size={r.choice([10, 20, 50])} 200 {r.randint(1, 900)}ms"
        ),
        lambda: f"ISBN {isbn13(r)} 책 재고 있나요? 정가 {price()}",
        lambda: f"제품 코드 {sku()} / 모델명 {sku()} / 가격 {price()}",
        lambda: (
            f"회의는 {date()} {tm()}부터 {tm()}까지, {r.randint(2, 20)}층 {r.randint(1, 9)}0{r.randint(1, 9)}호 회의실에서 합니다"
        ),
        lambda: f"Meeting moved to {tm()} on {date()}, room {r.randint(1, 9)}{dg(r, 2)}, floor {r.randint(2, 30)}.",
        lambda: f"v{ver()} → v{ver()} 업그레이드 후 메모리 사용량이 {qty()} 늘었어요",
        lambda: f"The patch {ver()} fixes issue #{dg(r, 4)} and CVE-{r.randint(2018, 2025)}-{dg(r, 5)}.",
        lambda: (
            f"총 {r.randint(1, 99)}개 중 {r.randint(1, 99)}개 완료 ({r.randint(1, 100)}%), 남은 시간 {r.randint(1, 59)}분"
        ),
        lambda: (
            f"Q{r.randint(1, 4)} revenue was {price()} ({r.choice(['+', '-'])}{r.randint(1, 40)}.{r.randint(0, 9)}% YoY) on {r.randint(10, 999)},{dg(r, 3)} orders"
        ),
        lambda: f"SKU,qty,unit_price\n{sku()},{r.randint(1, 999)},{price()}\n{sku()},{r.randint(1, 999)},{price()}",
        lambda: f"택배 운송장 조회 말고 주문 상태만 알려줘: {order()} / {date()} / {price()}",
        lambda: (
            f"좌표계는 EPSG:{r.choice([4326, 3857, 5186])}이고 해상도는 {r.choice([1920, 2560, 3840])}x{r.choice([1080, 1440, 2160])}입니다"
        ),
        lambda: (
            f"Python {r.choice(['3.11.4', '3.12.1', '3.10.13'])}, numpy {ver()}, torch {ver()}+cu{r.choice([118, 121])}"
        ),
        lambda: (
            f"계산해 줘: {r.randint(100, 99999)} × {r.randint(2, 999)} = ? 그리고 {r.randint(1000, 9999)}-{r.randint(100, 999)}-{r.randint(10, 99)} 순서로 빼기"
        ),
        lambda: f"긴급 신고는 {tel_public()}, 관광 안내는 1330번으로 하세요",
        lambda: (
            f"Latency p50={r.randint(1, 99)}ms p99={r.randint(100, 999)}ms, heap {r.randint(100, 4096)}MB, GC {r.randint(1, 99)} times"
        ),
        lambda: (
            f"name: {r.choice(['build', 'deploy', 'lint'])}\nruns-on: ubuntu-{r.choice(['22.04', '24.04'])}\ntimeout-minutes: {r.randint(5, 60)}"
        ),
        lambda: (
            f"{r.randint(1, 12)}월 {r.randint(1, 28)}일 오후 {r.randint(1, 11)}시 {r.randint(0, 59)}분 출발, 약 {r.randint(1, 9)}시간 {r.randint(0, 59)}분 소요"
        ),
        lambda: (
            f"Table {r.randint(1, 20)}: results for n={r.randint(10, 9999)}, α=0.0{r.randint(1, 9)}, 95% CI [{r.randint(1, 9)}.{dg(r, 2)}, {r.randint(10, 19)}.{dg(r, 2)}]"
        ),
        lambda: f"invoice_id={order()} amount={price()} currency=KRW status=PAID ts={date()}T{tm()}:00Z",
        lambda: f"Chapter {r.randint(1, 30)}, pp. {r.randint(1, 200)}-{r.randint(201, 500)}; ISBN {isbn13(r)}",
        lambda: (
            f"docker image sha256:{''.join(r.choice('0123456789abcdef') for _ in range(12))} size {r.randint(10, 999)}MB"
        ),
    ]
    return [t() for t in templates for _ in range(n)]


# -- scoring ------------------------------------------------------------------------------------


def run(cases: list[Case], clean: list[str], scrubber, n_leaks: int) -> dict:
    t0 = time.perf_counter()
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_form: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    by_lang: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    by_fmt: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    leaks: list[tuple[Case, Gold, str]] = []
    for case in cases:
        spans = [(f.start, f.end) for f in scrubber.analyze(case.text)]
        out = scrubber.scrub(case.text).text
        for gd in case.gold:
            gone = gd.value not in out
            full = all(not case.text[i].isalnum() or any(s <= i < e for s, e in spans) for i in range(gd.start, gd.end))
            lang = case.lang
            for table, key in (
                (by_kind, gd.kind),
                (by_form, (gd.kind, case.form)),
                (by_lang, (gd.kind, lang)),
                (by_fmt, (gd.kind, gd.fmt)),
            ):
                row = table[key]
                row[0] += 1
                row[1] += gone
                row[2] += full
            if not full:
                leaks.append((case, gd, out))
    touched = []
    touched_by: dict[str, int] = defaultdict(int)
    for t in clean:
        found = scrubber.analyze(t)
        if found:
            touched.append((t, scrubber.scrub(t).text))
            for entity in {f.entity_type for f in found}:
                touched_by[entity] += 1
    dt = time.perf_counter() - t0

    def table(title: str, rows: dict, width: int = 34) -> dict:
        print(f"\n{title:{width}} {'n':>5} {'recall':>7} {'full':>7}")
        res = {}
        for key, (n, g, c) in sorted(rows.items()):
            label = " / ".join(key) if isinstance(key, tuple) else key
            print(f"{label:{width}} {n:5d} {g / n:7.3f} {c / n:7.3f}")
            res[label] = {"n": n, "recall": round(g / n, 4), "full": round(c / n, 4)}
        return res

    result = {
        "per_kind": table("kind", by_kind),
        "per_kind_lang": table("kind / language", by_lang),
        "per_kind_form": table("kind / carrier form", by_form),
        "per_kind_fmt": table("kind / value format", by_fmt),
    }
    tot = [sum(v[i] for v in by_kind.values()) for i in range(3)]
    print(f"\nall values {tot[0]}: recall {tot[1] / tot[0]:.3f}  full {tot[2] / tot[0]:.3f}")
    print(
        f"clean texts touched: {len(touched)}/{len(clean)} = {len(touched) / len(clean):.3%}  by type: "
        + ", ".join(f"{k} {v}" for k, v in sorted(touched_by.items()))
    )
    # URL and UUID are replaced whatever they hold, by the scrubber's policy (docs/privacy.md):
    # counted apart so a change in the other types shows.
    other = sum(
        1
        for _, o in touched
        if re.sub(r"<(?:URL|UUID)_\d+>", "", o) != o and not re.search(r"<(?!URL_|UUID_)[A-Z_]+_\d+>", o)
    )
    print(
        f"clean texts touched by anything but a URL/UUID: {len(touched) - other}/{len(clean)}"
        f" = {(len(touched) - other) / len(clean):.3%}"
    )
    print(f"({len(cases)} carriers + {len(clean)} clean texts in {dt:.1f}s)")
    if n_leaks:
        print(f"\n-- leaks ({len(leaks)}; first {n_leaks}) --")
        for case, gd, out in leaks[:n_leaks]:
            print(f"[{gd.kind}/{gd.fmt} in {case.form}] value={gd.value!r}\n   in : {case.text!r}\n   out: {out!r}")
        print("\n-- clean texts touched --")
        for t, out in touched[:n_leaks]:
            print(f"   in : {t!r}\n   out: {out!r}")
    result["all"] = {"n": tot[0], "recall": round(tot[1] / tot[0], 4), "full": round(tot[2] / tot[0], 4)}
    result["clean"] = {
        "n": len(clean),
        "touched": len(touched),
        "rate": round(len(touched) / len(clean), 4),
        "touched_by_type": dict(touched_by),
        "touched_not_url_uuid": len(touched) - other,
        "examples": touched,
    }
    result["leaks"] = [
        {"kind": gd.kind, "fmt": gd.fmt, "form": c.form, "value": gd.value, "text": c.text, "out": o}
        for c, gd, o in leaks
    ]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=12, help="carriers per template")
    ap.add_argument("--clean-n", type=int, default=10, help="clean texts per clean template")
    ap.add_argument("--seed", type=int, default=2718)
    ap.add_argument("--leaks", type=int, default=40)
    ap.add_argument("--json", help="write per-class numbers, leaks and touched clean texts here")
    ap.add_argument("--tree", help="score the instructflow package of this folder instead")
    args = ap.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
    from instructflow.agents.scrub.scrubber import Scrubber

    scrubber = Scrubber()
    cases = build(args.n, args.seed)
    clean = clean_texts(args.clean_n, args.seed)
    n_t = sum(len(v) for v in FORMS.values())
    print(
        f"{len(cases)} carriers from {n_t} templates in {len(FORMS)} forms, "
        f"{sum(len(c.gold) for c in cases)} planted values; {len(clean)} clean texts"
    )
    result = run(cases, clean, scrubber, args.leaks)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
