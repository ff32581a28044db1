"""Defensive parsing of LLM replies and the Self-Instruct filters."""

from __future__ import annotations

import pytest

from instructflow.agents.synthesize import filters as f
from instructflow.agents.synthesize import parse


def test_instruction_list_in_many_shapes():
    reply = ("Plan a budget for a student.\n10. Explain why sleep matters for memory.\n"
             "**11.** Suggest three hobbies for retirees\n12) Compare tea and coffee for focus.\n\n")
    assert parse.parse_instructions(reply, 9) == [
        "Plan a budget for a student.", "Explain why sleep matters for memory.",
        "Suggest three hobbies for retirees", "Compare tea and coffee for focus."]


def test_instruction_list_skips_copied_demonstrations_and_fences():
    reply = "```\n1. Old task one\n2. Old task two\n9. New task about gardens\n```"
    assert parse.parse_instructions(reply, 9) == ["New task about gardens"]


@pytest.mark.parametrize("garbage", ["", "   ", "\x00\x01\x02\x03", "```\n```"])
def test_garbage_gives_nothing(garbage: str):
    assert parse.parse_instructions(garbage, 9) == []
    assert parse.parse_input_first(garbage) == []
    assert parse.parse_output_first(garbage) == []
    assert parse.parse_score(garbage) is None


def test_yes_no():
    assert parse.parse_yes_no("1. Yes\n2. no.\n3. maybe\n", 4) == [True, False, None, None]
    assert parse.parse_yes_no("Yes", 1) == [True]
    assert parse.parse_yes_no("1. 예\n2. 아니오", 2) == [True, False]


def test_input_first_examples():
    reply = "Example 1\nInput: 2 + 2\nOutput: 4\nExample 2\nOutput: Just an answer.\n\nExample 3\nInput: none"
    assert parse.parse_input_first(reply) == [parse.Example("2 + 2", "4"), parse.Example("", "Just an answer.")]
    ko = "예시 1\n입력: 달걀, 밥\n출력: 달걀볶음밥을 만드세요."
    assert parse.parse_input_first(ko) == [parse.Example("달걀, 밥", "달걀볶음밥을 만드세요.")]


def test_output_first_examples():
    reply = "Class label: Positive\nInput: Great phone.\nClass label: Negative\nInput: Broke in a day.\nline two"
    assert parse.parse_output_first(reply) == [parse.Example("Great phone.", "Positive"),
                                               parse.Example("Broke in a day.\nline two", "Negative")]


def test_score():
    assert parse.parse_score("Score: 10") == 1.0
    assert parse.parse_score("I'd say 7/10.") == pytest.approx(6 / 9, abs=1e-4)
    assert parse.parse_score("Score: 42") is None


LIMITS = f.Limits()


@pytest.mark.parametrize(("text", "reason"), [
    ("Summarize this text.", f.TOO_SHORT),
    (" ".join(["word"] * 151), f.TOO_LONG),
    ("Draw a picture of a cat sitting on a mat.", f.BLACKLISTED),
    ("Plot the sales numbers for each month of the year.", f.BLACKLISTED),
    ("Please go to the store and buy milk for me.", f.BLACKLISTED),
    ("두 회사의 관계를 그림으로 그려 주세요 지금", f.BLACKLISTED),
    ("Write a program that sorts a list of numbers.", f.PROGRAM),
    ("- Explain why the sky is blue today.", f.PUNCTUATION),
    ("「引用」 Explain why the sky is blue today.", f.PUNCTUATION),
    ("Объясните, почему небо голубое сегодня днем.", f.WRONG_LANGUAGE),
    ("Explain why the sky is blue during the day.", ""),
    ("전세와 월세의 차이를 쉽게 설명해 주세요.", ""),
])
def test_instruction_filters(text: str, reason: str):
    assert f.instruction_reason(text, LIMITS) == reason


def test_blacklist_matches_whole_words_only():
    assert f.instruction_reason("Explain how a mapping between two sets works.", LIMITS) == ""
    assert f.instruction_reason("Suggest a profile name for my new blog.", LIMITS) == ""


def test_target_language():
    ko_only = f.Limits(languages=("ko",))
    assert f.instruction_reason("Explain why the sky is blue during the day.", ko_only) == f.WRONG_LANGUAGE


def test_instance_filters():
    assert f.instance_reason("x", "  ", LIMITS) == f.EMPTY_OUTPUT
    assert f.instance_reason("Hello  World", "hello world", LIMITS) == f.ECHO
    assert f.instance_reason("", "y" * 4001, LIMITS) == f.OUTPUT_TOO_LONG
    assert f.instance_reason("", "fine", LIMITS) == ""


# --- issue 14: boundaries, media words, Korean length, language first ------------------
# Planted once: with the blacklist back to substring matching (`any(w in text ...)`) the
# "passes" cases went red; with word_count back to len(text.split()) the Korean
# 3-eojeol instruction went red (synth_too_short).


@pytest.mark.parametrize("text", [
    "지도자의 역할과 책임을 설명해 주세요.",
    "파일럿이 되려면 어떤 준비가 필요한지 알려 주세요.",
    "그림자가 생기는 원리를 초등학생에게 설명해 주세요.",
    "Implement a hash map with open addressing in Python.",
    "Explain how a mapping between two sets works.",
    "다음 글을 요약하세요.",
    "그리고 그 결과를 한 문장으로 정리해 주세요.",
])
def test_blacklist_on_boundaries_and_korean_length_pass(text: str):
    assert f.instruction_reason(text, LIMITS) == ""


@pytest.mark.parametrize("text", [
    "Describe what is happening in this photo of a beach.",
    "Summarize the YouTube clip about climate change.",
    "Look at the screenshot and tell me what the error is.",
    "Edit the video so that it is shorter than one minute.",
    "첨부한 스크린샷을 보고 오류 원인을 알려 주세요.",
    "이 동영상의 내용을 세 줄로 요약해 주세요.",
    "이 사진에 나온 사람의 표정을 설명해 주세요.",
    "회사의 조직도를 그려 주세요 자세하게.",
    "지도를 보고 가장 빠른 길을 찾아 주세요.",
])
def test_media_words_are_blacklisted(text: str):
    assert f.instruction_reason(text, LIMITS) == f.BLACKLISTED


@pytest.mark.parametrize("text", [
    "次の文章を三行で要約してください。",  # Japanese: wrong language, not too short
    "Explica por qué el cielo es azul durante el día.",
    "Erkläre, warum der Himmel am Tag blau ist.",
    "Giải thích tại sao bầu trời có màu xanh vào ban ngày.",
])
def test_other_languages_are_wrong_language(text: str):
    assert f.instruction_reason(text, LIMITS) == f.WRONG_LANGUAGE
