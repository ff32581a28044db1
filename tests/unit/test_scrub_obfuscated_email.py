"""E-mail addresses written to dodge harvesters (agents/scrub/emails.py): the whole address goes,
user part included; "at" and "dot" in everyday text stay.

Found on real text: "lbalhar(at)redhat.com" in an installed package's description came out as
"lbalhar(at)<URL_1>". Planted (2026-12-01), and restored: without ObfuscatedEmailRecognizer in the
scrubber every must-scrub case below failed; with the bare " at " form accepted without word dots,
"Look at example.com" failed. With the gate back to three literal spellings of "dot" (session 19),
"gmail dOt com" failed.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("You can reach out to lbalhar(at)redhat.com to report it.", "lbalhar(at)redhat.com"),
        ("Write to kim.minsu [at] example [dot] co [dot] kr today", "kim.minsu [at] example [dot] co [dot] kr"),
        ("contact: jo {at} mail.co.uk.", "jo {at} mail.co.uk"),
        ("mail john at gmail dot com please", "john at gmail dot com"),
        ("JANE.DOE(AT)EXAMPLE.ORG", "JANE.DOE(AT)EXAMPLE.ORG"),
        ("hong 골뱅이 naver.com 으로 보내줘", "hong 골뱅이 naver.com"),
        ("이메일은 hong골뱅이naver.com로 보내주세요", "hong골뱅이naver.com"),
        ("제 메일 minji_92(at)daum.net입니다", "minji_92(at)daum.net"),
        ("reach me at sam <at> proton <dot> me", "sam <at> proton <dot> me"),
        # any case of "dot", as the pattern reads it (the gate once tested three spellings only)
        ("mail john at gmail dOt com please", "john at gmail dOt com"),
        ("write to ann At Mail DoT co DoT uk", "ann At Mail DoT co DoT uk"),
    ],
)
def test_whole_address_goes(scrubber: Scrubber, text: str, value: str) -> None:
    out = scrubber.scrub(text).text
    start = text.index(value)
    assert "<EMAIL_ADDRESS_1>" in out, out
    # nothing of the address is left, and nothing around it was taken
    assert out == text[:start] + "<EMAIL_ADDRESS_1>" + text[start + len(value):], out


@pytest.mark.parametrize(
    "text",
    [
        "Look at example.com for the docs.",
        "Meet me (at) noon.tomorrow, ok?",
        "The value at index dot product is undefined.",
        "x = a[at] + b.c",
        "We met at the station and walked to the dot.",
    ],
)
def test_everyday_at_and_dot_stay(scrubber: Scrubber, text: str) -> None:
    assert "EMAIL_ADDRESS" not in scrubber.scrub(text).text
