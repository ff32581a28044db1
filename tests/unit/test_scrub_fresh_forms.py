"""Identifier and address forms an outside grader writes (bench/probe_fresh_en.py), each a class of
form: every letter and digit of the value must lie inside a finding, and nothing around it may be
taken with it.

Planted (2026-11-30), and restored: the scrub modules (addresses, identifiers, names_en, scrubber)
back at 24f15d3 failed all 17 coverage cases and "AB123456"; named_lines_start without its
house/street-word check failed "Hi John" and "Thanks"; "Steps" added to the AS 4590 street types
failed "3 Easy Steps". Added later (same day), with addresses.py back at b0954fc: the Australian state
postcode and the "Level" floor cases failed.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.evaluation.pii import value_left


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


def uncovered(scrubber: Scrubber, text: str, value: str) -> str:
    return value_left(lambda t: [(f.entity_type, f.start, f.end) for f in scrubber.analyze(t)], text, value)


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        # passports as Canada, Australia, Ireland print them: only next to the word
        ("Passport: (", "FA214016", ")\nNationality: Canadian"),
        ("My passport no. is ", "E5510329", "."),
        ("I renewed my passport last month, the new number is '", "UX922919", "'."),
        # licences: Illinois dashed, Washington's legacy 12 characters
        ("Licence no. (", "K200-6230-9788", ") expired last month."),
        ("Can you check DL ", "SAUNDHX0371F", ", against the DMV record?"),
        ("Licence no. (“", "JOHNS*J790BN", "”) expired last month."),
        # a NANP number after a bare trunk "1 "
        ('Contact number: "', "1 (795) 791-8457", '"'),
        # rural routes, highway contracts, POB
        ("Ship to:\n", "Rural Route 9 Box 353\nRobertsonchester, FM 88951", ""),
        ('Our new office is at "', "HC 34 Box 30, Ericfort, MD 18169-0824", '".'),
        ('Please update the record: "', "RR# 8 Box 75\nLake Ashley, AL 37453", '".'),
        ("Mailing address: ", "POB 96440\nPhillipsville, VA 77845", ""),
        # a quote, bracket or markdown closing the value closes the address, not the postcode
        ("Mailing address: “", "8305 Jones Mills Suite 681\nNew Marilyn, QC N1E 4Y1", "”"),
        ("Billing address\n[", "1831-8109 Lisa Mountain, Chambersport, SK R2B7V2", "]\n"),
        # Australian street types and unit/house numbers
        ("I moved to “", "8/124 Sean Ramble, Bellmouth NT 8197", "” last year."),
        ("Deliver to ", "3/11 Keith Anchorage, Matthewfort TAS 2624", " — leave at the door."),
        # an Australian state and its four-digit postcode; the floor before the street line
        ("FYI — ", "8/222 John Anchorage, Josephview WA 2337", " (see attached)."),
        ("Ship to:\n", "Level 0 16 Smith Place\nDuarteport, VIC, 2656", "."),
        # British house-name and unnumbered street lines before the town and postcode
        ("Return address: ", "Rose Cottage\nSmith Lane\nKathleenmouth SW3 5QH", ""),
        ("Mailing address: ", "Ivy House, Robinson Lane, Port Hilary L3E 9RX", ""),
        # ... also after a verb in prose (probe_fresh_en 7919: "Ivy" was left)
        ("Can you double-check ", "Ivy House, Morgan Lane, New Antony ZE39 4FX", "? Something looks off."),
    ],
)
def test_value_fully_covered(scrubber: Scrubber, before: str, value: str, after: str) -> None:
    assert uncovered(scrubber, before + value + after, value) == ""


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Order AB123456 shipped today.", "Order AB123456 shipped today."),  # a code: no name, no passport
        ("Hi John,\n12 Main St, Springfield, IL 62704", "Hi "),  # the greeting line is no house name
        ("Thanks,\nLondon SW1A 1AA is the office", "Thanks,\n"),
        ("Follow these 3 Easy Steps today.", "Follow these 3 Easy Steps today."),  # everyday words stay out of AS 4590
    ],
)
def test_neighbours_stay(scrubber: Scrubber, text: str, kept: str) -> None:
    findings = scrubber.analyze(text)
    start = text.index(kept)
    assert all(f.end <= start or f.start >= start + len(kept) for f in findings), [
        text[f.start : f.end] for f in findings
    ]
