"""A generated Korean + English person-name set: Faker names (ko_KR, en_US, en_GB) in every
written form, placed in varied chat templates.

Forms: Korean full names, given names with 씨/님/선생님, surname + title (김 과장님), names
glued to particles (김명자님께, 서연이가), Western names in Hangul, romanized Korean names
("Kang Yu-na", "Yuna Kang", "KANG YUNA"), English names in title, lower and upper case, names
after titles (Dr., Mr., Prof.). Values come from Faker and korean-romanizer, not from the
scrubber's own gazetteers.

Templates are split: ``TRAIN`` templates may be used to train the Korean name model
(agents/scrub/model/train_names_ko.py); every reported number uses the ``HELD_OUT`` ones only,
so a score here is a score on sentences the model never saw.
"""

from __future__ import annotations

import random
import re

from faker import Faker
from korean_romanizer.romanizer import Romanizer

from instructflow.evaluation.pii import Sample

# {n} is the name; {n:이/가} is the name followed by the particle that fits its last syllable.
KO_TEMPLATES_TRAIN = (
    "{n} 연락처 좀 알려줘",
    "어제 {n:을/를} 만났는데 정말 친절하더라",
    "제 이름은 {n:이에요/예요}",
    "{n}께 보낼 감사 메일 초안을 작성해줘",
    "안녕하세요, {n}. 주문하신 상품이 발송되었습니다.",
    "담당자: {n} (인사팀)",
    "이 보고서는 {n:이/가} 작성했습니다",
    "{n}한테 생일 축하 메시지 써줘",
    "우리 팀 {n:은/는} 회의를 너무 자주 해요",
    "{n:과/와} 같이 점심 먹기로 했어",
)
KO_TEMPLATES_HELD_OUT = (
    "성함은 {n:이고요/고요}, 예약 확인 부탁드려요",
    "{n}에게 전해 주세요. 내일 회의는 취소입니다.",
    "친구 {n:이랑/랑} 부산 여행 일정 짜줘",
    "{n}의 추천서를 영어로 번역해줘",
    "보낸 사람: {n}\n받는 사람: 인사팀",
    "혹시 {n} 기억나? 고등학교 때 같은 반이었잖아",
)
EN_TEMPLATES_TRAIN = (
    "hi im {n}, can you help me with my resume",
    "Please send the invoice to {n} by Friday.",
    "My manager {n} asked me to write a summary of the meeting.",
    "Write a birthday message for {n}.",
    "{n} called yesterday about the delivery.",
    "Dear {n}, thank you for your order.",
    "Can you translate this letter from {n} into Spanish?",
    "attendees: {n} and the design team",
    "my name is {n} and i need a refund",
)
EN_TEMPLATES_HELD_OUT = (
    "I had lunch with {n} today and we talked about the project.",
    "Tell {n} that the report is ready.",
    "Thanks again,\n{n}",
    "Is {n} available for an interview next week?",
    "— {n}. Classify the tweet as positive or negative.",
    "can u write a cover letter for {n}? she is applying for a nurse job",
)

# Western given names and surnames as Koreans write them (외래어 표기법 spellings).
WESTERN_HANGUL_FIRST = (
    "제임스 마이클 존 데이비드 로버트 윌리엄 리처드 토머스 크리스토퍼 다니엘 매튜 앤서니 메리 제니퍼 "
    "엘리자베스 사라 제시카 에밀리 올리비아 소피아 케빈 브라이언 에릭 스티븐 레이첼 한나 에마 루시"
).split()
WESTERN_HANGUL_LAST = (
    "스미스 존슨 윌리엄스 브라운 존스 밀러 데이비스 가르시아 윌슨 앤더슨 테일러 토머스 무어 마틴 "
    "잭슨 화이트 해리스 클라크 루이스 워커 홀 영 앨런 라이트 스콧 그린 베이커 애덤스"
).split()
# How Korean surnames are usually spelled in Latin letters (not the Revised Romanization).
ROMAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu", "유": "Yoo", "전": "Jeon",
    "홍": "Hong", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek",
}  # fmt: skip
KO_TITLES = ("과장", "과장님", "교수", "교수님", "선생님", "대리", "팀장님", "부장", "원장님", "기자")
KO_HONORIFICS = ("씨", "님", " 씨", " 님", "선생님", " 고객님")
EN_TITLES = ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Dr", "Mr")

_PARTICLE = re.compile(r"\{n:([^/}]*)/([^}]*)\}")


def _has_batchim(syllable: str) -> bool:
    return "가" <= syllable <= "힣" and (ord(syllable) - 0xAC00) % 28 != 0


def _fill(template: str, before: str, name: str, after: str, lang: str, form: str) -> Sample:
    """Place ``before + name + after`` at {n}; the gold span is ``name`` only."""
    value = before + name + after
    match = _PARTICLE.search(template)
    if match:
        last = value.rstrip()[-1]
        particle = match.group(1) if _has_batchim(last) else match.group(2)
        head, tail = template[: match.start()], particle + template[match.end() :]
    else:
        head, tail = template.split("{n}", 1)
    start = len(head) + len(before)
    return Sample(head + value + tail, (("PERSON", start, start + len(name)),), lang=lang, form=form)


def _romanize(hangul: str) -> str:
    return Romanizer(hangul).romanize()


def _korean_forms(rng: random.Random, ko: Faker) -> list[tuple[str, str, str, str]]:
    """(form, before, name, after) for one draw of each Korean-text form."""
    last, first = ko.last_name(), ko.first_name()
    west = rng.choice(WESTERN_HANGUL_FIRST) + (" " + rng.choice(WESTERN_HANGUL_LAST) if rng.random() < 0.6 else "")
    return [
        ("ko_full", "", last + first, ""),
        ("ko_full_honorific", "", last + first, rng.choice(KO_HONORIFICS)),
        ("ko_given_honorific", "", first, rng.choice(KO_HONORIFICS)),
        ("ko_surname_title", "", last, rng.choice(("", " ")) + rng.choice(KO_TITLES)),
        ("ko_full_title", "", last + first, " " + rng.choice(KO_TITLES)),
        ("western_hangul", "", west, rng.choice(("", " 씨", "님"))),
    ]


def _english_forms(rng: random.Random, en: Faker, ko: Faker) -> list[tuple[str, str, str, str]]:
    first, last = en.first_name(), en.last_name()
    k_last, k_first = ko.last_name(), ko.first_name()
    surname = ROMAN_SURNAMES.get(k_last) or _romanize(k_last).capitalize()
    syllables = [_romanize(s) for s in k_first]
    given = rng.choice(("-".join(syllables), "".join(syllables), " ".join(syllables))).title()
    if "-" in given:
        given = given[0] + given[1:].lower()  # "Yu-na", not "Yu-Na"
    romanized = rng.choice((f"{surname} {given}", f"{given} {surname}"))
    romanized = rng.choice((romanized, romanized, romanized.lower(), romanized.upper()))
    return [
        ("en_title_case", "", f"{first} {last}", ""),
        ("en_lower_case", "", f"{first} {last}".lower(), ""),
        ("en_upper_case", "", f"{first} {last}".upper(), ""),
        ("en_after_title", rng.choice(EN_TITLES) + " ", rng.choice((last, f"{first} {last}")), ""),
        ("romanized_korean", "", romanized, ""),
    ]


def generate_names(seed: int, per_form: int, held_out: bool = True) -> list[Sample]:
    """``per_form`` samples of every form, each in a template drawn from the chosen split."""
    rng = random.Random(seed)
    ko, en = Faker("ko_KR"), Faker(["en_US", "en_GB"])
    ko.seed_instance(seed)
    en.seed_instance(seed)
    ko_templates = KO_TEMPLATES_HELD_OUT if held_out else KO_TEMPLATES_TRAIN
    en_templates = EN_TEMPLATES_HELD_OUT if held_out else EN_TEMPLATES_TRAIN
    samples: list[Sample] = []
    for _ in range(per_form):
        for form, before, name, after in _korean_forms(rng, ko):
            samples.append(_fill(rng.choice(ko_templates), before, name, after, "ko", form))
        for form, before, name, after in _english_forms(rng, en, ko):
            samples.append(_fill(rng.choice(en_templates), before, name, after, "en", form))
    return samples


def training_sentences_ko(seed: int, per_form: int = 150) -> list[tuple[str, list[str]]]:
    """Korean training-template sentences as (text, BIO labels) for the name model."""
    out = []
    for sample in generate_names(seed, per_form, held_out=False):
        if sample.lang != "ko":
            continue
        labels = ["O"] * len(sample.text)
        for _, start, end in sample.spans:
            labels[start] = "B-PS"
            for i in range(start + 1, end):
                labels[i] = "I-PS"
        out.append((sample.text, labels))
    return out
