"""Person names through the whole scrubber: every written form in Korean and English, glued
particles (no partial leaks), names after titles, and the words that must stay (languages,
brands, places, the word after a name).

Planted once (2026-11-29): names_ko._widen returning the model's span unchanged made
test_korean_glued_particles_leave_no_part_of_the_name fail on "이정순" ("<PERSON_1>순");
dropping the sentence-end check in names_en.LatinNameRecognizer._runs made
test_span_never_swallows_the_next_sentence fail ("<PERSON_1> the tweet").
"""

from __future__ import annotations

import re

import pytest

from instructflow.agents.scrub import names_ko
from instructflow.agents.scrub.scrubber import Scrubber

PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


def scrubbed(scrubber: Scrubber, text: str) -> str:
    return scrubber.scrub(text).text


def assert_name_gone(out: str, name: str) -> None:
    """No part of the name survives: neither the whole nor any 2+ letter piece of it."""
    letters = [p for p in re.split(r"[\s\-.]+", name) if p]
    assert "<PERSON_" in out
    for part in letters:
        if len(part) >= 2:
            assert part not in PLACEHOLDER.sub("", out), f"part of a name survived in {out!r}"


# -- Korean ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("김서연 연락처 좀 알려줘", "김서연"),
        ("어제 박지훈을 만났는데 정말 친절하더라", "박지훈"),
        ("제 이름은 최민준이에요", "최민준"),
        ("이 보고서는 정하은이 작성했습니다", "정하은"),
        ("남궁민수 씨에게 전화 부탁드려요", "남궁민수"),
        ("담당자: 윤서준 (인사팀)", "윤서준"),
    ],
)
def test_korean_full_names(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("김명자님께 감사 메일을 보내줘", "김명자"),
        ("이정순에게 전해 주세요. 내일 회의는 취소입니다.", "이정순"),
        ("강유나랑 부산 여행 일정 짜줘", "강유나"),
        ("오영수의 추천서를 영어로 번역해줘", "오영수"),
        ("성함은 한지민이고요, 예약 확인 부탁드려요", "한지민"),
    ],
)
def test_korean_glued_particles_leave_no_part_of_the_name(scrubber: Scrubber, text: str, name: str) -> None:
    out = scrubbed(scrubber, text)
    assert_name_gone(out, name)
    # The particle stays and nothing of the name is glued to the placeholder: "<PERSON_1>자" is a leak.
    assert not re.search(r">[" + name + r"]", out), out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("서연 씨, 내일 회의 몇 시죠?", "서연"),
        ("민수님 주문하신 상품이 발송되었습니다", "민수"),
        ("지훈 선생님께 드릴 편지를 써줘", "지훈"),
        ("박 과장님이 보고서를 다시 쓰래요", "박"),
        ("김 교수님 연구실이 어디예요?", "김"),
    ],
)
def test_korean_given_names_and_surnames_with_honorifics(scrubber: Scrubber, text: str, name: str) -> None:
    out = scrubbed(scrubber, text)
    assert out.startswith("<PERSON_1>"), out
    assert name not in PLACEHOLDER.sub("", out).split()[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [("제니퍼 로페즈 씨가 내한했대", "제니퍼 로페즈"), ("마이클 스미스님께 보낼 메일", "마이클 스미스")],
)
def test_western_names_in_hangul(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


@pytest.mark.parametrize(
    "text",
    [
        "한국어로 번역해줘",
        "이 문장을 영어로 바꿔줘",
        "유튜브에서 봤어",
        "신세계 백화점 몇 시에 열어?",
        "카카오톡으로 보내줘",
        # Planted once: without names_ko._landmark, "서울역" became <PERSON_1> (the console's answer test).
        "서울역이나 용산역에서 KTX를 타면 약 2시간 30분이 걸립니다.",
        "부산항에서 배를 타요",
    ],
)
def test_korean_languages_brands_and_places_stay(scrubber: Scrubber, text: str) -> None:
    assert scrubbed(scrubber, text) == text


# News names countries, provinces and districts with no honorific (KLUE sentences without a person).
# Planted once: without names_ko's public-place filter, "이라크는" and "전라남도는" became <PERSON_1>.
@pytest.mark.parametrize(
    "text",
    [
        "이라크는 미군 철수의 공백을 메우고 있다.",
        "서울·경기도는 아침, 전라남도는 오후에 빗방울이 떨어지겠다.",
        "충남, 충북, 경남, 경북에는 호우주의보가 발효 중이다.",
        # Planted once: without names_ko._organisation, the firm became <PERSON_1>.
        "조선일보 기자, YTN 기자에 이어 KBS 아나운서에 합격했다.",
    ],
)
def test_korean_countries_and_provinces_in_news_stay(scrubber: Scrubber, text: str) -> None:
    assert scrubbed(scrubber, text) == text


# Places and facilities named by their last word (KLUE news spans the model proposed as persons out of
# fold; the judge drops some of them anyway, so the filter is tested on its own). Planted once:
# _place returning False failed this test.
@pytest.mark.parametrize("value", ["회현사거리", "순창읍", "고양버스터미널", "신갈분기점", "훗타라케 섬", "후난성"])
def test_korean_place_suffixes_are_no_person(value: str) -> None:
    assert names_ko._place(value)


@pytest.mark.parametrize("value", ["김민성", "남궁민성", "송혜교", "홍길동", "유리", "김수로", "황비홍역", "역도산"])
def test_names_ending_like_places_pass_the_place_filter(value: str) -> None:
    assert not names_ko._place(value)


@pytest.mark.parametrize("text", ["김민성 씨에게 연락해 주세요", "배우 송혜교가 출연한다.", "배우 홍길동이 왔다."])
def test_names_ending_like_places_are_still_persons(scrubber: Scrubber, text: str) -> None:
    name = text.split()[0] if "씨" in text else text.split()[1][:3]
    assert_name_gone(scrubbed(scrubber, text), name)


def test_place_shaped_given_name_with_honorific_is_still_a_person(scrubber: Scrubber) -> None:
    assert_name_gone(scrubbed(scrubber, "이란 씨에게 내일 회의 자료를 보내 주세요"), "이란")


@pytest.mark.parametrize(
    "text",
    ["요즘 애니를 너무 많이 봐서 큰일이에요", "에볼라 환자가 다시 늘고 있다고 한다",
     "대부 감독이 만든 다른 영화 추천해줘"],
)
def test_forms_klue_saw_only_as_things_stay_even_before_a_title(scrubber: Scrubber, text: str) -> None:
    """KLUE-NER's train split saw 애니, 에볼라 and 대부 only as works or diseases: the title after one
    (감독, 환자) is the work's director or the disease's patient, and the familiar-name rule does not
    take 애니 for a given name. (Planted once: THING_SEEN = 10**9 made all three red.)"""
    assert "<PERSON_" not in scrubbed(scrubber, text)


@pytest.mark.parametrize("text", ["다음 주 비 오는 날을 알려주십시오.", "몇 도 였어? 지난 주 대구 낮 최고기온.",
                                  "구월 둘째 주 종료 전에 마칠 수 있게 해 주세요"])
def test_the_week_after_a_time_word_is_no_surname(scrubber: Scrubber, text: str) -> None:
    """chat-ko (session 21): the model took "주 비", "주" and "주 종료" for names. (Planted once:
    without the _WEEK_BEFORE check all three red.)"""
    assert "<PERSON_" not in scrubbed(scrubber, text)


def test_a_name_after_the_week_is_still_a_name(scrubber: Scrubber) -> None:
    out = scrubbed(scrubber, "다음 주 조셉이 서울에 온대")
    assert_name_gone(out, "조셉")
    assert "다음 주" in out


@pytest.mark.parametrize("text", ["애니 씨에게 전화해 주세요", "애니 님 안녕하세요"])
def test_a_plain_honorific_makes_a_thing_shaped_form_a_person(scrubber: Scrubber, text: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), "애니")


# -- English and romanized Korean -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi im john smith, can you help me with my resume", "john smith"),
        ("Please send the invoice to Maria Gonzalez by Friday.", "Maria Gonzalez"),
        ("Tell BRITTANY WOOD that the report is ready.", "BRITTANY WOOD"),
        ("can u write a cover letter for heather ford? she is applying", "heather ford"),
        # Given names frequent since the 1990 census, which are words too (Faker's en_US, the SSA's
        # lists; probe_fresh_mixed 8128): in a table's name column and in lower case
        ("| Name | Email |\n|---|---|\n| Hunter Sullivan | hs@example.org |", "Hunter Sullivan"),
        ("hi im hunter sullivan, can you check my essay", "hunter sullivan"),
        # A mail signature's first line: a romanized Korean name whose words are English ones too
        ("Thanks!\n--\nmina moon\nSeoul Office\nTel 010-8501-5082", "mina moon"),
        # A record's name: a frequent given name that is a word, particles, a surname no list has (en 7919)
        ('{"assignee": {"name": "Dawn de Vries"}, "points": 3}', "Dawn de Vries"),
        ("Is Dr. Perry available for an interview?", "Perry"),
        ("Thanks again,\nMs. Bryant", "Bryant"),
        ("Meeting with Prof. Einojuhani Pyysalo at noon", "Einojuhani Pyysalo"),
        # A lone lower-case given name after a greeting, a sign-off, a request or 이름, or glued to a
        # Korean particle (2026-11-30: none was found; planted once: _lower_given returning [], red).
        ("Dear *janet* thanks for the quick reply", "janet"),
        ("signed “brenda”", "brenda"),
        ("tell <jennifer> i said hello", "jennifer"),
        ("영어 이름 gerard까지 써도 돼요?", "gerard"),
        ("denise는요 에게 메일 써줘", "denise"),
        # The word after a title, also in lower case after an abbreviated one or when it is a word
        # (2026-11-30: missed; planted once: _titled returning [], red).
        ("Sgt. King said the results look good", "King"),
        ("I have an appointment with Mr. davies tomorrow", "davies"),
        ("Coach Rose said hi", "Rose"),
        # An initial and a surname, also as common words and before a Korean particle (2026-11-30:
        # the initial stayed or nothing was found; planted once: _initialled returning [], red).
        ('signed "D. Murphy"', "D. Murphy"),
        ("Please call C. Grant back", "C. Grant"),
        ("영어 이름 W. Moore예요 써도 돼요?", "W. Moore"),
        # A country that is a frequent given name, a given name after "my son", a surname's work.
        ("Jordan will be late for the meeting.", "Jordan"),
        ("My son Christian is sick today.", "Christian"),
        ("Unlike the Johnson novel, it is short.", "Johnson"),
        # A surname that is a holiday's, a church's or a park's head word, after a title or with a
        # person's deed (issue 12; planted once: names_en._head_surname off, red): the whole name, not
        # the given name the title or the greeting alone takes.
        ("Dr. Steven Church will see you now.", "Steven Church"),
        ("Thanks, Natasha Day, for the notes.", "Natasha Day"),
        ("The guest 'Hilary Day' checked in late.", "Hilary Day"),
    ],
)
def test_english_names_in_any_case_and_after_titles(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I had lunch with Kang Yu-na today.", "Kang Yu-na"),
        ("Yuna Kang called about the delivery.", "Yuna Kang"),
        ("Thanks again,\nPARK JI YEON", "PARK JI YEON"),
        ("is kim minseok available next week?", "kim minseok"),
        # Lower case with a hyphen whose halves are English too ("min", "yang"): 2026-11-30 missed;
        # planted once (the common-word test on hyphenated given names back), red.
        ("my friend min-seok yoo recommended you", "min-seok yoo"),
        ("Regards, min-seo yang", "min-seo yang"),
        # The Latin words a Korean sentence calls a name (2026-11-30: missed; planted once:
        # _named_in_korean returning [], red).
        ("여권 영문명 AN SEOYEONG. 맞나요", "AN SEOYEONG"),
        ("영문 이름은 SIN SANG HO이에요 적어주세요", "SIN SANG HO"),
        ("영문 이름은 seung-min hwang였는데 적어주세요", "seung-min hwang"),
    ],
)
def test_romanized_korean_names(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please call C. Grant back", "Please call <PERSON_1> back"),
        ("Dear *L. Thompson* thanks", "Dear *<PERSON_1>* thanks"),
    ],
)
def test_an_initial_goes_with_its_surname(scrubber: Scrubber, text: str, expected: str) -> None:
    # Before: "Please call C. <PERSON_1> back" (planted once: _initialled returning [], red).
    assert scrubbed(scrubber, text) == expected


def test_span_never_swallows_the_next_sentence(scrubber: Scrubber) -> None:
    out = scrubbed(scrubber, "— John Smith. Classify the tweet as positive or negative.")
    assert out == "— <PERSON_1>. Classify the tweet as positive or negative."


def test_span_stops_at_a_line_break(scrubber: Scrubber) -> None:
    out = scrubbed(scrubber, "Regards,\nJohn Smith\nSales Team")
    assert out == "Regards,\n<PERSON_1>\nSales Team"


@pytest.mark.parametrize(
    "text",
    [
        "We moved here from Texas last year.",
        "Rhode Island is the smallest state.",
        "The Erie Canal opened in 1825.",
        "Translate this paragraph into English, please.",
        "San Francisco considers banning sidewalk delivery robots",
        "The line number and the case block are printed.",
        # Countries that are also given names, and given names as adjectives (2026-11-30: each was
        # PERSON; planted once: the country check or the article check removed, each went red).
        "I visited France last year.",
        "It was a great fief of medieval France.",
        "The Normans were famed for their Christian piety.",
        "The Norman dynasty had a major political impact.",
        # English words a Korean asks about, and verbs that end like an introduction.
        "will과 shall의 차이를 알려줘",
        "파일 이름은 report.pdf로 해줘",
        "변수 이름은 user_name이 좋아요",
        "mark의 뜻이 뭐야?",
        "It is defined when the function is called.",
        "Use a pop-up window or a sign-in page for the co-op store.",
        "Dr. who is a show I like.",
        # Tools and products no name list knows, after words that join things as often as people
        # (package descriptions, 2026-11-30: each was PERSON; planted once: _THING_CONTEXT never
        # matching, each went red).
        "Define the data in pure Python; validate it with Pydantic.",
        "All other dialect features, including those used by Superset, work on both versions.",
        "The package contains both Anonymizers and Deanonymizers.",
    ],
)
def test_english_places_languages_and_words_stay(scrubber: Scrubber, text: str) -> None:
    assert scrubbed(scrubber, text) == text


def test_shouted_copy_scrubs_like_the_original(scrubber: Scrubber) -> None:
    # Exact-duplicate detection compares scrubbed texts: a prompt and its all-caps copy must
    # get the same placeholders (planted once: reading all caps as capitalised words made the
    # pipeline test see "duplicate_near" instead of "duplicate_exact").
    text = "please write a note for heather ford about the koala lantern piano silver blossom"
    assert scrubbed(scrubber, text.upper()).lower() == scrubbed(scrubber, text).lower()


# -- names the gazetteers half know: initials, particles, repeats, lists, possessives -------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please forward the invoice to Tamsin R. Oyelaran by Friday.", "Tamsin R. Oyelaran"),
        ("the contract was signed by jorunn k halvorsen last week", "jorunn k halvorsen"),
        ("Our keynote speaker is Pieter van der Berghe from Ghent.", "Pieter van der Berghe"),
        ("We interviewed Svetlana Artyukhova about the project.", "Svetlana Artyukhova"),
        ("The delivery for Haruto Nakagawa arrived damaged.", "Haruto Nakagawa"),
        ("Can you check whether Ingrid's flight is on time?", "Ingrid"),
    ],
)
def test_initials_particles_and_international_names(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


def test_a_name_found_once_is_scrubbed_everywhere(scrubber: Scrubber) -> None:
    # "Ottosen" opening a sentence alone would be read as a word of unknown kind; after "Margit
    # Ottosen" it is her. Planted once (2026-11-30): LatinNameRecognizer.analyze returning its
    # results without _spread left "Ottosen sent me" here and "Mills" in the list test below.
    out = scrubbed(scrubber, "I met Margit Ottosen at the fair. Ottosen sent me the slides.")
    assert "Ottosen" not in out and "Margit" not in out


def test_names_listed_next_to_a_name_are_scrubbed(scrubber: Scrubber) -> None:
    # "Mills" alone is a dictionary word; next to "Harriet" in a list it is a surname.
    out = scrubbed(scrubber, "The committee members are Harriet, Mills and Baker.")
    for name in ("Harriet", "Mills", "Baker"):
        assert name not in out, out


def test_dialogue_speaker_labels(scrubber: Scrubber) -> None:
    out = scrubbed(scrubber, "Teodora: Did you bring the keys?\nRebecca: They are on the table.")
    assert "Teodora" not in out and "Rebecca" not in out
    assert "Did you bring the keys?" in out


@pytest.mark.parametrize(
    "text",
    [
        "The office moved to Villanueva del Pardillo, Spain, in 2019.",
        "Her cousin works for Whitcombe and Sons, a furniture maker.",
        "Note: Returns the value.\nExample: see above.",
        "Please return the parcel to Hawthorne 12 in case of an issue.",
    ],
)
def test_places_firms_and_labels_stay_person_free(scrubber: Scrubber, text: str) -> None:
    assert "<PERSON_" not in scrubbed(scrubber, text)
