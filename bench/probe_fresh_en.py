"""An outside grader's English PII probe: planted values in varied carriers, scored on the scrubber.

    .venv/bin/python bench/probe_fresh_en.py [--n 12] [--seed 17] [--leaks 40] [--clean] [--json out.json]

Written without the project's own generators (evaluation/pii_probe.py, pii_forms.py, names.py):
values come from Faker's en_US/en_GB/en_AU/en_CA providers and from the small generators below
(Luhn cards over 12-19 digits, romanized Korean names, phone layouts people type, US/UK/CA/AU
addresses); every value is planted into one of 60+ carriers (e-mails, signatures, chat lines,
support tickets, meeting notes, CSV rows, JSON, markdown) and wrapped in punctuation, quotes,
brackets or markdown.

Per kind and form it prints
* recall: the value no longer appears in the scrubbed text ("value gone");
* full: every letter and digit of the value lies inside a detected span ("full coverage");
and the list of leaks (text, then what the scrubber left).

``--clean`` also runs the scrubber over English text nobody here wrote: the descriptions of the
installed packages (site-packages ``*.dist-info/METADATA``), Python stdlib docstrings and
../shared/data (SQuAD contexts, MNLI premises, GSM8K questions). It prints, per source, the
sentences that got any placeholder, to judge by hand (``--flagged FILE`` writes all of them).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import os
import random
import re
import string
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

LOCALES = ("en_US", "en_GB", "en_AU", "en_CA")


@dataclass(frozen=True)
class Case:
    kind: str
    form: str
    text: str
    value: str
    start: int  # where the value sits in text

    @property
    def end(self) -> int:
        return self.start + len(self.value)


# -- value generators ---------------------------------------------------------------------------


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


CARD_BRANDS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "visa16": (("4",), (16,)),
    "visa19": (("4",), (19,)),
    "visa13": (("4",), (13,)),
    "mc_5series": (("51", "52", "53", "54", "55"), (16,)),
    "mc_2series": (("2221", "2300", "2500", "2699", "2720"), (16,)),
    "amex": (("34", "37"), (15,)),
    "discover": (("6011", "644", "65"), (16, 19)),
    "jcb15": (("1800", "2131"), (15,)),
    "jcb16": (("3528", "3550", "3589"), (16,)),
    "maestro": (("5018", "5020", "5038", "6304", "6759", "6761", "6763"), (12, 13, 15, 16, 18, 19)),
    "diners": (("300", "305", "36", "38"), (14,)),
    "unionpay": (("62",), (16, 17, 18, 19)),
}


def group_card(number: str, sep: str) -> str:
    if sep == "":
        return number
    if (len(number) == 15 and number[:2] in ("34", "37")) or len(number) == 14:
        parts = [number[:4], number[4:10], number[10:]]
    else:
        parts = [number[i : i + 4] for i in range(0, len(number), 4)]
    return sep.join(parts)


def card(rng: random.Random) -> tuple[str, str]:
    brand = rng.choice(list(CARD_BRANDS))
    prefixes, lengths = CARD_BRANDS[brand]
    number = luhn_complete(rng.choice(prefixes), rng.choice(lengths), rng)
    sep = rng.choice(["", " ", "-"])
    return f"{brand}/{'none' if not sep else 'space' if sep == ' ' else 'dash'}", group_card(number, sep)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def us_phone(rng: random.Random) -> tuple[str, str]:
    area = str(rng.randint(201, 989))
    while area[1] == "1" or area.endswith("11"):
        area = str(rng.randint(201, 989))
    ex = str(rng.randint(200, 999))
    line = _digits(rng, 4)
    ext = str(rng.randint(1, 9999))
    forms = {
        "paren": f"({area}) {ex}-{line}",
        "dash": f"{area}-{ex}-{line}",
        "dots": f"{area}.{ex}.{line}",
        "spaces": f"{area} {ex} {line}",
        "plain10": f"{area}{ex}{line}",
        "plus1_space": f"+1 {area} {ex} {line}",
        "plus1_dash": f"+1-{area}-{ex}-{line}",
        "plus1_paren_ext": f"+1 ({area}) {ex}-{line} ext. {ext}",
        "dash_x": f"{area}-{ex}-{line} x{ext}",
        "dash_ext": f"{area}-{ex}-{line} ext {ext}",
        "paren_extension": f"({area}) {ex}-{line}, extension {ext}",
        "001": f"001-{area}-{ex}-{line}",
        "1dash": f"1-{area}-{ex}-{line}",
        "1paren": f"1 ({area}) {ex}-{line}",
        "dots_plus1": f"+1.{area}.{ex}.{line}",
        "hash_ext": f"{area}.{ex}.{line} #{ext}",
    }
    form = rng.choice(list(forms))
    return f"us/{form}", forms[form]


def uk_phone(rng: random.Random) -> tuple[str, str]:
    mob = "7" + _digits(rng, 3)
    rest6 = _digits(rng, 6)
    london = _digits(rng, 4) + " " + _digits(rng, 4)
    forms = {
        "mobile": f"0{mob} {rest6}",
        "mobile_plus44": f"+44 {mob} {rest6}",
        "mobile_plus44_0": f"+44 (0){mob} {rest6}",
        "london": f"020 {london}",
        "london_plus44": f"+44 20 {london}",
        "manchester": f"0161 {_digits(rng, 3)} {_digits(rng, 4)}",
        "mobile_plain": f"0{mob}{rest6}",
        "0044": f"0044 {mob} {rest6}",
        "london_ext": f"020 {london} ext. {rng.randint(10, 999)}",
    }
    form = rng.choice(list(forms))
    return f"uk/{form}", forms[form]


def intl_phone(rng: random.Random) -> tuple[str, str]:
    forms = {
        "au_landline": f"(0{rng.choice('2378')}) {_digits(rng, 4)} {_digits(rng, 4)}",
        "au_mobile": f"04{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}",
        "au_plus61": f"+61 {rng.choice('2378')} {_digits(rng, 4)} {_digits(rng, 4)}",
        "de": f"+49 30 {_digits(rng, 8)}",
        "fr": f"+33 1 {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}",
        "in": f"+91 {rng.choice('6789')}{_digits(rng, 4)} {_digits(rng, 5)}",
        "ie": f"+353 1 {_digits(rng, 3)} {_digits(rng, 4)}",
        "nz": f"+64 21 {_digits(rng, 3)} {_digits(rng, 4)}",
        "kr": f"+82 10-{_digits(rng, 4)}-{_digits(rng, 4)}",
        "ca_intl": f"+1 (416) {rng.randint(200, 999)}-{_digits(rng, 4)}",
    }
    form = rng.choice(list(forms))
    return f"intl/{form}", forms[form]


def ssn(rng: random.Random, fake: Faker) -> tuple[str, str]:
    value = fake.ssn()
    form = rng.choice(["dash", "space", "none"])
    if form == "space":
        value = value.replace("-", " ")
    elif form == "none":
        value = value.replace("-", "")
    return form, value


def ipv4(rng: random.Random, fake: Faker) -> tuple[str, str]:
    form = rng.choice(["public", "private", "with_port"])
    if form == "public":
        return form, fake.ipv4_public()
    if form == "private":
        return form, fake.ipv4_private()
    return form, f"{fake.ipv4_public()}:{rng.choice([22, 443, 8080, 3389])}"


def ipv6(rng: random.Random, fake: Faker) -> tuple[str, str]:
    form = rng.choice(["full", "compressed", "link_local", "upper"])
    full = fake.ipv6()
    if form == "full":
        return form, full
    groups = full.split(":")
    if form == "compressed":
        return form, ":".join(groups[:3]) + "::" + groups[-1]
    if form == "link_local":
        return form, "fe80::" + ":".join(groups[-3:])
    return form, full.upper()


def email(rng: random.Random, fake: Faker) -> tuple[str, str]:
    first, last = fake.first_name().lower(), fake.last_name().lower().replace("'", "")
    form = rng.choice(["plain", "plus", "subdomain", "dotted_upper", "digits", "free"])
    if form == "plain":
        return form, fake.email()
    if form == "plus":
        return (
            form,
            f"{first}.{last}+{rng.choice(['newsletter', 'billing', 'gh', 'work2024'])}@{fake.free_email_domain()}",
        )
    if form == "subdomain":
        return (
            form,
            (
                f"{first[0]}{last}@{rng.choice(['eng', 'mail', 'corp', 'lab'])}"
                f".{fake.domain_word()}.{rng.choice(['co.uk', 'com.au', 'ca', 'org', 'io'])}"
            ),
        )
    if form == "dotted_upper":
        return form, f"{first.capitalize()}.{last.capitalize()}@{fake.domain_name()}"
    if form == "digits":
        return form, f"{first}{last}{rng.randint(1, 99)}@{fake.free_email_domain()}"
    return form, fake.free_email()


def passport(rng: random.Random, fake: Faker) -> tuple[str, str]:
    forms = {
        "us_9digit": _digits(rng, 9),
        "us_letter8": rng.choice("ACEFHJKLMNPRSTUVWXYZ") + _digits(rng, 8),
        "uk_9digit": _digits(rng, 9),
        "ca_2letter6": "".join(rng.choice(string.ascii_uppercase) for _ in range(2)) + _digits(rng, 6),
        "au_letter7": rng.choice("NPEM") + _digits(rng, 7),
        "faker": fake.passport_number(),
    }
    form = rng.choice(list(forms))
    return form, forms[form]


def driver_licence(rng: random.Random, fake: Faker) -> tuple[str, str]:
    last = re.sub(r"[^A-Z]", "", fake.last_name().upper()) + "99999"
    forms = {
        "ca_letter7": rng.choice(string.ascii_uppercase) + _digits(rng, 7),
        "ny_9digit": _digits(rng, 9),
        "ny_spaced": f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
        "fl_dashed": (
            f"{rng.choice(string.ascii_uppercase)}{_digits(rng, 3)}-{_digits(rng, 3)}"
            f"-{_digits(rng, 2)}-{_digits(rng, 3)}-{_digits(rng, 1)}"
        ),
        "tx_8digit": _digits(rng, 8),
        "il_dashed": f"{rng.choice(string.ascii_uppercase)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
        "uk_dvla": (
            f"{last[:5]}{_digits(rng, 6)}{rng.choice(string.ascii_uppercase)}"
            f"{rng.choice(string.ascii_uppercase)}{_digits(rng, 1)}{rng.choice(string.ascii_uppercase)}"
            f"{rng.choice(string.ascii_uppercase)}"
        ),
        # Washington's legacy 12 characters: surname (padded with *), first and middle initials,
        # 3 digits, 2 check characters
        "wa_12char": (
            f"{(last.rstrip('9') + '*****')[:5]}{rng.choice(string.ascii_uppercase)}"
            f"{rng.choice(string.ascii_uppercase)}{_digits(rng, 3)}{rng.choice(string.ascii_uppercase + string.digits)}"
            f"{rng.choice(string.ascii_uppercase)}"
        ),
    }
    form = rng.choice(list(forms))
    return form, forms[form]


IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "en_IE")


def iban(rng: random.Random, fakers: dict[str, Faker]) -> tuple[str, str]:
    loc = rng.choice(IBAN_LOCALES)
    value = fakers[loc].iban()
    form = rng.choice(["compact", "grouped"])
    if form == "grouped":
        value = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return f"{value[:2]}/{form}", value


# -- names ----------------------------------------------------------------------------------------

APOSTROPHE = ["O'Neil", "O'Brien", "O'Connor", "D'Souza", "O'Sullivan", "D'Arcy", "O'Hara", "N'Diaye"]
MAC = ["McDonald", "MacLeod", "McIntyre", "MacKenzie", "McAllister", "McGregor", "MacDougall", "McCarthy"]
PARTICLE = [
    "van der Berg",
    "van Dijk",
    "de la Cruz",
    "von Trapp",
    "van den Broek",
    "de Vries",
    "da Silva",
    "di Marco",
    "le Roux",
]
KO_SURNAMES = [
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
    "Baek",
]
KO_SYLLABLES = [
    "ji",
    "min",
    "seo",
    "yeon",
    "woo",
    "hyun",
    "jun",
    "soo",
    "eun",
    "young",
    "hee",
    "jin",
    "ho",
    "na",
    "ah",
    "yun",
    "bin",
    "hye",
    "kyung",
    "sung",
    "dong",
    "jae",
    "hoon",
    "seung",
    "ye",
    "da",
    "ha",
    "yu",
    "won",
    "chan",
    "hwa",
    "mi",
    "sook",
    "tae",
    "gyu",
]


def english_name(rng: random.Random, fakers: dict[str, Faker]) -> tuple[str, str, str]:
    """(form, value-as-written, the part that must go). For a title form only the surname must go."""
    fake = fakers[rng.choice(LOCALES)]
    first, last = fake.first_name(), fake.last_name()
    middle = fake.first_name()
    form = rng.choice(
        [
            "title",
            "lower",
            "caps",
            "surname_comma",
            "surname_comma_caps",
            "initials",
            "initials_tight",
            "dr_surname",
            "mrs_surname",
            "mr_full",
            "hyphen_surname",
            "hyphen_given",
            "apostrophe",
            "mac",
            "particle",
            "middle_initial",
            "first_only_greeting",
            "three_part",
        ]
    )
    if form == "title":
        v = f"{first} {last}"
    elif form == "lower":
        v = f"{first} {last}".lower()
    elif form == "caps":
        v = f"{first} {last}".upper()
    elif form == "surname_comma":
        v = f"{last}, {first}"
    elif form == "surname_comma_caps":
        v = f"{last.upper()}, {first}"
    elif form == "initials":
        v = f"{first[0]}. {middle[0]}. {last}"
    elif form == "initials_tight":
        v = f"{first[0]}.{middle[0]}. {last}"
    elif form == "dr_surname":
        return form, f"{rng.choice(['Dr.', 'Dr', 'Prof.', 'Professor'])} {last}", last
    elif form == "mrs_surname":
        return form, f"{rng.choice(['Mrs', 'Mrs.', 'Ms', 'Ms.', 'Miss', 'Mr.', 'Mr'])} {last}", last
    elif form == "mr_full":
        v = f"{rng.choice(['Mr.', 'Ms.', 'Dr.', 'Mx.'])} {first} {last}"
        return form, v, f"{first} {last}"
    elif form == "hyphen_surname":
        v = f"{first} {last}-{fake.last_name()}"
    elif form == "hyphen_given":
        v = f"{rng.choice(['Anne-Marie', 'Jean-Luc', 'Mary-Kate', 'Lily-Rose', 'Jo-Anne', 'Billy-Joe'])} {last}"
    elif form == "apostrophe":
        v = f"{first} {rng.choice(APOSTROPHE)}"
    elif form == "mac":
        v = f"{first} {rng.choice(MAC)}"
    elif form == "particle":
        v = f"{first} {rng.choice(PARTICLE)}"
    elif form == "middle_initial":
        v = f"{first} {middle[0]}. {last}"
    elif form == "first_only_greeting":
        return form, first, first
    else:
        v = f"{first} {middle} {last}"
    return form, v, v


def korean_roman_name(rng: random.Random) -> tuple[str, str]:
    sur = rng.choice(KO_SURNAMES)
    a, b = rng.sample(KO_SYLLABLES, 2)
    form = rng.choice(
        [
            "sur_hyphen",
            "sur_joined",
            "sur_spaced",
            "caps_spaced",
            "given_first",
            "lower_given_first",
            "caps_hyphen",
            "given_first_hyphen",
        ]
    )
    if form == "sur_hyphen":
        return form, f"{sur} {a.capitalize()}-{b}"
    if form == "sur_joined":
        return form, f"{sur} {(a + b).capitalize()}"
    if form == "sur_spaced":
        return form, f"{sur} {a.capitalize()} {b.capitalize()}"
    if form == "caps_spaced":
        return form, f"{sur} {a} {b}".upper()
    if form == "given_first":
        return form, f"{(a + b).capitalize()} {sur}"
    if form == "lower_given_first":
        return form, f"{a}{b} {sur.lower()}"
    if form == "caps_hyphen":
        return form, f"{sur.upper()} {a.upper()}-{b.upper()}"
    return form, f"{a.capitalize()}-{b} {sur}"


# -- addresses ------------------------------------------------------------------------------------

US_UNITS = ["Apt {n}", "Apt. {n}B", "Suite {n}", "Ste {n}", "Unit {n}", "#{n}", "Floor {f}", "Rm {n}"]
US_SUFFIXES = [
    "St",
    "Street",
    "Ave",
    "Avenue",
    "Rd",
    "Road",
    "Blvd",
    "Dr",
    "Drive",
    "Ln",
    "Lane",
    "Ct",
    "Way",
    "Pl",
    "Terrace",
    "Hwy",
]


def us_address(rng: random.Random, fake: Faker) -> tuple[str, str]:
    city, state, zip5 = fake.city(), fake.state_abbr(include_territories=False), fake.zipcode()
    street = (
        f"{rng.randint(1, 9999)} {rng.choice(['N ', 'S ', 'E ', 'W ', ''])}{fake.last_name()} {rng.choice(US_SUFFIXES)}"
    )
    unit = rng.choice(US_UNITS).format(n=rng.randint(1, 1200), f=rng.randint(2, 40))
    zip4 = f"{zip5}-{_digits(rng, 4)}"
    sep = rng.choice([", ", "\n"])
    forms = {
        "unit": f"{street} {unit}{sep}{city}, {state} {zip5}",
        "unit_comma": f"{street}, {unit}{sep}{city}, {state} {zip5}",
        "zip4": f"{street}{sep}{city}, {state} {zip4}",
        "po_box": (
            f"{rng.choice(['PO Box', 'P.O. Box', 'P. O. Box', 'POB'])} {rng.randint(1, 99999)}"
            f"{sep}{city}, {state} {zip5}"
        ),
        "rural_route": (
            f"{rng.choice(['RR', 'Rural Route', 'RR#'])} {rng.randint(1, 9)}"
            f" Box {rng.randint(1, 999)}{sep}{city}, {state} {zip5}"
        ),
        "faker": fake.address(),
        "full_state": f"{street}, {city}, {fake.state()} {zip5}",
        "hc": f"HC {rng.randint(1, 80)} Box {rng.randint(1, 999)}, {city}, {state} {zip4}",
    }
    form = rng.choice(list(forms))
    return f"us/{form}", forms[form]


def uk_address(rng: random.Random, fake: Faker) -> tuple[str, str]:
    sep = rng.choice([", ", "\n"])
    forms = {
        "faker": fake.address(),
        "flat": (
            f"Flat {rng.randint(1, 40)}, {rng.randint(1, 300)} {fake.last_name()}"
            f" {rng.choice(['Road', 'Street', 'Lane', 'Close', 'Gardens', 'Crescent', 'Mews'])}"
            f"{sep}{fake.city()}{sep}{fake.postcode()}"
        ),
        "house_name": (
            f"{rng.choice(['Rose Cottage', 'The Old Rectory', 'Ivy House', 'Mill Farm'])}"
            f"{sep}{fake.last_name()} Lane{sep}{fake.city()} {fake.postcode()}"
        ),
        "county": (
            f"{rng.randint(1, 300)} {fake.street_name()}{sep}{fake.city()}{sep}{fake.county()}{sep}{fake.postcode()}"
        ),
    }
    form = rng.choice(list(forms))
    return f"uk/{form}", forms[form]


def ca_address(rng: random.Random, fake: Faker) -> tuple[str, str]:
    forms = {
        "faker": fake.address(),
        "unit_dash": (
            f"{rng.randint(1, 2500)}-{rng.randint(1, 9999)} {fake.street_name()}"
            f", {fake.city()}, {fake.province_abbr()} {fake.postalcode()}"
        ),
        "one_line": f"{fake.street_address()}, {fake.city()} {fake.province_abbr()}  {fake.postalcode()}",
    }
    form = rng.choice(list(forms))
    return f"ca/{form}", forms[form]


def au_address(rng: random.Random, fake: Faker) -> tuple[str, str]:
    forms = {
        "faker": fake.address(),
        "unit_slash": (
            f"{rng.randint(1, 40)}/{rng.randint(1, 300)} {fake.street_name()}"
            f", {fake.city()} {fake.state_abbr()} {fake.postcode()}"
        ),
        "unit_word": (
            f"Unit {rng.randint(1, 40)}, {rng.randint(1, 300)} {fake.last_name()}"
            f" {rng.choice(['Street', 'Parade', 'Crescent', 'Road', 'Avenue'])}"
            f"\n{fake.city().upper()} {fake.state_abbr()} {fake.postcode()}"
        ),
        "po_box": f"PO Box {rng.randint(1, 9999)}, {fake.city()} {fake.state_abbr()} {fake.postcode()}",
    }
    form = rng.choice(list(forms))
    return f"au/{form}", forms[form]


# -- carriers -------------------------------------------------------------------------------------
# {v} is the value. Each kind draws from its own carriers plus the generic ones.

GENERIC = [
    "Please update the record: {v}.",
    "FYI — {v} (see attached).",
    "Can you double-check {v}? Something looks off.",
    "> {v}\nThat's what the form said.",
    "| field | value |\n|---|---|\n| contact | {v} |",
    "Note to self: {v}",
    "- {v}\n- pending review",
    "Re: your question — it's {v}, I think.",
    "[{v}]",
    "Copied from the old system:\n```\n{v}\n```",
]

NAME_CARRIERS = [
    "Hi {v},\n\nThanks for getting back to me so quickly. I'll send the contract tomorrow.",
    "Dear {v}, your order has shipped and should arrive within 3-5 business days.",
    "Best regards,\n{v}\nSenior Account Manager",
    "Cheers,\n{v}\nSent from my iPhone",
    "[10:42] {v}: can someone send me the Q3 deck?",
    "<{v}> lol yeah the build is broken again",
    "hi im {v} and i forgot my password",
    "Ticket #48213 opened by {v}: printer on floor 3 keeps jamming.",
    "Assigned to: {v}\nPriority: High\nStatus: Open",
    "Attendees: {v}, plus the vendor team.\nAction items: follow up on pricing.",
    "Meeting notes 12/03 — {v} will draft the proposal by Friday.",
    "ACTION: {v} to chase the invoice.",
    "1042,{v},Sales,2021-03-01,active",
    "id;name;dept\n77;{v};Finance",
    '{{"customer": "{v}", "tier": "gold", "active": true}}',
    '{{"assignee": {{"name": "{v}"}}, "points": 3}}',
    "The patient, {v}, was admitted on Tuesday with chest pain.",
    "I spoke with {v} yesterday about the lease renewal.",
    "Could you ask {v} whether the shipment cleared customs?",
    "Signed: {v}",
    "cc: {v}",
    "Thanks again, {v}!",
    "My name is {v} and I'm writing to dispute a charge.",
    "Customer {v} called twice about the refund.",
    "**Owner:** {v}",
    "Reviewed-by: {v}",
    "Please welcome {v} to the team!",
    '"{v}" is listed as the emergency contact.',
    "(contact: {v})",
    "this is {v} from accounts, quick question",
    "Great talk today, {v}. Let's sync next week.",
    "Applicant: {v}\nPosition: Data Analyst",
]

ID_CARRIERS = {
    "PHONE": [
        "Call me on {v} after 6pm.",
        "Phone: {v}",
        "You can reach our office at {v}.",
        "tel {v}",
        "Mobile ({v}) — text preferred",
        'Contact number: "{v}"',
        "ring {v} if the gate is locked",
        "Support line **{v}** is open 24/7.",
    ],
    "SSN": [
        "SSN: {v}",
        "My social security number is {v}.",
        "Social Security No. ({v}) on the W-2 is wrong.",
        "ssn={v}",
        'Please verify SSN "{v}" before payroll runs.',
    ],
    "CARD": [
        "Card number: {v}",
        "Charge it to {v}, exp 09/27.",
        "cc# {v}",
        "The card ending in the number {v} was declined.",
        "Payment method: `{v}`",
        "I paid with my card {v} yesterday.",
    ],
    "IP": [
        "Blocked login from {v} at 03:14 UTC.",
        "ssh admin@{v}",
        "Server IP: {v}",
        "GET /api/v2/users 200 from {v}",
        "Whitelist ({v}) on the firewall please.",
    ],
    "EMAIL": [
        "Email me at {v}.",
        "Contact: <{v}>",
        "mailto:{v}",
        "Reply-To: {v}",
        "send it to {v}, thanks!",
        'From: "Support" <{v}>',
    ],
    "PASSPORT": [
        "Passport number: {v}",
        "My passport no. is {v}.",
        "passport # {v} (expires 2031)",
        'Please enter the passport number "{v}" in the booking.',
        "Passport: {v}\nNationality: Canadian",
        "I renewed my passport last month, the new number is {v}.",
    ],
    "DRIVER_LICENSE": [
        "Driver's license number: {v}",
        "DL# {v}",
        "My driving licence number is {v}.",
        "Licence no. ({v}) expired last month.",
        "driver license {v}, class C",
        "Can you check DL {v} against the DMV record?",
    ],
    "IBAN": [
        "IBAN: {v}",
        "Please wire the deposit to {v}.",
        "Bank details — IBAN {v}, BIC DEUTDEFF",
        "Our account (IBAN: {v}) changed in March.",
    ],
    "ADDRESS": [
        "Ship to:\n{v}",
        "Our new office is at {v}.",
        "Mailing address: {v}",
        "Deliver to {v} — leave at the door.",
        "Billing address\n{v}\n\nThank you for your order!",
        "I moved to {v} last year.",
        "Return address: {v}",
    ],
}

WRAPS = [
    ("", ""),
    ("", ""),
    ("", ""),
    ('"', '"'),
    ("'", "'"),
    ("(", ")"),
    ("[", "]"),
    ("**", "**"),
    ("`", "`"),
    ("<", ">"),
    ("", "."),
    ("", ","),
    ("", ";"),
    ("", "!"),
    ("", "?"),
    ("“", "”"),
    ("_", "_"),
]


def plant(carrier: str, value: str, wrap: tuple[str, str]) -> tuple[str, int]:
    marker = "\x00"
    text = carrier.replace("{v}", marker).replace("{{", "{").replace("}}", "}")
    left, right = wrap
    i = text.index(marker)
    text = text[:i] + left + value + right + text[i + 1 :]
    return text, i + len(left)


def build_cases(n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in (*LOCALES, *IBAN_LOCALES)}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed + i)
    us, gb, au, ca = (fakers[loc] for loc in LOCALES)
    cases: list[Case] = []

    def add(kind: str, form: str, value: str, carriers: list[str], wrap: bool = True, must: str | None = None) -> None:
        carrier = rng.choice(carriers)
        # markdown/quote wraps make no sense inside JSON/CSV carriers' own quoting; keep them plain
        w = rng.choice(WRAPS) if wrap and '"{v}"' not in carrier and "{{" not in carrier else ("", "")
        text, start = plant(carrier, value, w)
        if must is not None and must != value:
            start += value.index(must)
            value = must
        cases.append(Case(kind, form, text, value, start))

    makers = {
        "PHONE": lambda: rng.choice([us_phone, us_phone, uk_phone, intl_phone])(rng),
        "SSN": lambda: ssn(rng, us),
        "CARD": lambda: card(rng),
        "IP": lambda: (
            (lambda f: (f"v4/{f[0]}", f[1]))(ipv4(rng, us))
            if rng.random() < 0.6
            else (lambda f: (f"v6/{f[0]}", f[1]))(ipv6(rng, us))
        ),
        "EMAIL": lambda: email(rng, rng.choice([us, gb, au, ca])),
        "PASSPORT": lambda: passport(rng, rng.choice([us, gb, au, ca])),
        "DRIVER_LICENSE": lambda: driver_licence(rng, rng.choice([us, gb])),
        "IBAN": lambda: iban(rng, fakers),
        "ADDRESS": lambda: _address(rng, us, gb, ca, au),
    }
    per_kind_rounds = {"PHONE": 8, "CARD": 10, "ADDRESS": 10, "IP": 4, "EMAIL": 4}
    for kind, make in makers.items():
        for _ in range(n * per_kind_rounds.get(kind, 3)):
            form, value = make()
            # An unlabelled "M9564464" is a passport to nobody: document numbers go in labelled carriers.
            generic = [] if kind in ("PASSPORT", "DRIVER_LICENSE") else GENERIC[:3] if kind == "ADDRESS" else GENERIC
            carriers = ID_CARRIERS[kind] + generic
            # a port after an IP identifies a service, not a person: only the address must go
            add(kind, form, value, carriers, must=value.rsplit(":", 1)[0] if form == "v4/with_port" else None)
    for _ in range(n * 18):
        form, value, must = english_name(rng, fakers)
        carriers = NAME_CARRIERS + GENERIC
        if form == "lower":
            carriers = [c for c in carriers if "{v}" in c]
        add("PERSON_EN", form, value, carriers, must=must)
    for _ in range(n * 8):
        form, value = korean_roman_name(rng)
        add("PERSON_KO_ROMAN", form, value, NAME_CARRIERS + GENERIC)
    return cases


def _address(rng: random.Random, us: Faker, gb: Faker, ca: Faker, au: Faker) -> tuple[str, str]:
    which = rng.choice(["us", "us", "uk", "ca", "au"])
    if which == "us":
        return us_address(rng, us)
    if which == "uk":
        return uk_address(rng, gb)
    if which == "ca":
        return ca_address(rng, ca)
    return au_address(rng, au)


# -- scoring --------------------------------------------------------------------------------------


def score(cases: list[Case], scrubber) -> tuple[dict, list[tuple[Case, str]]]:
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    leaks: list[tuple[Case, str]] = []
    for case in cases:
        spans = [(f.start, f.end) for f in scrubber.analyze(case.text)]
        out = scrubber.scrub(case.text).text
        gone = case.value not in out
        covered = all(
            not ch.isalnum() or any(s <= i < e for s, e in spans)
            for i, ch in zip(range(case.start, case.end), case.value, strict=True)
        )
        row = stats[(case.kind, case.form.split("/")[0] if case.kind in ("CARD",) else case.form)]
        row[0] += 1
        row[1] += gone
        row[2] += covered
        if not covered:
            leaks.append((case, out))
    return stats, leaks


def report(cases: list[Case], scrubber, n_leaks: int) -> dict:
    t0 = time.perf_counter()
    stats, leaks = score(cases, scrubber)
    dt = time.perf_counter() - t0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'kind':16} {'form':26} {'n':>4} {'recall':>7} {'full':>7}")
    for (kind, form), (n, g, c) in sorted(stats.items()):
        k = per_kind[kind]
        k[0] += n
        k[1] += g
        k[2] += c
        print(f"{kind:16} {form:26} {n:4d} {g / n:7.3f} {c / n:7.3f}")
    print()
    print(f"{'kind':16} {'n':>5} {'recall':>7} {'full':>7}")
    for kind, (n, g, c) in sorted(per_kind.items()):
        print(f"{kind:16} {n:5d} {g / n:7.3f} {c / n:7.3f}")
    total = [sum(v[i] for v in per_kind.values()) for i in range(3)]
    print(

            f"{'ALL':16} {total[0]:5d} {total[1] / total[0]:7.3f} {total[2] / total[0]:7.3f}"
            f"   ({len(cases) / dt:.0f} texts/s)"

    )
    print(f"\n{len(leaks)} leaks (not fully covered); first {n_leaks}:")
    for case, out in leaks[:n_leaks]:
        print(f"  [{case.kind}/{case.form}] value={case.value!r}\n     in: {case.text!r}\n    out: {out!r}")
    return {
        "per_form": {
            f"{k}/{f}": {"n": n, "recall": g / n, "full": c / n} for (k, f), (n, g, c) in sorted(stats.items())
        },
        "per_kind": {k: {"n": n, "recall": g / n, "full": c / n} for k, (n, g, c) in sorted(per_kind.items())},
        "leaks": [{"kind": c.kind, "form": c.form, "value": c.value, "text": c.text, "out": o} for c, o in leaks],
    }


# -- PII-free English text ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_PLACEHOLDER = re.compile(r"<([A-Z_]+)_\d+>")


def sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        out.extend(s for s in _SENTENCE_END.split(para) if 20 <= len(s) <= 400 and re.search(r"[a-z]{3}", s))
    return out


def metadata_sentences(limit: int) -> list[str]:
    site = Path(sys.prefix) / "lib"
    files = sorted(site.glob("python3*/site-packages/*.dist-info/METADATA"))
    out: list[str] = []
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        head, _, body = raw.partition("\n\n")
        summary = [line[len("Summary: ") :] for line in head.splitlines() if line.startswith("Summary: ")]
        # skip code blocks and RST/markdown markup lines: prose only
        prose = "\n".join(
            line
            for line in body.splitlines()
            if not line.startswith(("    ", "\t", "```", ">>>", "..", "|", "#", "=", "-", "*", "[!", "<"))
        )
        out.extend(sentences("\n\n".join(summary) + "\n\n" + prose))
    return out[:limit]


STDLIB = [
    "json",
    "os",
    "re",
    "collections",
    "functools",
    "itertools",
    "pathlib",
    "argparse",
    "logging",
    "subprocess",
    "threading",
    "asyncio",
    "email",
    "http.client",
    "urllib.request",
    "csv",
    "datetime",
    "decimal",
    "fractions",
    "statistics",
    "random",
    "string",
    "textwrap",
    "difflib",
    "shutil",
    "tempfile",
    "zipfile",
    "tarfile",
    "socket",
    "ssl",
    "unittest",
    "doctest",
    "inspect",
    "typing",
    "dataclasses",
    "enum",
    "contextlib",
    "heapq",
    "bisect",
    "array",
    "struct",
    "codecs",
    "locale",
    "gettext",
    "calendar",
    "time",
    "smtplib",
    "imaplib",
    "ftplib",
    "xml.dom.minidom",
    "xml.etree.ElementTree",
    "html.parser",
    "sqlite3",
    "pickle",
    "copy",
    "pprint",
    "reprlib",
    "weakref",
    "abc",
    "numbers",
    "math",
    "cmath",
    "hashlib",
    "hmac",
    "secrets",
    "uuid",
    "ipaddress",
    "mailbox",
    "mimetypes",
    "base64",
    "binascii",
    "quopri",
    "platform",
    "sysconfig",
    "configparser",
    "tomllib",
    "netrc",
    "plistlib",
    "getpass",
    "curses",
    "cProfile",
    "pstats",
    "timeit",
    "trace",
    "tracemalloc",
    "gc",
    "ast",
    "dis",
    "tokenize",
    "pydoc",
    "zoneinfo",
    "graphlib",
    "wave",
    "colorsys",
]


def stdlib_sentences(limit: int) -> list[str]:
    out: list[str] = []
    for name in STDLIB:
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        docs = [module.__doc__ if isinstance(module.__doc__, str) else ""]
        for attr in sorted(vars(module)):
            obj = getattr(module, attr, None)
            if callable(obj) and getattr(obj, "__module__", None) == module.__name__:
                doc = getattr(obj, "__doc__", None)
                docs.append(doc if isinstance(doc, str) else "")
        for doc in docs:
            prose = "\n".join(line for line in doc.splitlines() if not line.strip().startswith((">>>", "...")))
            out.extend(sentences(prose))
    return out[:limit]


def shared_sentences(limit: int) -> dict[str, list[str]]:
    root = Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    out: dict[str, list[str]] = {}
    squad = json.loads((root / "squad_sample.json").read_text())
    texts: list[str] = []
    for article in squad["data"]:
        for paragraph in article["paragraphs"]:
            texts.extend(sentences(paragraph["context"]))
    out["squad"] = texts[:limit]
    mnli: list[str] = []
    with (root / "mnli_sample.tsv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        cols = [header.index(c) for c in ("sentence1", "sentence2")]
        for row in reader:
            for col in cols:
                mnli.extend(sentences(row[col]))
    out["mnli"] = list(dict.fromkeys(mnli))[:limit]
    gsm: list[str] = []
    with (root / "gsm8k_test.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            gsm.extend(sentences(json.loads(line)["question"]))
    out["gsm8k"] = gsm[:limit]
    return out


def clean_check(scrubber, limit: int, flagged_path: str | None) -> dict:
    sources = {
        "pkg_metadata": metadata_sentences(limit),
        "stdlib_doc": stdlib_sentences(limit),
        **shared_sentences(limit),
    }
    result: dict[str, dict] = {}
    lines: list[str] = []
    print(f"\n{'source':14} {'sentences':>9} {'flagged':>7} {'rate':>6}  by type")
    for source, sents in sources.items():
        flagged = []
        types: dict[str, int] = defaultdict(int)
        for s in sents:
            out = scrubber.scrub(s).text
            if out != s:
                got = _PLACEHOLDER.findall(out)
                for t in set(got):
                    types[t] += 1
                flagged.append((s, out))
        result[source] = {
            "sentences": len(sents),
            "flagged": len(flagged),
            "types": dict(types),
            "examples": [{"in": s, "out": o} for s, o in flagged],
        }
        rate = len(flagged) / max(1, len(sents))
        print(f"{source:14} {len(sents):9d} {len(flagged):7d} {rate:6.1%}  {dict(sorted(types.items()))}")
        for s, o in flagged:
            lines.append(f"{source}\t{s}\t{o}")
    if flagged_path:
        Path(flagged_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=12, help="scale: values per kind = n x a per-kind factor")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--leaks", type=int, default=40, help="leaks to print")
    ap.add_argument("--clean", action="store_true", help="also the PII-free English text check")
    ap.add_argument("--clean-limit", type=int, default=1500, help="sentences per PII-free source")
    ap.add_argument("--flagged", help="write every flagged PII-free sentence (source, in, out) to this TSV")
    ap.add_argument("--json", help="write the full result as JSON")
    ap.add_argument(
        "--tree", help="score the instructflow package of this folder (e.g. a `git archive` of a base commit)"
    )
    args = ap.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
    from instructflow.agents.scrub.scrubber import Scrubber

    scrubber = Scrubber()
    cases = build_cases(args.n, args.seed)
    distinct = {
        re.sub(r"\x00", "", c) for c in (*GENERIC, *NAME_CARRIERS, *(x for v in ID_CARRIERS.values() for x in v))
    }
    print(f"{len(cases)} planted values, {len(distinct)} distinct carriers, {len(WRAPS)} wraps\n")
    result = {"probe": report(cases, scrubber, args.leaks)}
    if args.clean:
        result["clean"] = clean_check(scrubber, args.clean_limit, args.flagged)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
