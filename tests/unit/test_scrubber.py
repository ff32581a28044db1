"""Unit tests of the scrub agent's pure core (English + Korean, consistency, leakage, offline)."""

from __future__ import annotations

import logging
import re
import socket

import pytest

from instructflow.agents.scrub.placeholders import PlaceholderBook, value_key
from instructflow.agents.scrub.scrubber import (
    Scrubber,
    ScrubError,
    ScrubResult,
    use_bundled_public_suffix_list,
)
from instructflow.schemas import Instance, Message, Source

PLACEHOLDER = re.compile(r"<([A-Z_]+?)_(\d+)>")


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


def assert_gone(result_text: str, *values: str) -> None:
    for value in values:
        assert value not in result_text, "a detected value survived scrubbing"


# -- English -------------------------------------------------------------------------------------


def test_english_contact_details(scrubber: Scrubber) -> None:
    text = (
        "Hi, my name is John Smith and I live at 123 Main St, Apt 4B, Springfield, IL 62704. "
        "Call me at (555) 123-4567 or mail john.smith@example.com"
    )
    r = scrubber.scrub(text)
    assert_gone(r.text, "John", "Smith", "123 Main St", "123-4567", "john.smith@example.com")
    assert "<PERSON_1>" in r.text and "<LOCATION_1>" in r.text
    assert r.pii == {"PERSON": 1, "LOCATION": 1, "PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1}


def test_english_ids_and_network_identifiers(scrubber: Scrubber) -> None:
    text = (
        "Dear Mr. Leiva, card 4111 1111 1111 1111 was charged; SSN 536-22-1234; "
        "IBAN GB82 WEST 1234 5698 7654 32; server 192.168.10.7; see https://www.example.org/x"
    )
    r = scrubber.scrub(text)
    assert_gone(r.text, "Leiva", "4111 1111", "536-22-1234", "GB82", "192.168.10.7", "example.org")
    for kind in ("PERSON", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "URL"):
        assert r.pii.get(kind) == 1, kind


def test_lowercase_name_after_introduction(scrubber: Scrubber) -> None:
    r = scrubber.scrub("my name is lena andersson and i need help with my order")
    assert_gone(r.text, "lena", "andersson")
    assert r.text.startswith("my name is <PERSON_1>")


def test_street_address_fragments_become_one_placeholder(scrubber: Scrubber) -> None:
    r = scrubber.scrub("Please ship it to 2450 Crown St\nSuite 510\nthanks")
    assert r.text == "Please ship it to <LOCATION_1>\nthanks"


def test_continental_address_forms(scrubber: Scrubber) -> None:
    r = scrubber.scrub("He lives at Rua Diadema 1903, and she at Koskikatu 25.")
    assert_gone(r.text, "Diadema", "Koskikatu")


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Seoul is nice today.",
        "Write a Python function that returns x * 1234 for x in range(10).",
        "What happened in 1945 and why does it matter?",
        "오늘 날씨가 정말 좋네요. 산책 갈까요?",
        "파이썬으로 피보나치 수열을 구하는 함수를 작성해 주세요.",
    ],
)
def test_text_without_pii_is_untouched(scrubber: Scrubber, text: str) -> None:
    r = scrubber.scrub(text)
    assert r.text == text
    assert r.pii == {}


# -- Korean --------------------------------------------------------------------------------------


def test_korean_name_with_honorific_and_phone_forms(scrubber: Scrubber) -> None:
    text = "김철수님, 연락처 010-1234-5678 또는 +82 10-9876-5432, 사무실 02-123-4567 입니다."
    r = scrubber.scrub(text)
    assert_gone(r.text, "김철수", "1234-5678", "9876-5432", "123-4567")
    assert r.text.startswith("<PERSON_1>님")
    assert r.pii == {"PERSON": 1, "PHONE_NUMBER": 3}


def test_korean_address_and_resident_number(scrubber: Scrubber) -> None:
    text = (
        "제 이름은 박지민이고 주소는 서울특별시 강남구 테헤란로 123, 101동 1002호입니다. "
        "주민번호는 900101-1234568 입니다."
    )
    r = scrubber.scrub(text)
    assert_gone(r.text, "박지민", "테헤란로", "강남구", "900101-1234568")
    assert r.pii == {"PERSON": 1, "LOCATION": 1, "KR_RRN": 1}
    assert "주소는 <LOCATION_1>입니다" in r.text


def test_korean_names_with_cues_titles_and_compound_surnames(scrubber: Scrubber) -> None:
    r = scrubber.scrub("이영희 씨가 부산광역시 해운대구 우동에 살아요. 선우재덕 선생님께, 예금주 홍길동.")
    assert_gone(r.text, "이영희", "해운대구", "선우재덕", "홍길동")
    assert r.pii == {"PERSON": 3, "LOCATION": 1}


def test_korean_ids_bank_account_and_card(scrubber: Scrubber) -> None:
    text = (
        "국민은행 계좌 123456-01-123456 로 입금해주세요. 사업자등록번호 220-81-62517, "
        "운전면허 11-19-123456-01, 여권번호 M123A4567, 카드번호 5105 1051 0510 5100"
    )
    r = scrubber.scrub(text)
    assert_gone(r.text, "123456-01-123456", "220-81-62517", "11-19-123456-01", "M123A4567", "5105")
    assert r.pii == {
        "KR_BANK_ACCOUNT": 1,
        "KR_BRN": 1,
        "KR_DRIVER_LICENSE": 1,
        "KR_PASSPORT": 1,
        "CREDIT_CARD": 1,
    }


def test_dashed_numbers_without_banking_context_are_not_accounts(scrubber: Scrubber) -> None:
    r = scrubber.scrub("주문번호는 2024-0131-77 이고 배송은 3일 걸립니다.")
    assert "KR_BANK_ACCOUNT" not in r.pii


# -- Consistency ---------------------------------------------------------------------------------


def test_same_value_same_placeholder_across_turns(scrubber: Scrubber) -> None:
    r = scrubber.scrub_many(
        [
            "I'm John Smith, reach me at 010-1234-5678.",
            "Sure, I will call 01012345678 and ask for John Smith.",
            "Actually Mary Jones will answer, her number is 010-9999-8888.",
        ]
    )
    assert isinstance(r, ScrubResult) and len(r.texts) == 3
    assert "<PERSON_1>" in r.texts[0] and "<PERSON_1>" in r.texts[1]
    assert "<PHONE_NUMBER_1>" in r.texts[0] and "<PHONE_NUMBER_1>" in r.texts[1]
    assert "<PERSON_2>" in r.texts[2] and "<PHONE_NUMBER_2>" in r.texts[2]
    assert r.pii == {"PERSON": 3, "PHONE_NUMBER": 3}


def test_numbering_restarts_per_conversation(scrubber: Scrubber) -> None:
    assert scrubber.scrub("call 010-1111-2222").text == "call <PHONE_NUMBER_1>"
    assert scrubber.scrub("call 010-3333-4444").text == "call <PHONE_NUMBER_1>"


def test_rescrubbing_is_idempotent_and_continues_numbering(scrubber: Scrubber) -> None:
    once = scrubber.scrub("김철수님 010-1234-5678").text
    assert scrubber.scrub(once).text == once
    more = scrubber.scrub_many([once, "이영희님 010-5555-6666"])
    assert more.texts[1] == "<PERSON_2>님 <PHONE_NUMBER_2>"


def test_scrub_instance_uses_one_numbering_and_merges_counts(scrubber: Scrubber) -> None:
    inst = Instance(
        source=Source.chat,
        stage=2,
        instruction="Write a reply to John Smith.",
        input="His number is 010-1234-5678.",
        output="Dear John Smith, we will call 010-1234-5678.",
        messages=[
            Message(role="user", content="김철수님께 010-1234-5678로 연락해 주세요"),
            Message(role="assistant", content="네, 김철수님께 연락하겠습니다."),
        ],
        pii={"PERSON": 1, "EMAIL_ADDRESS": 2},
    )
    out = scrubber.scrub_instance(inst)
    assert out is not inst and inst.instruction == "Write a reply to John Smith."
    assert out.instruction == "Write a reply to <PERSON_1>."
    assert out.output == "Dear <PERSON_1>, we will call <PHONE_NUMBER_1>."
    assert out.messages[0].content.startswith("<PERSON_2>님께 <PHONE_NUMBER_1>")
    assert out.messages[1].role == "assistant" and "<PERSON_2>님께" in out.messages[1].content
    assert out.pii == {"PERSON": 1 + 4, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 2}


def test_value_key_ignores_separators_and_case() -> None:
    assert value_key("PHONE_NUMBER", "010-1234-5678") == value_key("PHONE_NUMBER", "010 1234 5678")
    assert value_key("PERSON", "John  Smith") == value_key("PERSON", "john smith")
    book = PlaceholderBook()
    assert book.placeholder("PERSON", "Kim") == "<PERSON_1>"
    assert book.placeholder("PERSON", "KIM") == "<PERSON_1>"
    assert book.placeholder("PERSON", "Lee") == "<PERSON_2>"
    assert dict(book.counts) == {"PERSON": 3}


# -- Leakage and network -------------------------------------------------------------------------


def test_result_holds_counts_not_values(scrubber: Scrubber) -> None:
    r = scrubber.scrub("John Smith, 010-1234-5678, john@example.com")
    dumped = repr(r) + repr(r.pii)
    assert_gone(dumped, "John", "Smith", "1234-5678", "john@example.com")
    assert all(isinstance(v, int) for v in r.pii.values())


def test_errors_and_logs_carry_no_values(
    scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "010-2222-3333"
    caplog.set_level(logging.DEBUG)
    scrubber.scrub(f"김철수님 {secret} john@example.com")
    assert secret not in caplog.text and "김철수" not in caplog.text

    def explode(text: str) -> list:
        raise ValueError(f"cannot handle {text!r}")

    detector = scrubber._detectors[0]
    monkeypatch.setattr(
        scrubber,
        "_detectors",
        [type(detector)(detector.recognizer, explode, detector.entities, lambda f: True, detector.context)],
    )
    monkeypatch.setattr(scrubber, "_open_by_features", {})
    with pytest.raises(ScrubError) as info:
        scrubber.scrub(f"call {secret}")
    assert secret not in str(info.value)
    assert info.value.__suppress_context__


def test_no_network_is_ever_opened(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    use_bundled_public_suffix_list()  # a fresh extractor loads its suffix list offline
    r = scrubber.scrub("mail ann@example.co.uk or bob@startup.io, see https://docs.example.com/a")
    assert r.pii == {"EMAIL_ADDRESS": 2, "URL": 1}
