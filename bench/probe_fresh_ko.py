"""A fresh Korean PII probe, written as an outside grader would: its own carrier sentences and its
own value generators (Faker ko_KR plus hand-made ones), none of the project's set generators.

    .venv/bin/python bench/probe_fresh_ko.py [--n 2500] [--seed 17] [--clean 600] [--leaks 60] [--carriers heldout]

Every slot filled in a carrier is a gold span. Per kind, per value format and per glued ending it
prints **recall** (some finding overlaps the value: it no longer reads whole) and **full coverage**
(every letter and digit of it lies inside findings), then the leaks (values with something left).
Then a PII-free check: real Korean sentences from ../shared/data (KorSTS, KorNLI, the chatbot Q/A
set, paraKQC) that nobody here wrote; the share that gets any finding, and the flagged sentences
with what was found, to judge by hand.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from instructflow.agents.scrub.scrubber import Scrubber

# -- Korean josa --------------------------------------------------------------------------------

# The final consonant a digit or Latin letter is read with (일, 삼, 육, 칠, 팔, 십 / 엘, 엠, 엔).
_DIGIT_BATCHIM = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
_LATIN_BATCHIM = {"l": 8, "m": 16, "n": 4, "r": 0}


def _batchim(word: str) -> int:
    """Index of the final consonant of the last readable character (0: none, 8: ㄹ)."""
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28
        if ch.isdigit():
            return _DIGIT_BATCHIM[str(int(ch))]
        if ch.isalpha():
            return _LATIN_BATCHIM.get(ch.lower(), 0)
    return 0


# A particle written with its after-vowel form in brackets: "(이)랑", "은/는", "(으)로".
_PAIRS = {"은": "는", "이": "가", "을": "를", "과": "와", "아": "야", "이랑": "랑", "이에요": "예요",
          "이고": "고", "이가": "가", "이요": "요", "입니다": "입니다", "이며": "며", "이라고": "라고"}


def attach(word: str, josa: str) -> str:
    if not josa:
        return word
    b = _batchim(word)
    if josa.startswith("으로"):
        return word + (josa[1:] if b in (0, 8) else josa)
    head = josa.split(" ")[0]
    rest = josa[len(head):]
    if head in _PAIRS and not b:
        return word + _PAIRS[head] + rest
    return word + josa


# -- values -------------------------------------------------------------------------------------

SURNAMES = ("김 " * 21 + "이 " * 15 + "박 " * 8 + "최 " * 5 + "정 " * 5 + "강 " * 3 + "조 " * 3
            + "윤 " * 3 + "장 " * 3 + "임 " * 2
            + "한 한 오 오 서 서 신 신 권 권 황 안 송 전 홍 유 고 문 양 손 배 백 허 "
            "남 심 노 하 곽 성 차 주 우 구 민 류 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 "
            "연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 "
            "남궁 황보 제갈 선우 독고").split()
POPULAR_GIVEN = ("서준 하준 도윤 시우 은우 지호 예준 유준 수호 이안 주원 지안 선우 도현 건우 우진 민준 현우 "
                 "서연 서윤 지우 하윤 하은 지유 서아 윤서 민서 채원 수아 지아 지윤 다은 은서 예린 소율 "
                 "영수 영호 영철 정호 성호 상철 명숙 영숙 정숙 순자 영자 미경 은정 지영 혜진 미영 수진 "
                 "경민 동현 재훈 성민 태윤 준혁 승민 현준 지훈 민호 유나 수빈 예은 가은 나연 소연").split()
SYL_FIRST = ("민 서 지 하 도 수 현 준 예 윤 은 채 유 태 승 재 동 성 영 정 혜 미 경 소 나 다 가 세 우 주 건 시 "
             "연 희").split()
SYL_SECOND = "준 연 우 윤 호 민 진 아 원 서 은 현 빈 영 희 수 린 율 솔 혁 훈 석 철 숙 경 정 주 람 온 결 별".split()
WEST_GIVEN = ("존 마이클 데이비드 제임스 로버트 윌리엄 토마스 크리스토퍼 다니엘 매튜 앤드루 조셉 제니퍼 "
              "엘리자베스 사라 에밀리 제시카 애슐리 올리비아 소피아 엠마 한나 케빈 브라이언 에릭 스티븐 "
              "피터 폴 마크 라이언 벤자민 루카스 알렉스 니콜라스 샬럿 레베카 클레어 줄리아 안나 마리아").split()
WEST_SUR = ("스미스 존슨 윌리엄스 브라운 존스 밀러 데이비스 가르시아 로드리게스 윌슨 마르티네스 앤더슨 "
            "테일러 토머스 무어 잭슨 마틴 톰슨 화이트 해리스 클라크 루이스 워커 홀 앨런 영 킹 라이트 "
            "힐 스콧 그린 베이커 아담스 넬슨 캠벨 미첼 로버츠 카터 필립스 에반스 터너 파커 콜린스").split()
ROMAN_SUR = {"김": ["Kim", "Gim"], "이": ["Lee", "Yi", "Rhee"], "박": ["Park", "Pak", "Bak"],
             "최": ["Choi", "Choe"], "정": ["Jung", "Jeong", "Chung"], "강": ["Kang"], "조": ["Cho", "Jo"],
             "윤": ["Yoon", "Yun"], "장": ["Jang", "Chang"], "임": ["Lim", "Im"], "한": ["Han"],
             "오": ["Oh"], "서": ["Seo", "Suh"], "신": ["Shin", "Sin"], "권": ["Kwon"], "황": ["Hwang"],
             "안": ["Ahn", "An"], "송": ["Song"], "홍": ["Hong"], "유": ["Yoo", "Yu"], "문": ["Moon"]}
ROMAN_SYL = {"서": "seo", "준": "jun", "하": "ha", "도": "do", "윤": "yun", "시": "si", "우": "woo", "은": "eun",
             "지": "ji", "호": "ho", "예": "ye", "유": "yu", "수": "su", "민": "min", "현": "hyun", "연": "yeon",
             "아": "a", "진": "jin", "영": "young", "희": "hee", "재": "jae", "성": "sung", "태": "tae",
             "혜": "hye", "경": "kyung", "소": "so", "나": "na", "다": "da", "가": "ga", "훈": "hoon",
             "빈": "bin", "원": "won", "린": "rin", "석": "seok", "철": "cheol", "정": "jeong", "주": "ju",
             "승": "seung", "동": "dong", "채": "chae", "혁": "hyuk", "미": "mi", "숙": "sook", "율": "yul"}

BANKS = {"국민은행": "######-##-######", "KB국민": "###-##-####-###", "신한은행": "###-###-######",
         "우리은행": "####-###-######", "하나은행": "###-######-#####", "농협": "###-####-####-##",
         "NH농협": "###-####-####-##", "카카오뱅크": "3333-##-#######", "기업은행": "###-######-##-###",
         "IBK기업은행": "###-######-##-###", "토스뱅크": "1000-####-####", "케이뱅크": "100-###-######",
         "SC제일은행": "###-##-######", "새마을금고": "9###-####-####-#", "우체국": "######-##-######",
         "부산은행": "###-####-####-##", "대구은행": "###-##-######-#"}
MAIL_DOMAINS = ("naver.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com", "nate.com",
                "korea.ac.kr", "snu.ac.kr", "samsung.com", "hanmail.net", "outlook.kr", "company.co.kr")
SIDO = ("서울특별시", "서울", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시",
        "울산광역시", "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충남", "전라북도",
        "전남", "경상북도", "경남", "제주특별자치도")
SIGUNGU = ("강남구", "서초구", "송파구", "마포구", "종로구", "중구", "해운대구", "수성구", "연수구",
           "북구", "유성구", "남구", "성남시 분당구", "수원시 영통구", "고양시 일산동구", "용인시 수지구",
           "춘천시", "청주시 흥덕구", "천안시 서북구", "전주시 완산구", "여수시", "포항시 북구",
           "창원시 의창구", "제주시", "화성시", "파주시", "평택시", "김해시")
ROADS = ("테헤란로", "세종대로", "올림픽로", "강남대로", "판교역로", "중앙로", "해운대해변로", "달구벌대로",
         "대학로", "동일로", "백범로", "봉은사로", "도산대로", "광복로", "충장로", "한밭대로", "월드컵북로",
         "반포대로", "디지털로", "삼일대로", "양재천로", "노원로", "경수대로", "신촌로", "구월로")
DONG = ("역삼동", "삼성동", "서교동", "합정동", "잠실동", "대치동", "우동", "범어동", "송도동", "정자동",
        "신림동", "상계동", "봉천동", "중동", "연산동", "둔산동", "행신동", "영통동", "청담동", "목동")
APTS = ("래미안", "힐스테이트", "자이", "e편한세상", "푸르지오", "아이파크", "롯데캐슬", "더샵", "SK뷰",
        "한신", "현대아파트", "주공아파트", "센트레빌", "꿈에그린", "호반베르디움", "래미안퍼스티지")


def full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "-" else c for c in s)


def digits(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def fill(r: random.Random, pattern: str) -> str:
    return "".join(r.choice("0123456789") if c == "#" else c for c in pattern)


def luhn_complete(prefix: str, length: int, r: random.Random) -> str:
    body = prefix + digits(r, length - len(prefix) - 1)
    total = 0
    for i, d in enumerate(reversed(body)):
        v = int(d)
        if i % 2 == 0:
            v *= 2
            v -= 9 if v > 9 else 0
        total += v
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Value:
    text: str
    kind: str
    fmt: str


class Values:
    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.fk = Faker("ko_KR")
        self.fk.seed_instance(r.randrange(1 << 30))

    # persons
    def given(self) -> tuple[str, str]:
        r = self.r
        k = r.random()
        if k < 0.35:
            return r.choice(POPULAR_GIVEN), "popular"
        if k < 0.7:
            return self.fk.first_name(), "faker"
        if k < 0.95:
            return r.choice(SYL_FIRST) + r.choice(SYL_SECOND), "syllables"
        return r.choice(SYL_FIRST), "one_syllable"

    def given_alone(self) -> Value:
        g, how = self.given()
        return Value(g, "PERSON_KO_GIVEN", how)

    def surname(self) -> str:
        return self.r.choice(SURNAMES)

    def full(self) -> Value:
        g, how = self.given()
        if self.r.random() < 0.3:
            return Value(self.fk.last_name() + self.fk.first_name(), "PERSON_KO_FULL", "faker")
        return Value(self.surname() + g, "PERSON_KO_FULL", how)

    def west(self) -> Value:
        r = self.r
        if r.random() < 0.2:
            return Value(r.choice(WEST_GIVEN), "PERSON_WEST_HANGUL", "given_only")
        sep = r.choice([" ", " ", "·", " "])
        return Value(r.choice(WEST_GIVEN) + sep + r.choice(WEST_SUR), "PERSON_WEST_HANGUL",
                     "dot" if sep == "·" else "space")

    def roman(self) -> Value:
        r = self.r
        sur = r.choice(list(ROMAN_SUR))
        s = r.choice(ROMAN_SUR[sur])
        a, b = r.sample(list(ROMAN_SYL.values()), 2)
        style = r.choice(["hyphen", "joined", "space", "sur_last", "caps_sur"])
        if style == "hyphen":
            return Value(f"{s} {a.title()}-{b}", "PERSON_ROMAN", style)
        if style == "joined":
            return Value(f"{s} {(a + b).title()}", "PERSON_ROMAN", style)
        if style == "space":
            return Value(f"{s} {a.title()} {b.title()}", "PERSON_ROMAN", style)
        if style == "sur_last":
            return Value(f"{a.title()}-{b} {s}", "PERSON_ROMAN", style)
        return Value(f"{s.upper()} {a.title()}{b}", "PERSON_ROMAN", style)

    # identifiers
    def mobile(self) -> Value:
        r = self.r
        a, b = digits(r, 4), digits(r, 4)
        pre = r.choice(["010"] * 8 + ["011", "016", "019"])
        fmts = {"dash": f"{pre}-{a}-{b}", "none": f"{pre}{a}{b}", "space": f"{pre} {a} {b}",
                "dot": f"{pre}.{a}.{b}", "intl_dash": f"+82 {pre[1:]}-{a}-{b}", "intl_none": f"+82{pre[1:]}{a}{b}",
                "intl_paren": f"+82-{pre[1:]}-{a}-{b}", "paren": f"({pre}) {a}-{b}",
                "old3": f"{pre}-{a[:3]}-{b}"}
        k = r.choice(list(fmts))
        return Value(fmts[k], "PHONE", "mobile_" + k)

    def landline(self) -> Value:
        r = self.r
        area = r.choice(["02", "031", "032", "051", "053", "042", "062", "064", "033", "070"])
        mid = digits(r, r.choice([3, 4]))
        mid = str(r.randint(2, 9)) + mid[1:]
        last = digits(r, 4)
        fmts = {"dash": f"{area}-{mid}-{last}", "paren": f"({area}) {mid}-{last}",
                "close_paren": f"{area}){mid}-{last}", "none": f"{area}{mid}{last}",
                "space": f"{area} {mid} {last}", "intl": f"+82-{area[1:]}-{mid}-{last}",
                "faker": self.fk.phone_number()}
        k = r.choice(list(fmts))
        return Value(fmts[k], "PHONE", "landline_" + k)

    def _birth(self, impossible: bool) -> str:
        r = self.r
        yy = digits(r, 2)
        if impossible:
            mm, dd = r.choice([("00", f"{r.randint(1, 28):02d}"), ("13", "05"), ("14", "22"),
                               (f"{r.randint(1, 12):02d}", "00"), ("02", "30"), ("04", "31"), ("09", "45")])
        else:
            mm, dd = f"{r.randint(1, 12):02d}", f"{r.randint(1, 28):02d}"
        return yy + mm + dd

    def rrn(self, foreign: bool = False) -> Value:
        r = self.r
        impossible = r.random() < 0.3
        g = str(r.choice([5, 6, 7, 8] if foreign else [1, 2, 3, 4]))
        front, back = self._birth(impossible), g + digits(r, 6)
        k = r.choice(["dash", "dash", "none", "space", "masked_no", "faker"])
        if k == "faker" and not foreign and not impossible:
            text = self.fk.ssn()
        elif k == "none":
            text = front + back
        elif k == "space":
            text = f"{front} - {back}" if r.random() < 0.5 else f"{front} {back}"
        else:
            text = f"{front}-{back}"
        kind = "KR_FRN" if foreign else "KR_RRN"
        return Value(text, kind, k + ("_baddate" if impossible else ""))

    def passport(self) -> Value:
        r = self.r
        lead = r.choice("MMMMSROD")
        if r.random() < 0.5:
            return Value(lead + digits(r, 8), "PASSPORT", "old")
        return Value(lead + digits(r, 3) + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + digits(r, 4), "PASSPORT", "2021")

    def licence(self) -> Value:
        r = self.r
        reg = f"{r.randint(11, 28)}"
        mid, num, chk = digits(r, 2), digits(r, 6), digits(r, 2)
        fmts = {"dash": f"{reg}-{mid}-{num}-{chk}", "none": f"{reg}{mid}{num}{chk}",
                "region": f"{r.choice(['서울', '경기', '부산', '대구', '인천', '경남'])} {mid}-{num}-{chk}",
                "space": f"{reg} {mid} {num} {chk}"}
        k = r.choice(list(fmts))
        return Value(fmts[k], "DRIVER_LICENCE", k)

    def account(self) -> tuple[str, Value]:
        r = self.r
        bank = r.choice(list(BANKS))
        num = fill(r, BANKS[bank])
        k = "dash"
        if r.random() < 0.3:
            num, k = num.replace("-", ""), "none"
        return bank, Value(num, "BANK_ACCOUNT", k)

    def card(self) -> Value:
        r = self.r
        kind = r.choice(["visa16", "master16", "master2", "amex15", "bc16", "jcb16", "visa16", "master16"])
        prefix, n = {"visa16": ("4", 16), "master16": (str(r.randint(51, 55)), 16), "master2": ("2221", 16),
                     "amex15": (r.choice(["34", "37"]), 15), "bc16": ("9", 16), "jcb16": ("35", 16)}[kind]
        num = luhn_complete(prefix, n, r)
        sep = r.choice(["-", " ", "", "-"])
        groups = [num[:4], num[4:10], num[10:]] if n == 15 else [num[i : i + 4] for i in range(0, 16, 4)]
        text = sep.join(groups)
        return Value(text, "CREDIT_CARD", kind + {"-": "_dash", " ": "_space", "": "_none"}[sep])

    def email(self) -> Value:
        r = self.r
        user = r.choice([self.fk.user_name(), self.fk.user_name() + str(r.randint(1, 99)),
                         r.choice(list(ROMAN_SYL.values())) + "." + r.choice(list(ROMAN_SYL.values())),
                         self.fk.user_name() + "_" + digits(r, 4)])
        return Value(user + "@" + r.choice(MAIL_DOMAINS), "EMAIL", "plain")

    def ip(self) -> Value:
        r = self.r
        if r.random() < 0.8:
            return Value(".".join(str(r.randint(1, 254)) for _ in range(4)), "IP", "v4")
        return Value(self.fk.ipv6(), "IP", "v6")

    def brn(self) -> Value:
        r = self.r
        t = f"{digits(r, 3)}-{digits(r, 2)}-{digits(r, 5)}"
        if r.random() < 0.3:
            return Value(t.replace("-", ""), "BRN", "none")
        return Value(t, "BRN", "dash")

    # addresses
    def road_address(self) -> Value:
        r = self.r
        road = r.choice(ROADS)
        if r.random() < 0.4:
            road += f"{r.randint(1, 99)}길"
        num = str(r.randint(1, 500)) + (f"-{r.randint(1, 30)}" if r.random() < 0.3 else "")
        base = f"{r.choice(SIDO)} {r.choice(SIGUNGU)} {road} {num}"
        k = r.choice(["bare", "unit", "floor", "dong_suffix", "apt_unit_suffix", "zip_front", "faker"])
        if k == "unit":
            base += f", {r.randint(101, 120)}동 {r.randint(1, 25)}{r.randint(1, 4):02d}호"
        elif k == "floor":
            base += f" {r.randint(2, 20)}층"
        elif k == "dong_suffix":
            base += f" ({r.choice(DONG)})"
        elif k == "apt_unit_suffix":
            base += f", {r.randint(1, 9)}0{r.randint(1, 9)}호 ({r.choice(DONG)}, {r.choice(APTS)})"
        elif k == "zip_front":
            base = f"({digits(r, 5)}) " + base
        elif k == "faker":
            base = self.fk.road_address()
        return Value(base, "ADDRESS", "road_" + k)

    def jibun_address(self) -> Value:
        r = self.r
        num = f"{r.randint(1, 999)}" + (f"-{r.randint(1, 99)}" if r.random() < 0.6 else "")
        base = f"{r.choice(SIDO)} {r.choice(SIGUNGU)} {r.choice(DONG)} {num}"
        k = r.choice(["bunji", "plain", "apt", "faker"])
        if k == "bunji":
            base += "번지"
        elif k == "apt":
            base += f" {r.choice(APTS)} {r.randint(101, 130)}동 {r.randint(1, 30)}{r.randint(1, 4):02d}호"
        elif k == "faker":
            base = self.fk.address()
        return Value(base, "ADDRESS", "jibun_" + k)

    def apartment(self) -> Value:
        r = self.r
        k = r.choice(["dongho", "dash", "dong_only"])
        apt = r.choice(APTS) + r.choice(["", "", " 2차", " 1단지", "아파트"])
        d, h = r.randint(101, 130), f"{r.randint(1, 30)}{r.randint(1, 4):02d}"
        text = {"dongho": f"{apt} {d}동 {h}호", "dash": f"{apt} {d}-{h}",
                "dong_only": f"{r.choice(DONG)} {apt} {d}동 {h}호"}[k]
        return Value(text, "ADDRESS", "apartment_" + k)

    def zipcode(self) -> Value:
        return Value(self.fk.postcode() if self.r.random() < 0.5 else digits(self.r, 5), "POSTCODE", "5digit")


# -- carriers -----------------------------------------------------------------------------------
# {SLOT|ending}: SLOT is filled with a value, ending (particle or suffix) attached by its final
# consonant. Slots: FULL (Korean full name), GIVEN, SUR (surname alone), WEST, ROMAN, MOBILE,
# LAND, RRN, FRN, PASS, DL, BANK (bank name + account), CARD, EMAIL, IP, BRN, ADDR, JIBUN, APT, ZIP.

PERSON_CARRIERS = [
    "{FULL|이} 내일 회의에 못 온대.",
    "어제 {FULL|을} 만났는데 많이 바빠 보이더라.",
    "{FULL|에게} 서류를 전달해 주세요.",
    "이 건은 {FULL|한테} 물어보면 돼요.",
    "{FULL|께서} 직접 연락 주셨습니다.",
    "주말에 {FULL|이랑} 등산 가기로 했어.",
    "{FULL|하고} 같이 점심 먹었어요.",
    "{FULL|의} 보고서를 검토했습니다.",
    "{FULL|은} 이번 프로젝트 담당자입니다.",
    "참석자: {FULL}, {FULL}, {FULL}",
    "회의록 (3월 12일) - 작성자: {FULL} / 참석: {FULL}, {FULL}",
    "[카톡] {FULL}: ㅋㅋ 오늘 몇 시에 만나?",
    "ㅇㅇ {FULL|이가} 그러는데 내일 비 온대",
    "보낸 사람: {FULL} <{EMAIL}>",
    "{FULL} 드림",
    "감사합니다.\n{FULL} 올림\n마케팅팀 | {MOBILE}",
    "수령인: {FULL}\n연락처: {MOBILE}\n주소: {ADDR}",
    "주문자명 {FULL} / 배송지 {ADDR}",
    "받는 분 성함은 {FULL|입니다}.",
    "제 이름은 {FULL|이에요}.",
    "저는 {FULL|이라고} 합니다. 잘 부탁드립니다.",
    "안녕하세요, 고객님. 상담원 {FULL|입니다}.",
    "{FULL} 고객님, 주문하신 상품이 발송되었습니다.",
    "민원 내용: 담당 직원 {FULL} 씨가 불친절하게 응대했습니다.",
    "{FULL} 팀장님 오늘 휴가세요?",
    "김 과장 말고 {FULL} 과장님한테 결재 받으세요.",
    "팀장 {FULL|이} 보고서를 승인했다.",
    "교수님 성함이 {FULL|인가요}?",
    "\"{FULL}\" 명의로 예약되어 있습니다.",
    "'{FULL}'라는 사람이 전화했었어.",
    "담임 선생님은 {FULL} 선생님이세요.",
    "{FULL} 대리, {FULL} 주임, {FULL} 사원이 출장 갑니다.",
    "환자명: {FULL} (남, 45세)",
    "계약자 {FULL|과} 피보험자 {FULL|은} 동일인입니다.",
    "문의하신 분은 {FULL} 님이십니다.",
    "{GIVEN|아}, 밥 먹었어?",
    "{GIVEN|아} 오늘 뭐해",
    "{GIVEN}님, 회의 자료 보내드렸어요.",
    "{GIVEN} 씨는 어디 사세요?",
    "{GIVEN} 선생님께 감사 인사 드려요.",
    "{GIVEN} 팀장님이 찾으세요.",
    "{GIVEN} 언니 결혼식 언제야?",
    "{GIVEN} 오빠가 차로 데려다 준대.",
    "우리 {GIVEN|이가} 요즘 공부를 열심히 해요.",
    "{GIVEN}씨 내일 출근하시나요?",
    "어제 {GIVEN|이랑} 영화 봤어 ㅎㅎ",
    "{SUR} 부장님께 보고드렸습니다.",
    "{SUR} 대리가 처리할 거예요.",
    "오늘 {WEST|이} 한국에 도착했어요.",
    "{WEST} 씨와 미팅이 있습니다.",
    "저희 원어민 강사 {WEST} 선생님을 소개합니다.",
    "{WEST|한테} 이메일 보냈어?",
    "담당자 {ROMAN|에게} 연락 부탁드립니다.",
    "영문 성명: {ROMAN}",
    "여권상 이름이 {ROMAN|으로} 되어 있어요.",
    "Hi, this is {ROMAN}. 내일 뵙겠습니다.",
    "{ROMAN} 님 예약 확인되었습니다.",
]

ID_CARRIERS = [
    "제 번호는 {MOBILE|입니다}.",
    "연락처는 {MOBILE|이에요}",
    "{MOBILE|로} 전화 주세요.",
    "급하면 {MOBILE|으로요}",
    "문자는 {MOBILE} 여기로 보내줘",
    "핸드폰 {MOBILE|이고} 집 전화는 {LAND|입니다}.",
    "회사 대표번호 {LAND|로} 문의 바랍니다.",
    "사무실 {LAND|에서} 전화 왔었어요.",
    "Tel. {LAND} / Fax. {LAND}",
    "☎ {LAND}",
    "주민등록번호: {RRN}",
    "주민번호 {RRN|입니다}",
    "제 주민번호는 {RRN|이고} 생년월일은 맞아요.",
    "본인 확인용 주민등록번호 {RRN|으로} 조회해 주세요.",
    "외국인등록번호 {FRN|입니다}.",
    "외국인 등록번호는 {FRN|이에요}",
    "여권번호 {PASS|입니다}.",
    "여권 번호가 {PASS|인데} 만료일이 다가와요.",
    "passport no. {PASS}",
    "운전면허번호: {DL}",
    "면허번호 {DL|로} 조회하면 나와요.",
    "환불 계좌는 {BANK|입니다}.",
    "입금 계좌: {BANK} (예금주 {FULL})",
    "{BANK|으로} 보내주세요!",
    "계좌번호 {BANK|이에요}",
    "카드번호 {CARD|입니다}.",
    "결제 카드 {CARD|로} 해주세요",
    "카드 {CARD} 분실 신고합니다.",
    "메일은 {EMAIL|로} 보내주세요.",
    "이메일: {EMAIL}",
    "{EMAIL|으로} 회신 부탁드립니다.",
    "제 메일 주소가 {EMAIL|이에요}.",
    "접속 IP {IP|에서} 로그인 시도가 있었습니다.",
    "서버 주소는 {IP|입니다}",
    "IP {IP|로} 차단해 주세요",
    "사업자등록번호 {BRN|입니다}.",
    "사업자번호: {BRN}",
    "상호: (주)다온 | 대표: {FULL} | 사업자등록번호: {BRN} | 주소: {ADDR}",
    "{MOBILE|번으로} 연락 주세요.",
    "카톡 아이디 말고 폰번호 {MOBILE|이요}",
]

ADDR_CARRIERS = [
    "주소는 {ADDR|입니다}.",
    "배송지: {ADDR}",
    "{ADDR|로} 보내 주세요.",
    "저 {ADDR|에} 살아요.",
    "택배는 {ADDR} 경비실에 맡겨 주세요.",
    "도로명 주소: {ADDR}",
    "지번 주소: {JIBUN}",
    "예전 주소가 {JIBUN|이었어요}",
    "{JIBUN|에서} 이사했습니다.",
    "우리 집은 {APT|이에요}",
    "{APT|로} 배달해 주세요",
    "배송 주소: {APT}, 공동현관 비번 없음",
    "우편번호 {ZIP}",
    "우편번호: {ZIP}, 주소: {JIBUN}",
    "우편번호는 {ZIP|이고} 주소는 {ADDR|입니다}.",
]

# Held out: written after the fixes of the leaks the carriers above showed, and never used to
# choose one, so the fixes can be checked on sentences they were not made from (--carriers heldout).
HELDOUT_CARRIERS = [
    "오늘 저녁에 {FULL|이랑} 치킨 먹기로 함 ㅋㅋ",
    "{FULL} 님 앞으로 등기우편이 도착했습니다.",
    "신청인 성명: {FULL}\n생년월일: 1990.03.14\n휴대전화: {MOBILE}",
    "이번 분기 우수사원은 영업2팀 {FULL} 대리입니다.",
    "{FULL|을} 찾습니다. 보신 분은 {MOBILE|로} 연락 바랍니다.",
    "아까 {GIVEN|이가} 전화했는데 못 받았어",
    "{GIVEN} 언니랑 {GIVEN} 오빠 다 온대",
    "{GIVEN}님 혹시 내일 시간 되세요?",
    "제 동생 {FULL|은} 올해 대학에 들어갔어요.",
    "{WEST} 교수님의 강연이 3시에 시작합니다.",
    "예약자: {ROMAN} / 인원 2명",
    "[알림] {FULL}님, 택배가 {ADDR} 문 앞에 배송 완료되었습니다.",
    "송장번호 말고 받는 사람 주소 {ADDR|으로} 다시 보내주세요",
    "이사 갈 집 주소: {APT}",
    "구 주소 {JIBUN}, 신 주소 {ADDR}",
    "자동이체 계좌 변경: {BANK}",
    "주민번호 앞자리 말고 전체 {RRN|이요}",
    "외국인등록증 번호 {FRN} 맞나요?",
    "카드 끝자리 말고 전체 번호 {CARD|예요}",
    "여권 {PASS|으로} 본인 확인 부탁드립니다",
    "면허증 번호 {DL|이고} 유효기간은 2030년까지예요",
    "로그인 기록: {IP} (서울)",
    "문의: {EMAIL} 또는 {LAND}",
    "법인 사업자번호 {BRN|으로} 세금계산서 발행해 주세요",
    "고객센터 상담 내역: {FULL} 고객이 {MOBILE|에서} 전화함",
    "우편번호({ZIP}) 확인 부탁드려요",
]

# What fills each slot (BANK, a bank name and its account, is filled in render).
SLOTS = {
    "FULL": Values.full,
    "GIVEN": Values.given_alone,
    "SUR": lambda v: Value(v.surname(), "PERSON_KO_SURNAME", "title_after"),
    "WEST": Values.west,
    "ROMAN": Values.roman,
    "MOBILE": Values.mobile,
    "LAND": Values.landline,
    "RRN": Values.rrn,
    "FRN": lambda v: v.rrn(foreign=True),
    "PASS": Values.passport,
    "DL": Values.licence,
    "CARD": Values.card,
    "EMAIL": Values.email,
    "IP": Values.ip,
    "BRN": Values.brn,
    "ADDR": Values.road_address,
    "JIBUN": Values.jibun_address,
    "APT": Values.apartment,
    "ZIP": Values.zipcode,
}

SLOT_RE = re.compile(r"\{([A-Z]+)(?:\|([^}]*))?\}")


@dataclass
class Gold:
    kind: str
    fmt: str
    glue: str
    start: int
    end: int
    carrier: int


def render(template: str, tid: int, v: Values) -> tuple[str, list[Gold]]:
    out: list[str] = []
    golds: list[Gold] = []
    pos = 0
    n = 0
    r = v.r
    for m in SLOT_RE.finditer(template):
        out.append(template[pos:m.start()])
        n += len(template[pos:m.start()])
        slot, josa = m.group(1), m.group(2) or ""
        prefix = ""
        if slot == "BANK":
            bank, val = v.account()
            prefix = bank + r.choice([" ", " ", ": ", " 계좌 "])
        else:
            val = SLOTS[slot](v)
        text, fmt = val.text, val.fmt
        if val.kind not in ("PERSON_KO_FULL", "PERSON_KO_GIVEN", "PERSON_KO_SURNAME", "PERSON_WEST_HANGUL",
                            "PERSON_ROMAN", "EMAIL", "IP", "ADDRESS") and r.random() < 0.1:
            text, fmt = full_width(text), fmt + "+fullwidth"
        glued = attach(text, josa)
        out.append(prefix)
        n += len(prefix)
        golds.append(Gold(val.kind, fmt, josa.split(" ")[0] if josa else "(none)", n, n + len(text), tid))
        out.append(glued)
        n += len(glued)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), golds


CARRIERS = PERSON_CARRIERS + ID_CARRIERS + ADDR_CARRIERS


def build(n: int, seed: int, carriers: list[str] = CARRIERS) -> list[tuple[str, list[Gold]]]:
    r = random.Random(seed)
    v = Values(r)
    samples = []
    for i in range(n):
        tid = i % len(carriers)
        samples.append(render(carriers[tid], tid, v))
    return samples


# -- scoring ------------------------------------------------------------------------------------


def covered(text: str, g: Gold, spans: list[tuple[int, int]]) -> tuple[bool, bool]:
    hits = [s for s in spans if s[0] < g.end and g.start < s[1]]
    if not hits:
        return False, False
    full = all(any(a <= i < b for a, b in hits) for i in range(g.start, g.end) if text[i].isalnum())
    return True, full


def table(title: str, rows: dict[str, list[int]]) -> None:
    print(f"\n{title:<40}{'n':>6}{'recall':>9}{'full':>9}")
    for key, (n, found, full) in sorted(rows.items()):
        print(f"{key:<40}{n:>6}{found / n:>9.3f}{full / n:>9.3f}")


def shared_data() -> Path:
    return Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def clean_sentences(per_source: int, seed: int) -> list[tuple[str, str]]:
    d = shared_data()
    sources: dict[str, list[str]] = {}
    with open(d / "korsts_dev.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        sources["korsts"] = [c for row in rows for c in row[5:7]]
    with open(d / "kornli_xnli_dev_ko.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        sources["kornli"] = list(dict.fromkeys(c for row in rows for c in row[:2]))
    with open(d / "ko_chatbot_data.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
        sources["chatbot"] = [c for row in rows for c in row[:2]]
    with open(d / "ko_paraKQC_v1.txt", encoding="utf-8") as f:
        sources["paraKQC"] = [line.rstrip("\n").split("\t")[-1] for line in f if line.strip()]
    r = random.Random(seed)
    out = []
    for name, sents in sources.items():
        sents = [s for s in sents if s.strip()]
        out.extend((name, s) for s in r.sample(sents, min(per_source, len(sents))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2500, help="carrier sentences")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--clean", type=int, default=600, help="PII-free sentences per source (0: skip)")
    ap.add_argument("--leaks", type=int, default=60, help="leaks to list")
    ap.add_argument("--carriers", choices=("dev", "heldout"), default="dev",
                    help="dev: the carriers the fixes were made from; heldout: ones written after")
    args = ap.parse_args(argv)
    scrubber = Scrubber()
    carriers = CARRIERS if args.carriers == "dev" else HELDOUT_CARRIERS
    samples = build(args.n, args.seed, carriers)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_fmt: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_glue: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    leaks: list[str] = []
    for text, golds in samples:
        found = scrubber.analyze(text)
        spans = [(f.start, f.end) for f in found]
        for g in golds:
            gone, full = covered(text, g, spans)
            for tab, key in ((by_kind, g.kind), (by_fmt, f"{g.kind}:{g.fmt}"), (by_glue, f"{g.kind[:6]}:{g.glue}")):
                t = tab[key]
                t[0] += 1
                t[1] += gone
                t[2] += full
            if not full:
                shown = scrubber.scrub(text).texts[0].replace("\n", " / ")
                leaks.append(f"[{g.kind}:{g.fmt}|{g.glue}] {'PARTIAL' if gone else 'MISSED '} "
                             f"{text[g.start:g.end]!r} -> {shown}")
    total = [sum(t[i] for t in by_kind.values()) for i in range(3)]
    print(f"fresh Korean probe: {len(samples)} texts, {total[0]} values, {len(carriers)} {args.carriers} carriers, "
          f"seed {args.seed}")
    table("kind", by_kind)
    table("kind:format", by_fmt)
    table("kind:glued ending", by_glue)
    print(f"\nALL{'':<37}{total[0]:>6}{total[1] / total[0]:>9.3f}{total[2] / total[0]:>9.3f}")
    print(f"\nleaks ({len(leaks)}; first {args.leaks}, shuffled):")
    random.Random(args.seed).shuffle(leaks)
    for line in leaks[: args.leaks]:
        print("  " + line)
    if args.clean:
        flagged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        shown = []
        for source, sent in clean_sentences(args.clean, args.seed):
            found = scrubber.analyze(sent)
            flagged[source][1] += 1
            if found:
                flagged[source][0] += 1
                what = ", ".join(f"{f.entity_type}={sent[f.start:f.end]!r}" for f in found)
                shown.append(f"  [{source}] {sent!r}: {what}")
        print("\nPII-free real Korean text, sentences with any finding:")
        for source, (hit, n) in sorted(flagged.items()):
            print(f"  {source:<10}{hit:>5}/{n:<5} {hit / n:.3f}")
        hit, n = sum(v[0] for v in flagged.values()), sum(v[1] for v in flagged.values())
        print(f"  {'all':<10}{hit:>5}/{n:<5} {hit / n:.3f}")
        print("flagged (judge by hand):")
        print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
